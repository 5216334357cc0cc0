import type { FastifyInstance, FastifyRequest } from 'fastify';
import { authenticateApiKey } from '../auth/api-keys.ts';
import { type AuthContext, hasRole } from '../auth/auth-context.ts';
import { authenticateSession, SESSION_COOKIE } from '../auth/sessions.ts';
import type { Database } from '../db/database.ts';
import type { Role } from '../db/schema.ts';
import { HttpProblem } from './problem.ts';

declare module 'fastify' {
  interface FastifyRequest {
    auth: AuthContext | null;
  }
  interface FastifyContextConfig {
    /** Routes that need no credentials (health, login, tracking, unsubscribe). */
    public?: boolean;
  }
}

/**
 * Resolves the caller on every request: `Authorization: Bearer <api key>` or the session cookie.
 * Every route is authenticated unless its config says `public: true`.
 */
export function registerAuth(app: FastifyInstance, database: Database): void {
  app.decorateRequest('auth', null);
  app.addHook('onRequest', async (request) => {
    if (request.routeOptions.config.public) return;
    if (
      !request.url.startsWith('/api/') ||
      request.url.startsWith('/api/docs') ||
      request.url === '/api/openapi.json'
    ) {
      return;
    }
    const header = request.headers.authorization;
    if (header) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match?.[1])
        throw new HttpProblem(401, 'Unauthorized', { detail: 'Use "Authorization: Bearer <api key>"' });
      request.auth = await authenticateApiKey(database.db, match[1]);
      if (!request.auth) throw new HttpProblem(401, 'Unauthorized', { detail: 'Unknown or revoked API key' });
      return;
    }
    const token = request.cookies[SESSION_COOKIE];
    if (token) request.auth = await authenticateSession(database.db, token);
    if (!request.auth) {
      throw new HttpProblem(401, 'Unauthorized', {
        detail: 'Sign in, or send an API key as "Authorization: Bearer <key>"',
      });
    }
  });
}

/**
 * The caller's context, asserting a minimum role. Use at the top of every handler.
 *
 * @example
 * const ctx = requireRole(request, 'marketer'); // 403 for sales
 */
export function requireRole(request: FastifyRequest, needed: Role): AuthContext {
  const ctx = request.auth;
  if (!ctx) throw new HttpProblem(401, 'Unauthorized');
  if (!hasRole(ctx.role, needed)) {
    throw new HttpProblem(403, 'Forbidden', { detail: `This needs the ${needed} role; you are ${ctx.role}` });
  }
  return ctx;
}
