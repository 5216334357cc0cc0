import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { deadLetter, errorText, type FailedEvent, isTransient } from './inbound-failures.ts';
import { type InboundEvent, readInboundBatch, toInboundPayload } from './inbound-payload.ts';
import { processEvents } from './process-events.ts';

/** Events processed per transaction (per workspace, oldest first). */
export const DEFAULT_BATCH_SIZE = 5000;
/** A queued request that fails alone this many times has its events processed one by one. */
const MAX_ATTEMPTS = 3;

export interface BatchResult {
  /** Inbound events taken off the queue (stored, duplicate or failed). */
  processed: number;
  stored: number;
  duplicates: number;
  reattributed: number;
  /** Events moved to inbound_failures. */
  failed: number;
  /** Events that failed and stay queued for another attempt. */
  retrying: number;
}

export interface DrainOptions {
  /** Events per transaction (default 5000). */
  batchSize?: number;
  /**
   * Wait for a workspace that another processor is working (default). With false the workspace
   * is skipped (`'busy'`): the background processor's mode.
   */
  wait?: boolean;
}

const empty = (): BatchResult => ({
  processed: 0,
  stored: 0,
  duplicates: 0,
  reattributed: 0,
  failed: 0,
  retrying: 0,
});

function add(total: BatchResult, part: BatchResult): void {
  total.processed += part.processed;
  total.stored += part.stored;
  total.duplicates += part.duplicates;
  total.reattributed += part.reattributed;
  total.failed += part.failed;
  total.retrying += part.retrying;
}

/** Only one processor works a workspace at a time, across every process on the database. */
async function lockWorkspace(db: Kysely<DB>, workspaceId: string, wait: boolean): Promise<boolean> {
  const key = sql`hashtextextended(${`openabm.inbound:${workspaceId}`}, 0)`;
  if (wait) {
    await sql`SELECT pg_advisory_xact_lock(${key})`.execute(db);
    return true;
  }
  const row = await sql<{ ok: boolean }>`SELECT pg_try_advisory_xact_lock(${key}) AS ok`.execute(db);
  return row.rows[0]?.ok === true;
}

interface QueuedRow {
  id: number;
  events: number;
  payload: string;
  received_at: Date;
}

/** Read queued rows: the oldest, up to `limit` events (at least one row), or the given rows. */
async function readQueued(
  db: Kysely<DB>,
  workspaceId: string,
  pick: { limit: number } | { ids: readonly number[] },
): Promise<QueuedRow[]> {
  if ('ids' in pick) {
    const rows = await sql<QueuedRow>`
      SELECT id, events, payload, received_at FROM inbound_batches
      WHERE workspace_id = ${workspaceId} AND id = ANY (${[...pick.ids]}::bigint[]) ORDER BY id`.execute(db);
    return rows.rows;
  }
  // Each row holds at least one event, so `limit` rows always cover `limit` events.
  const rows = await sql<QueuedRow>`
    WITH q AS (
      SELECT id, events FROM inbound_batches WHERE workspace_id = ${workspaceId} ORDER BY id LIMIT ${pick.limit}
    ), w AS (SELECT id, sum(events) OVER (ORDER BY id) - events AS before FROM q)
    SELECT b.id, b.events, b.payload, b.received_at
    FROM w JOIN inbound_batches b ON b.workspace_id = ${workspaceId} AND b.id = w.id
    WHERE w.before < ${pick.limit}
    ORDER BY b.id`.execute(db);
  return rows.rows;
}

/** The rows' events in queue order, and those that cannot be read (set aside as failures). */
function readRows(rows: readonly QueuedRow[]): { events: InboundEvent[]; unreadable: FailedEvent[] } {
  const events: InboundEvent[] = [];
  const unreadable: FailedEvent[] = [];
  for (const row of rows) {
    const read = readInboundBatch(row.id, row.payload);
    for (const event of read.events) events.push(event);
    for (const u of read.unreadable) unreadable.push({ ...u, batchId: row.id, receivedAt: row.received_at });
  }
  return { events, unreadable };
}

async function deleteRows(db: Kysely<DB>, workspaceId: string, ids: readonly number[]): Promise<void> {
  await sql`DELETE FROM inbound_batches WHERE workspace_id = ${workspaceId} AND id = ANY (${[...ids]}::bigint[])`.execute(
    db,
  );
}

