import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import type { Database } from '../db/database.ts';
import { HttpProblem } from '../http/problem.ts';
import { acceptEvents } from './accept-events.ts';
import { BatchEnvelopeSchema, type EventKind } from './event-schemas.ts';
import { notifyInbound } from './inbound-processor.ts';
import { dateOf, type NormalizedEvent, normalizeEvent } from './normalize-event.ts';
import { MAX_REQUEST_BYTES, registerTrackingBodyParsing } from './request-body.ts';
import { trackerRoute } from './tracker-route.ts';
import { authenticateWriteKey } from './write-keys.ts';

const SINGLE: Record<string, EventKind> = {
  track: 'track',
  identify: 'identify',
  group: 'group',
  page: 'page',
  screen: 'screen',
  alias: 'alias',
};

/** The write key: HTTP Basic user name (Segment clients), else `writeKey` in the body (browser beacons). */
function presentedWriteKey(request: FastifyRequest): string | null {
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
  return null;
}

async function workspaceOf(database: Database, request: FastifyRequest): Promise<string> {
  const key = presentedWriteKey(request);
  if (!key) {
    throw new HttpProblem(401, 'Unauthorized', {
      detail: 'Send the write key as the HTTP Basic user name, or as "writeKey" in the body',
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
 * alias and batch, authenticated by a write key. Replies 200 only once the validated events are
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
    v1.addHook('onSend', async (_request, reply) => {
      reply.header('access-control-allow-origin', '*');
    });
    const options = { bodyLimit: MAX_REQUEST_BYTES, config: { public: true }, schema: { hide: true } };

    v1.options('/v1/*', { config: { public: true }, schema: { hide: true } }, async (_request, reply) =>
      reply
        .code(204)
        .header('access-control-allow-methods', 'POST, OPTIONS')
        .header('access-control-allow-headers', 'authorization, content-type, content-encoding')
        .header('access-control-max-age', '86400')
        .send(),
    );

    const batch = async (request: FastifyRequest, reply: FastifyReply) => {
      const receivedAt = new Date();
      const workspaceId = await workspaceOf(database, request);
      const parsed = parseBatch(request, receivedAt);
      const answer = batchReply(reply, parsed);
      await accept(workspaceId, parsed.events);
      return answer;
    };
    v1.post('/v1/batch', options, batch);
    // Segment also accepts /v1/import for historical batches.
    v1.post('/v1/import', options, batch);

    for (const [path, kind] of Object.entries(SINGLE)) {
      v1.post(`/v1/${path}`, options, async (request) => {
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
      });
    }

    if (process.env.OPENABM_BENCH === '1') {
      // The ceiling for the ingestion benchmark: the same auth, parsing and validation, nothing stored.
      v1.post('/v1/_discard', options, async (request, reply) => {
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
