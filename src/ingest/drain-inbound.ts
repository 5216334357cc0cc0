import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { fromInboundRow, type InboundEvent, inboundHeaderColumns } from './inbound-payload.ts';
import { processEvents } from './process-events.ts';

/** Events processed per transaction (per workspace, oldest first). */
export const DEFAULT_BATCH_SIZE = 5000;
/** An event that fails alone this many times is moved to inbound_failures. */
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

/** Move events to inbound_failures (same transaction as their removal from the queue). */
async function deadLetter(
  db: Kysely<DB>,
  workspaceId: string,
  ids: readonly number[],
  error: string,
): Promise<void> {
  if (ids.length === 0) return;
  await sql`
    WITH gone AS (
      DELETE FROM inbound_events WHERE workspace_id = ${workspaceId} AND id = ANY (${[...ids]}::bigint[])
      RETURNING workspace_id, id, message_id, payload, received_at
    )
    INSERT INTO inbound_failures (workspace_id, id, message_id, payload, received_at, error)
    SELECT workspace_id, id, message_id, payload, received_at, ${error.slice(0, 2000)} FROM gone
    ON CONFLICT (workspace_id, id) DO NOTHING`.execute(db);
}

/** One transaction: lock the workspace, take its oldest events (or the given ones), process, delete. */
async function runBatch(
  db: Kysely<DB>,
  workspaceId: string,
  pick: { limit: number } | { ids: readonly number[] },
  wait: boolean,
): Promise<BatchResult | 'busy'> {
  return db.transaction().execute(async (trx) => {
    // The lock is taken before the rows are read, so this snapshot sees the previous holder's commit.
    if (!(await lockWorkspace(trx, workspaceId, wait))) return 'busy';
    // Safe without waiting for the WAL flush: a commit lost in a crash takes the deletion of its
    // inbound events with it, so they are processed again — never lost, never doubled.
    await sql`SET LOCAL synchronous_commit = off`.execute(trx);
    const which =
      'ids' in pick
        ? sql`AND e.id = ANY (${[...pick.ids]}::bigint[]) ORDER BY e.id`
        : sql`ORDER BY e.id LIMIT ${pick.limit}`;
    const query = sql<{ id: number }>`
      SELECT ${inboundHeaderColumns()} FROM inbound_events e WHERE e.workspace_id = ${workspaceId} ${which}`;
    const rows = (await query.execute(trx)).rows;
    if (rows.length === 0) return empty();
    const exists = await trx
      .selectFrom('workspaces')
      .select('id')
      .where('id', '=', workspaceId)
      .executeTakeFirst();
    const ids = rows.map((r) => r.id);
    if (!exists) {
      const dropped = await sql`DELETE FROM inbound_events WHERE workspace_id = ${workspaceId}`.execute(trx);
      return { ...empty(), processed: Number(dropped.numAffectedRows ?? rows.length) };
    }
    const events: InboundEvent[] = [];
    const unreadable: number[] = [];
    let reason = '';
    for (const row of rows) {
      const parsed = fromInboundRow(row);
      if (parsed.ok) events.push(parsed.event);
      else {
        unreadable.push(row.id);
        reason = parsed.reason;
      }
    }
    await deadLetter(trx, workspaceId, unreadable, reason);
    const result = await processEvents(trx, workspaceId, events);
    await sql`DELETE FROM inbound_events WHERE workspace_id = ${workspaceId} AND id = ANY (${ids}::bigint[])`.execute(
      trx,
    );
    return { ...empty(), ...result, processed: rows.length, failed: unreadable.length };
  });
}

/**
 * Errors that say nothing about the events — a socket error (`E…` codes), or an SQLSTATE of lost
 * connection, deadlock/serialization, lock not available, shutdown or resources: the batch is
 * retried later as a whole. Anything else (data and constraint errors, errors thrown while
 * processing) may be caused by one event, which bisection finds.
 */
function isTransient(error: unknown): boolean {
  const code = error instanceof Error && 'code' in error ? error.code : undefined;
  if (typeof code !== 'string') return false;
  if (code.startsWith('E')) return true;
  return ['08', '40', '53', '55', '57', '58', 'XX'].includes(code.slice(0, 2));
}

/** Count a failure of one event; after MAX_ATTEMPTS it is moved to inbound_failures. */
async function recordFailure(
  db: Kysely<DB>,
  workspaceId: string,
  id: number,
  error: unknown,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await lockWorkspace(trx, workspaceId, true);
    const row = await trx
      .updateTable('inbound_events')
      .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .returning('attempts')
      .executeTakeFirst();
    if (!row || row.attempts < MAX_ATTEMPTS) return 0;
    await deadLetter(trx, workspaceId, [id], error instanceof Error ? error.message : String(error));
    return 1;
  });
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
    if (ids.length === 1 && only !== undefined) {
      const failed = await recordFailure(db, workspaceId, only, error);
      return { ...empty(), processed: failed, failed, retrying: 1 - failed };
    }
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
      .selectFrom('inbound_events')
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
      (SELECT workspace_id FROM inbound_events ORDER BY workspace_id LIMIT 1)
      UNION ALL
      SELECT (SELECT i.workspace_id FROM inbound_events i WHERE i.workspace_id > w.workspace_id
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
  await sql`VACUUM inbound_events`.execute(db);
}
