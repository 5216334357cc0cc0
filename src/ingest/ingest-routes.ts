import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import type { Database } from '../db/database.ts';
import { HttpProblem } from '../errors/problem.ts';
import { acceptEvents } from './accept-events.ts';
import { BatchEnvelopeSchema, type EventKind } from './event-schemas.ts';
import { notifyInbound } from './inbound-processor.ts';
import { dateOf, type NormalizedEvent, normalizeEvent } from './normalize-event.ts';
import { MAX_REQUEST_BYTES, registerTrackingBodyParsing } from './request-body.ts';
import { trackerRoute } from './tracker-route.ts';
import {
  batchRouteSchema,
  beaconRouteSchema,
  clientMetricsRouteSchema,
  documentedOnly,
  eventRouteSchema,
} from './tracking-api-docs.ts';
import { registerTrackingCors } from './tracking-cors.ts';
import { authenticateWriteKey } from './write-keys.ts';

/**
 * The single-event calls at their full path (`/v1/track`, Segment's HTTP API, RudderStack) and at the
 * short path Segment's browser library analytics.js posts to: `/v1/` plus the first letter of the
 * call's type (`/v1/t`, `/v1/p`, `/v1/i`, `/v1/g`, `/v1/s`, `/v1/a`; batches go to `/v1/b`).
 */
const CALLS: readonly { path: string; short: string; kind: EventKind }[] = [
  { path: 'track', short: 't', kind: 'track' },
  { path: 'identify', short: 'i', kind: 'identify' },
  { path: 'group', short: 'g', kind: 'group' },
  { path: 'page', short: 'p', kind: 'page' },
  { path: 'screen', short: 's', kind: 'screen' },
  { path: 'alias', short: 'a', kind: 'alias' },
];

/**
 * The write key: HTTP Basic user name (Segment clients), else `writeKey` in the body (analytics.js,
 * browser beacons), else — only where `inQuery` — `?writeKey=` (RudderStack's beacon URL).
 */
export function presentedWriteKey(request: FastifyRequest, inQuery: boolean): string | null {
  const header = request.headers.authorization;
  if (header) {
    const match = /^Basic\s+(\S+)$/i.exec(header);
    if (match?.[1]) {
      const decoded = Buffer.from(match[1], 'base64').toString('utf8');
      const user = decoded.split(':', 1)[0];
      if (user) return user;
    }
  }
  const body = request.body;
  if (typeof body === 'object' && body !== null && 'writeKey' in body && typeof body.writeKey === 'string') {
    return body.writeKey;
  }
  const query = request.query;
  if (inQuery && typeof query === 'object' && query !== null && 'writeKey' in query) {
    return typeof query.writeKey === 'string' ? query.writeKey : null;
  }
  return null;
}

async function workspaceOf(database: Database, request: FastifyRequest, inQuery = false): Promise<string> {
  const key = presentedWriteKey(request, inQuery);
  if (!key) {
    throw new HttpProblem(401, 'Unauthorized', {
      detail: `Send the write key as the HTTP Basic user name, or as "writeKey" in the body${inQuery ? ' or the query string' : ''}`,
    });
  }
  const found = await authenticateWriteKey(database.db, key);
  if (!found) throw new HttpProblem(401, 'Unauthorized', { detail: 'Unknown or revoked write key' });
  return found.workspaceId;
}

interface Parsed {
  events: NormalizedEvent[];
  rejected: { index: number; reason: string }[];
}

function parseBatch(request: FastifyRequest, receivedAt: Date): Parsed {
  const envelope = BatchEnvelopeSchema.safeParse(request.body);
  if (!envelope.success) {
    const issue = envelope.error.issues[0];
    const path = issue ? ['body', ...issue.path.map(String)].join('.') : 'body';
    throw new HttpProblem(400, 'Invalid batch', {
      detail: `${path}: ${issue?.message ?? 'expected { "batch": [ …events ] }'}`,
      errors: [{ path, message: issue?.message ?? 'invalid' }],
    });
  }
  const parsed: Parsed = { events: [], rejected: [] };
  const sentAt = dateOf(envelope.data.sentAt);
  const ctx = { receivedAt, requestIp: request.ip, batchSentAt: sentAt === 'invalid' ? null : sentAt };
  envelope.data.batch.forEach((raw, index) => {
    const result = normalizeEvent(raw, null, ctx);
    if (result.ok) parsed.events.push(result.event);
    else parsed.rejected.push({ index, reason: result.reason });
  });
  return parsed;
}

/** The path of a rejected event's field: its reason starts with the field (`properties: must be an object`). */
function reasonPath(event: string, reason: string): string {
  const field = /^([A-Za-z][\w.]*): /.exec(reason)?.[1];
  return field ? `${event}.${field}` : event;
}

