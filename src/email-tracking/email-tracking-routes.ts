import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../db/database.ts';
import { HttpProblem } from '../errors/problem.ts';
import { recordEmailEvent } from './record-email-event.ts';
import { verifyEmailToken } from './tracking-token.ts';

/** A transparent 1×1 GIF. */
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
// A wildcard, not `:token`: signed tokens are longer than the router's parameter length limit.
const Params = z.strictObject({ '*': z.string().min(1).max(8000) });

/**
 * Public email engagement endpoints: GET /e/o/<token>.gif (open pixel) and GET /e/c/<token> (click,
 * 302 to the signed target). A tampered or unsigned token is a 404 — never a redirect.
 */
export async function emailTrackingRoutes(app: FastifyInstance, database: Database): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = database;
  const config = { public: true, tracking: 'client-address' as const };

  api.get('/e/o/*', { config, schema: { hide: true, params: Params } }, async (request, reply) => {
    const token = request.params['*'].replace(/\.gif$/, '');
    const payload = await verifyEmailToken(db, token, 'o');
    if (!payload) throw new HttpProblem(404, 'Not found', { detail: 'Unknown or invalid tracking token' });
    await recordEmailEvent(db, payload, { userAgent: request.headers['user-agent'] ?? null, ip: request.ip });
    return reply
      .header('content-type', 'image/gif')
      .header('cache-control', 'no-store, no-cache, must-revalidate, private')
      .send(PIXEL);
  });

  api.get('/e/c/*', { config, schema: { hide: true, params: Params } }, async (request, reply) => {
    const payload = await verifyEmailToken(db, request.params['*'], 'c');
    if (!payload?.u) throw new HttpProblem(404, 'Not found', { detail: 'Unknown or invalid tracking link' });
    await recordEmailEvent(db, payload, { userAgent: request.headers['user-agent'] ?? null, ip: request.ip });
    return reply.header('cache-control', 'no-store').redirect(payload.u, 302);
  });
}
