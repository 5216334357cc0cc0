import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import type { FastifyInstance } from 'fastify';

const source = readFileSync(fileURLToPath(new URL('../../tracker/openabm.js', import.meta.url)));
const gzipped = zlib.gzipSync(source, { level: 9 });
const etag = `"${createHash('sha256').update(source).digest('base64url').slice(0, 16)}"`;

/** The tracking snippet's size: raw and gzipped bytes. */
export const trackerSize = { raw: source.length, gzip: gzipped.length };

/** GET /t.js: the browser tracking snippet (public, cacheable for an hour, gzip when accepted). */
export async function trackerRoute(app: FastifyInstance): Promise<void> {
  const config = { public: true, tracking: 'client-address' as const };
  app.get('/t.js', { config, schema: { hide: true } }, async (request, reply) => {
    reply
      .header('content-type', 'application/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=3600, stale-while-revalidate=86400')
      .header('etag', etag)
      .header('vary', 'accept-encoding')
      .header('access-control-allow-origin', '*');
    if (request.headers['if-none-match'] === etag) return reply.code(304).send();
    if (/\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''))) {
      return reply.header('content-encoding', 'gzip').send(gzipped);
    }
    return reply.send(source);
  });
}