function batchReply(reply: FastifyReply, parsed: Parsed): { success: true; rejected?: Parsed['rejected'] } {
  if (parsed.events.length === 0 && parsed.rejected.length > 0) {
    throw new HttpProblem(400, 'No valid events', {
      detail: parsed.rejected.map((r) => `batch.${r.index}: ${r.reason}`).join('; '),
      errors: parsed.rejected
        .slice(0, 100)
        .map((r) => ({ path: reasonPath(`body.batch.${r.index}`, r.reason), message: r.reason })),
      extra: { rejected: parsed.rejected },
    });
  }
  reply.code(200);
  return parsed.rejected.length > 0 ? { success: true, rejected: parsed.rejected } : { success: true };
}

/**
 * Segment-compatible HTTP tracking API at /v1 (not under /api): track, identify, group, page, screen,
 * alias and batch, also at analytics.js's short paths (`/v1/t` …, `/v1/b`), authenticated by a write
 * key, open to any origin (tracking-cors.ts). Replies 200 only once the validated events are
 * committed to the inbound queue; the inbound processor turns them into activities moments later
 * (drainInbound). Also serves the browser snippet at /t.js.
 */
export async function ingestRoutes(app: FastifyInstance, database: Database): Promise<void> {
  const accept = async (workspaceId: string, events: NormalizedEvent[]): Promise<void> => {
    if (events.length === 0) return;
    await acceptEvents(database.db, workspaceId, events);
    notifyInbound(database.db, workspaceId, events.length);
  };
  await trackerRoute(app);
  await app.register(async (v1) => {
    registerTrackingBodyParsing(v1);
    registerTrackingCors(v1);
    const config = { public: true, tracking: 'write-key' as const };
    const options = { bodyLimit: MAX_REQUEST_BYTES, config, ...documentedOnly };

    const batchWith = (keyInQuery: boolean) => async (request: FastifyRequest, reply: FastifyReply) => {
      const receivedAt = new Date();
      const workspaceId = await workspaceOf(database, request, keyInQuery);
      const parsed = parseBatch(request, receivedAt);
      const answer = batchReply(reply, parsed);
      await accept(workspaceId, parsed.events);
      return answer;
    };
    const batch = batchWith(false);
    v1.post('/v1/batch', { ...options, schema: batchRouteSchema('Record a batch of events') }, batch);
    v1.post(
      '/v1/b',
      { ...options, schema: batchRouteSchema('Record a batch of events (short path of /v1/batch)') },
      batch,
    );
    // RudderStack's browser SDK with `useBeacon`: navigator.sendBeacon, text/plain, the key in the URL.
    v1.post('/beacon/v1/batch', { ...options, schema: beaconRouteSchema }, batchWith(true));
    // Segment also accepts /v1/import for historical batches.
    v1.post(
      '/v1/import',
      { ...options, schema: batchRouteSchema('Record a batch of historical events (as /v1/batch)') },
      batch,
    );

    for (const { path, short, kind } of CALLS) {
      const single = async (request: FastifyRequest) => {
        const receivedAt = new Date();
        const workspaceId = await workspaceOf(database, request);
        const result = normalizeEvent(request.body, kind, { receivedAt, requestIp: request.ip });
        if (!result.ok) {
          throw new HttpProblem(400, 'Invalid event', {
            detail: result.reason,
            errors: [{ path: reasonPath('body', result.reason), message: result.reason }],
          });
        }
        await accept(workspaceId, [result.event]);
        return { success: true };
      };
      v1.post(`/v1/${path}`, { ...options, schema: eventRouteSchema(kind) }, single);
      v1.post(`/v1/${short}`, { ...options, schema: eventRouteSchema(kind, `/v1/${path}`) }, single);
    }

    // analytics.js reports its own delivery counters to `/v1/m` (no write key). Nothing here reads
    // them; answering 204 keeps a site's console free of a failed request every 30 seconds.
    v1.post(
      '/v1/m',
      { bodyLimit: 64 * 1024, config: { public: true }, schema: clientMetricsRouteSchema, ...documentedOnly },
      async (_request, reply) => reply.code(204).send(),
    );

    if (process.env.OPENABM_BENCH === '1') {
      // The ceiling for the ingestion benchmark: the same auth, parsing and validation, nothing stored.
      v1.post('/v1/_discard', { ...options, schema: { hide: true } }, async (request, reply) => {
        await workspaceOf(database, request);
        return batchReply(reply, parseBatch(request, new Date()));
      });
      // How many accepted events of the key's workspace wait for the processor (end-to-end timing).
      v1.get('/v1/_queue', { config: { public: true }, schema: { hide: true } }, async (request) => {
        const workspaceId = await workspaceOf(database, request);
        const row = await database.db
          .selectFrom('inbound_batches')
          .select(sql<number>`coalesce(sum(events), 0)`.as('n'))
          .where('workspace_id', '=', workspaceId)
          .executeTakeFirstOrThrow();
        return { pending: row.n };
      });
    }
  });
}
