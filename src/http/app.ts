import fastifyCookie from '@fastify/cookie';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Database } from '../db/database.ts';
import { registerAuth } from './auth-hook.ts';
import { problemErrorHandler, problemFrameworkErrors, problemNotFound } from './problem.ts';
import { registerRoutes } from './routes.ts';
import { registerWebApp } from './web-app.ts';

export interface AppOptions {
  database: Database;
  /** Log requests (pino) — off in tests. */
  logger?: boolean;
  /** Largest accepted JSON body in bytes (bulk upserts of 10,000 records fit in the default). */
  bodyLimit?: number;
}

export type App = FastifyInstance;

/**
 * Build the HTTP app: REST API under /api/v1, OpenAPI 3.1 at /api/openapi.json, docs at /api/docs.
 *
 * @example
 * const app = await buildApp({ database });
 * await app.listen({ port: 3000 });
 */
export async function buildApp(options: AppOptions): Promise<App> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimit ?? 32 * 1024 * 1024,
    trustProxy: true,
    ajv: { customOptions: { removeAdditional: false } },
    frameworkErrors: problemFrameworkErrors,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(problemErrorHandler);
  app.setNotFoundHandler(problemNotFound);

  await app.register(fastifyCookie);
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'openabm API',
        version: '1',
        description:
          'Accounts, contacts, opportunities, activities and imports. Authenticate with `Authorization: Bearer <api key>`.',
      },
      components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer' } } },
      security: [{ apiKey: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () =>
    app.swagger(),
  );

  registerAuth(app, options.database);
  app.get('/health', { config: { public: true }, schema: { hide: true } }, async () => {
    await options.database.db.selectNoFrom((eb) => eb.val(1).as('ok')).execute();
    return { status: 'ok', database: options.database.kind };
  });

  await registerRoutes(app, options.database);
  await registerWebApp(app);
  await app.ready();
  return app;
}
