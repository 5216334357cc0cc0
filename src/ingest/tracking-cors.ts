import type { FastifyInstance } from 'fastify';

/**
 * Request headers the browser tracking libraries send to `/v1/*` from a site's own origin. Anything
 * not on the CORS safelist makes the browser ask first (preflight), and a header missing from the
 * answer makes it drop the request — so each library's headers are listed here:
 *
 * - Segment analytics.js (`@segment/analytics-next`): `Authorization` (Basic, the write key),
 *   `Content-Type: text/plain`, and `X-Retry-Count` on every retry.
 * - RudderStack's browser SDK (v3): `Authorization`, `Content-Type: application/json`, `Accept`,
 *   `AnonymousId` (base64), `SentAt`, and on retries `Rsa-Retry-Attempt`, `Rsa-Since-Last-Attempt`,
 *   `Rsa-Since-First-Attempt`, `Rsa-Retry-Reason`, plus `Rsa-Recovered` for events sent again
 *   after a page reload.
 * - Server libraries gzip (`Content-Encoding`).
 *
 * The list is explicit rather than `*`: the wildcard does not cover `Authorization`, and a fixed
 * answer is the same for every request, so browsers may cache it (`Access-Control-Max-Age`).
 */
export const TRACKING_REQUEST_HEADERS = [
  'authorization',
  'content-type',
  'content-encoding',
  'accept',
  'x-retry-count',
  'anonymousid',
  'sentat',
  'rsa-recovered',
  'rsa-retry-attempt',
  'rsa-since-last-attempt',
  'rsa-since-first-attempt',
  'rsa-retry-reason',
] as const;

/**
 * CORS for the public tracking endpoints only (the plugin this is called in, i.e. `/v1/*`): any
 * origin may post events, because the write key — not a cookie — authenticates them, and no
 * credentials are allowed (`Access-Control-Allow-Origin: *`). The REST API under `/api` keeps its
 * own same-origin rules; nothing here applies to it.
 */
export function registerTrackingCors(app: FastifyInstance): void {
  app.addHook('onSend', async (_request, reply) => {
    reply.header('access-control-allow-origin', '*');
    // analytics.js waits as long as a 429 or 503 says in Retry-After; a cross-origin page can read
    // that header only when it is exposed.
    reply.header('access-control-expose-headers', 'retry-after');
  });
  app.options('/v1/*', { config: { public: true }, schema: { hide: true } }, async (_request, reply) =>
    reply
      .code(204)
      .header('access-control-allow-methods', 'POST, OPTIONS')
      .header('access-control-allow-headers', TRACKING_REQUEST_HEADERS.join(', '))
      .header('access-control-max-age', '86400')
      .send(),
  );
}
