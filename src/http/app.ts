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
import { registerAuth } from '../auth/auth-hook.ts';
import type { Database } from '../db/database.ts';
import { problemErrorHandler, problemFrameworkErrors, problemNotFound } from '../errors/problem.ts';
import { registerRateLimits } from './rate-limits.ts';
import { registerRoutes } from './routes.ts';
import { DOCS_CSP, publicScope, registerSecurityHeaders } from './security-headers.ts';
import { resolveLimits, type SecurityLimits } from './security-limits.ts';
import { registerWebApp } from './web-app.ts';

export interface AppOptions {
  database: Database;
  /** Log requests (pino) — off in tests. */
  logger?: boolean;
  /** Largest accepted JSON body in bytes (bulk upserts of 10,000 records fit in the default). */
  bodyLimit?: number;
  /**
   * Rate limits of sign-in and the tracking endpoints; unset fields come from the environment
   * (`OPENABM_LIMIT_*`, see README) or the defaults.
   */
  limits?: Partial<SecurityLimits>;
  /**
   * Which peers' X-Forwarded-For / X-Forwarded-Proto to believe (Fastify's `trustProxy`): `true` (any),
   * `false`, or addresses and ranges such as `"loopback, 10.0.0.0/8"`. Default: `OPENABM_TRUST_PROXY`, else
   * `"loopback"` (a reverse proxy on the same machine). The client address it yields keys the rate limits.
   */
  trustProxy?: boolean | string;
}

/** `OPENABM_TRUST_PROXY`: `true`, `false`, or a comma-separated list of addresses and ranges. */
export function trustProxyFromEnv(value: string | undefined): boolean | string {
  const text = value?.trim();
  if (!text) return 'loopback';
  if (text === 'true' || text === 'false') return text === 'true';
  return text;
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
    trustProxy: options.trustProxy ?? trustProxyFromEnv(process.env.OPENABM_TRUST_PROXY),
    ajv: { customOptions: { removeAdditional: false } },
    frameworkErrors: problemFrameworkErrors,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(problemErrorHandler);
  app.setNotFoundHandler(problemNotFound);

  const limits = resolveLimits(options.limits);
  await app.register(fastifyCookie);
  // Before any route: these hooks read each route's config as it is registered.
  await registerSecurityHeaders(app);
  const signIn = await registerRateLimits(app, limits);
  registerAuth(app, options.database);
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'openabm API',
        version: '1',
        description:
          'Accounts, contacts, opportunities, activities and imports. Authenticate with `Authorization: Bearer <api key>`.',
      },
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer' },
          // The tracking API (/v1/*): a write key as the Basic user name, or `writeKey` in the body.
          writeKey: { type: 'http', scheme: 'basic' },
        },
      },
      security: [{ apiKey: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(async (docs) => {
    publicScope(docs, DOCS_CSP);
    await docs.register(fastifySwaggerUi, { routePrefix: '/api/docs' });
  });
  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () =>
    app.swagger(),
  );
  app.get('/health', { config: { public: true }, schema: { hide: true } }, async () => {
    await options.database.db.selectNoFrom((eb) => eb.val(1).as('ok')).execute();
    return { status: 'ok', database: options.database.kind };
  });

  await registerRoutes(app, options.database, signIn);
  // The web app's files are public; @fastify/static registers one route per file.
  await app.register(async (web) => {
    publicScope(web);
    await registerWebApp(web);
  });
  await app.ready();
  return app;
}
