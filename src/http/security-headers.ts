import fastifyHelmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** This route's header options over the global ones (read by @fastify/helmet on each request). */
    helmet?: Omit<FastifyHelmetOptions, 'global'>;
  }
}

type Directives = Record<string, string[]>;

/**
 * The web app's policy: scripts, styles, fonts and data only from this origin, no inline script (the
 * built app has none; React sets styles through the DOM, which CSP does not restrict), never framed.
 */
export const APP_CSP: Directives = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

/** The API docs (swagger-ui) set styles in markup, so their pages also allow inline styles. */
export const DOCS_CSP: Directives = { ...APP_CSP, 'style-src': ["'self'", "'unsafe-inline'"] };

const HSTS = 'max-age=31536000; includeSubDomains';

/**
 * Security headers on every answer (@fastify/helmet): the strict CSP, `X-Content-Type-Options: nosniff`,
 * `X-Frame-Options: DENY`, `Referrer-Policy: no-referrer`, `Cross-Origin-Resource-Policy: same-origin`;
 * HSTS only on requests that arrived over HTTPS (directly, or per a trusted proxy's X-Forwarded-Proto).
 * Tracking routes (`config.tracking`) are embedded by other sites, so their resources are
 * `Cross-Origin-Resource-Policy: cross-origin`. Register before the routes.
 */
export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  app.addHook('onRoute', (route) => {
    if (route.config?.tracking && !route.config.helmet) {
      route.config = { ...route.config, helmet: { crossOriginResourcePolicy: { policy: 'cross-origin' } } };
    }
  });
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: { useDefaults: false, directives: APP_CSP },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    strictTransportSecurity: false,
  });
  app.addHook('onRequest', async (request, reply) => {
    if (request.protocol === 'https') reply.header('strict-transport-security', HSTS);
  });
}

/**
 * Marks every route registered in `scope` (a plugin of its own) public, optionally with its own CSP:
 * for routes a plugin registers without a way to pass their config (API docs, static files).
 *
 * @example
 * await app.register(async (scope) => { publicScope(scope, DOCS_CSP); await scope.register(swaggerUi); });
 */
export function publicScope(scope: FastifyInstance, csp?: Directives): void {
  scope.addHook('onRoute', (route) => {
    route.config = {
      ...route.config,
      public: true,
      ...(csp ? { helmet: { contentSecurityPolicy: { useDefaults: false, directives: csp } } } : {}),
    };
  });
}
