import zlib from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { HttpProblem } from '../errors/problem.ts';

/** The largest accepted tracking request, after decompression (Segment's limit). */
export const MAX_REQUEST_BYTES = 500 * 1024;

function clientError(message: string): Error {
  return Object.assign(new Error(message), { statusCode: 400 });
}

/**
 * Body handling for the tracking endpoints, scoped to the plugin it is called in: gzip/deflate request
 * bodies (the RudderStack client gzips) are inflated with the size limit applied to the inflated bytes,
 * and bodies of any other content type — `text/plain` from `navigator.sendBeacon` (no CORS preflight),
 * `application/x-www-form-urlencoded` from the RudderStack client — are parsed as JSON, as Segment does.
 */
export function registerTrackingBodyParsing(app: FastifyInstance): void {
  app.addHook('preParsing', async (request, _reply, payload) => {
    const encoding = String(request.headers['content-encoding'] ?? 'identity').toLowerCase();
    if (encoding === 'identity') return payload;
    if (encoding !== 'gzip' && encoding !== 'deflate') {
      throw new HttpProblem(415, 'Unsupported media type', {
        detail: `Content-Encoding ${encoding} is not supported`,
      });
    }
    const inflate = encoding === 'gzip' ? zlib.createGunzip() : zlib.createInflate();
    // Fastify compares Content-Length with the compressed byte count when this is present.
    const inflated = Object.assign(inflate, { receivedEncodedLength: 0 });
    inflated.on('error', (error) =>
      Object.assign(error, { statusCode: 400, message: `Malformed ${encoding} body` }),
    );
    payload.on('data', (chunk: Buffer) => {
      inflated.receivedEncodedLength += chunk.length;
    });
    payload.on('error', (error) => inflated.destroy(error));
    payload.pipe(inflated);
    return inflated;
  });
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser(['text/plain', '*'], { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, JSON.parse(String(body)));
    } catch (error) {
      done(
        clientError(`Malformed JSON: ${error instanceof Error ? error.message : 'parse error'}`),
        undefined,
      );
    }
  });
}
