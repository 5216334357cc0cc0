import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import type { Database } from '../db/database.ts';
import type { Role } from '../db/schema.ts';
import { HttpProblem } from '../errors/problem.ts';
import { authenticateApiKey } from './api-keys.ts';
import { type AuthContext, hasRole } from './auth-context.ts';
import { authenticateSession, SESSION_COOKIE } from './sessions.ts';

declare module 'fastify' {
  interface FastifyRequest {
    auth: AuthContext | null;
  }
  interface FastifyContextConfig {
    /** Routes that need no credentials (health, sign-in, tracking, API docs, the web app's files). */
    public?: boolean;
  }
}

/** A registered route and whether it is public. */
export interface RouteAccess {
  method: string;
  url: string;
  public: boolean;
}

const routeTables = new WeakMap<FastifyInstance, RouteOptions[]>();

/** Every route registered after `registerAuth`, with its access (tests walk it; so can an audit). */
export function routeAccess(app: FastifyInstance): RouteAccess[] {
  return (routeTables.get(app) ?? []).flatMap((route) =>
    [route.method]
      .flat()
      .map((method) => ({ method, url: route.url, public: route.config?.public === true })),
  );
}

/**
 * Resolves the caller on every request: `Authorization: Bearer <api key>` or the session cookie.
 * Every route requires it unless the matched route's config says `public: true` — decided by the route
 * the router matched, never by the URL's spelling, and before the body is parsed or validated, so an
 * unauthenticated caller learns nothing about a private route's schema. A request no route matches
 * goes on to the 404 answer. Register before the routes.
 */
export function registerAuth(app: FastifyInstance, database: Database): void {
  app.decorateRequest('auth', null);
  const table: RouteOptions[] = [];
  routeTables.set(app, table);
  // The options object itself: hooks of inner scopes (publicScope) still change its config after this one.
  app.addHook('onRoute', (route) => {
    table.push(route);
  });
  app.addHook('onRequest', async (request) => {
    if (request.routeOptions.config.public || request.is404) return;
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
