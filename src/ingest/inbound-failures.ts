import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { UnreadableEvent } from './inbound-payload.ts';

/** A queued event set aside: where it was queued, what it was, and why it failed. */
export interface FailedEvent extends UnreadableEvent {
  batchId: number;
  receivedAt: Date;
}

/**
 * Keep events that cannot be processed in inbound_failures, for inspection (never retried
 * automatically). Called in the transaction that removes their row from the queue.
 */
export async function deadLetter(
  db: Kysely<DB>,
  workspaceId: string,
  failures: readonly FailedEvent[],
): Promise<void> {
  if (failures.length === 0) return;
  const rows = failures.map((f) => ({
    i: f.batchId,
    n: f.position,
    m: f.messageId,
    p: f.payload ?? null,
    r: f.receivedAt.toISOString(),
    e: f.reason.slice(0, 2000),
  }));
  await sql`
    INSERT INTO inbound_failures (workspace_id, id, position, message_id, payload, received_at, error)
    SELECT ${workspaceId}::uuid, u.i, u.n, u.m, coalesce(u.p, 'null'::jsonb), u.r, u.e
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      AS u(i bigint, n integer, m text, p jsonb, r timestamptz, e text)
    ON CONFLICT (workspace_id, id, position) DO NOTHING`.execute(db);
}

/**
 * Errors that say nothing about the events — a socket error (`E…` codes), or an SQLSTATE of lost
 * connection, deadlock/serialization, lock not available, shutdown or resources: the batch is
 * retried later as a whole. Anything else (data and constraint errors, errors thrown while
 * processing) may be caused by one event, which bisection finds.
 */
export function isTransient(error: unknown): boolean {
  const code = error instanceof Error && 'code' in error ? error.code : undefined;
  if (typeof code !== 'string') return false;
  if (code.startsWith('E')) return true;
  return ['08', '40', '53', '55', '57', '58', 'XX'].includes(code.slice(0, 2));
}

/** The message of an error, for inbound_failures.error. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
