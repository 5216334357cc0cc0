import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** The web app's folder (sources in `src/`, Vite config). */
export const WEB_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web');
/** Where the built web app is (`npm run build`, or built on a server's start: src/server/web-app-build.ts). */
export const WEB_DIST = path.join(WEB_ROOT, 'dist');

/**
 * Serve the built web app (web/dist) at `/`, with index.html for client-side
 * routes. API, ingestion and tracking paths are never answered with the app.
 */
export async function registerWebApp(app: FastifyInstance): Promise<boolean> {
  if (!existsSync(path.join(WEB_DIST, 'index.html'))) return false;
  await app.register(fastifyStatic, { root: WEB_DIST, prefix: '/', wildcard: false, index: ['index.html'] });
  app.get('/*', { config: { public: true }, schema: { hide: true } }, (request, reply) => {
    const url = request.url;
    if (url.startsWith('/api/') || url.startsWith('/v1/') || url.startsWith('/e/') || url === '/t.js') {
      return reply
        .code(404)
        .type('application/problem+json')
        .send({ type: 'about:blank', status: 404, title: 'Not found', detail: `No route GET ${url}` });
    }
    return reply.type('text/html').sendFile('index.html');
  });
  return true;
}