/** Take the workspace for one transaction; false when another processor has it (wait: false). */
async function begin(db: Kysely<DB>, workspaceId: string, wait: boolean): Promise<boolean> {
  // The lock is taken before the rows are read, so this snapshot sees the previous holder's commit.
  if (!(await lockWorkspace(db, workspaceId, wait))) return false;
  // Safe without waiting for the WAL flush: a commit lost in a crash takes the deletion of its
  // inbound rows with it, so they are processed again — never lost, never doubled.
  await sql`SET LOCAL synchronous_commit = off`.execute(db);
  return true;
}

/** One transaction: lock the workspace, take its oldest events (or the given rows), process, delete. */
async function runBatch(
  db: Kysely<DB>,
  workspaceId: string,
  pick: { limit: number } | { ids: readonly number[] },
  wait: boolean,
): Promise<BatchResult | 'busy'> {
  return db.transaction().execute(async (trx) => {
    if (!(await begin(trx, workspaceId, wait))) return 'busy';
    const rows = await readQueued(trx, workspaceId, pick);
    if (rows.length === 0) return empty();
    const ids = rows.map((r) => r.id);
    const taken = rows.reduce((n, r) => n + r.events, 0);
    const exists = await trx
      .selectFrom('workspaces')
      .select('id')
      .where('id', '=', workspaceId)
      .executeTakeFirst();
    if (!exists) {
      const dropped = await sql<{ n: number | null }>`
        WITH gone AS (DELETE FROM inbound_batches WHERE workspace_id = ${workspaceId} RETURNING events)
        SELECT sum(events)::int AS n FROM gone`.execute(trx);
      return { ...empty(), processed: dropped.rows[0]?.n ?? taken };
    }
    const { events, unreadable } = readRows(rows);
    await deadLetter(trx, workspaceId, unreadable);
    const result = await processEvents(trx, workspaceId, events);
    await deleteRows(trx, workspaceId, ids);
    return { ...empty(), ...result, processed: taken, failed: unreadable.length };
  });
}

/**
 * The last attempt at a row that keeps failing: its events one by one, each under a savepoint, in
 * order, in one transaction. Events that fail alone are set aside in inbound_failures; the others
 * are stored as usual; the row leaves the queue.
 */
async function isolateEvents(db: Kysely<DB>, workspaceId: string, id: number): Promise<BatchResult> {
  return db.transaction().execute(async (trx) => {
    await begin(trx, workspaceId, true);
    const [row] = await readQueued(trx, workspaceId, { ids: [id] });
    if (!row) return empty();
    const { events, unreadable } = readRows([row]);
    const total: BatchResult = { ...empty(), processed: row.events, failed: unreadable.length };
    const failures: FailedEvent[] = [...unreadable];
    for (const event of events) {
      await sql`SAVEPOINT inbound_event`.execute(trx);
      try {
        const part = await processEvents(trx, workspaceId, [event]);
        await sql`RELEASE SAVEPOINT inbound_event`.execute(trx);
        total.stored += part.stored;
        total.duplicates += part.duplicates;
        total.reattributed += part.reattributed;
      } catch (error) {
        if (isTransient(error)) throw error;
        await sql`ROLLBACK TO SAVEPOINT inbound_event`.execute(trx);
        failures.push({
          batchId: row.id,
          position: event.position,
          messageId: event.messageId,
          payload: toInboundPayload(event),
          receivedAt: row.received_at,
          reason: errorText(error),
        });
        total.failed += 1;
      }
    }
    await deadLetter(trx, workspaceId, failures);
    await deleteRows(trx, workspaceId, [row.id]);
    return total;
  });
}

/**
 * Count a failure of one row; on its MAX_ATTEMPTS-th its events are processed one by one and those
 * that fail alone are set aside (isolateEvents). Until then it waits for the next attempt.
 */
async function recordFailure(db: Kysely<DB>, workspaceId: string, id: number): Promise<BatchResult> {
  const row = await db.transaction().execute(async (trx) => {
    await lockWorkspace(trx, workspaceId, true);
    return trx
      .updateTable('inbound_batches')
      .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .returning(['attempts', 'events'])
      .executeTakeFirst();
  });
  if (!row) return empty();
  if (row.attempts < MAX_ATTEMPTS) return { ...empty(), retrying: row.events };
  return isolateEvents(db, workspaceId, id);
}

/** Find the event(s) a batch fails on by halving it, each half in its own transaction, in order. */
async function bisect(
  db: Kysely<DB>,
  workspaceId: string,
  ids: readonly number[],
  wait: boolean,
): Promise<BatchResult | 'busy'> {
  try {
    return await runBatch(db, workspaceId, { ids }, wait);
  } catch (error) {
    if (isTransient(error)) throw error;
    const [only] = ids;
    if (ids.length === 1 && only !== undefined) return recordFailure(db, workspaceId, only);
    const total = empty();
    const middle = Math.ceil(ids.length / 2);
    for (const half of [ids.slice(0, middle), ids.slice(middle)]) {
      const part = await bisect(db, workspaceId, half, wait);
      if (part === 'busy') return total.processed + total.retrying > 0 ? total : 'busy';
      add(total, part);
    }
    return total;
  }
}

/**
 * Process one batch of a workspace's inbound events (its oldest, up to `batchSize`) in one
 * transaction: activities inserted, identities and scores updated, the events deleted — all or
 * nothing, so a crash never loses or doubles an event. An error caused by some event is narrowed
 * down by bisection; an event failing alone three times is moved to inbound_failures.
 *
 * @returns what was done, or `'busy'` when another processor holds the workspace (wait: false)
 */
export async function processInboundBatch(
  db: Kysely<DB>,
  workspaceId: string,
  options: DrainOptions = {},
): Promise<BatchResult | 'busy'> {
  const limit = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const wait = options.wait ?? true;
  try {
    return await runBatch(db, workspaceId, { limit }, wait);
  } catch (error) {
    if (isTransient(error)) throw error;
    const rows = await db
      .selectFrom('inbound_batches')
      .select('id')
      .where('workspace_id', '=', workspaceId)
      .orderBy('id')
      .limit(limit)
      .execute();
    return bisect(
      db,
      workspaceId,
      rows.map((r) => r.id),
      wait,
    );
  }
}

/** Workspaces with events waiting (a skip scan over the primary key: one probe per workspace). */
export async function pendingWorkspaces(db: Kysely<DB>): Promise<string[]> {
  const rows = await sql<{ workspace_id: string }>`
    WITH RECURSIVE w AS (
      (SELECT workspace_id FROM inbound_batches ORDER BY workspace_id LIMIT 1)
      UNION ALL
      SELECT (SELECT i.workspace_id FROM inbound_batches i WHERE i.workspace_id > w.workspace_id
        ORDER BY i.workspace_id LIMIT 1)
      FROM w WHERE w.workspace_id IS NOT NULL
    )
    SELECT workspace_id FROM w WHERE workspace_id IS NOT NULL`.execute(db);
  return rows.rows.map((r) => r.workspace_id);
}

/**
 * Process inbound events synchronously until the queue of the workspace (or of every workspace)
 * is empty — what tests, the CLI and benchmarks call before reading what was ingested. Waits for a
 * workspace another processor is working.
 *
 * @example
 * await app.inject({ method: 'POST', url: '/v1/batch', headers, payload });
 * await drainInbound(db, workspaceId);
 */
export async function drainInbound(
  db: Kysely<DB>,
  workspaceId?: string,
  options: Omit<DrainOptions, 'wait'> = {},
): Promise<BatchResult> {
  const total = empty();
  for (;;) {
    const targets = workspaceId ? [workspaceId] : await pendingWorkspaces(db);
    let progressed = false;
    for (const ws of targets) {
      for (;;) {
        const result = await processInboundBatch(db, ws, { ...options, wait: true });
        if (result === 'busy' || result.processed + result.retrying === 0) break;
        add(total, result);
        progressed = true;
      }
    }
    if (!progressed || workspaceId) return total;
  }
}

/**
 * Reclaim the space of processed inbound events. PostgreSQL's autovacuum does this by itself; the
 * embedded database has no autovacuum, so its processor calls this when the queue is idle (cheap
 * then: the table is nearly empty and its pages are given back).
 */
export async function vacuumInbound(db: Kysely<DB>): Promise<void> {
  await sql`VACUUM inbound_batches`.execute(db);
}
