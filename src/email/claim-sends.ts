import { hostname } from 'node:os';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { SendKind } from './tables.ts';

/** A send claimed by a worker. */
export interface ClaimedSend {
  workspace_id: string;
  id: string;
  batch_id: string;
  send_key: string;
  recipient_hash: string;
  email: string | null;
  contact_id: string | null;
  account_id: string | null;
  kind: SendKind;
  topic: string | null;
  attempts: number;
  queued_at: Date;
}

/** A worker id naming its host and process, so a restarted server can tell its dead predecessor's claims. */
export function newWorkerId(): string {
  return `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
}

/**
 * Claim up to `limit` due sends (any workspace, oldest due first) with `FOR UPDATE SKIP LOCKED`: any
 * number of workers, in any number of processes, never claim one send twice. Claimed is not yet
 * in flight: a claim whose worker dies before the SMTP transaction goes back to the queue. With a
 * workspace id, only that workspace's sends (`openabm email send --wait`, tests).
 */
export async function claimSends(
  db: Kysely<DB>,
  workerId: string,
  limit: number,
  workspaceId: string | null = null,
): Promise<ClaimedSend[]> {
  const result = await sql<ClaimedSend>`
    UPDATE email_sends s
       SET status = 'claimed', claimed_at = now(), claimed_by = ${workerId}, updated_at = now()
      FROM (SELECT workspace_id, id FROM email_sends
             WHERE status = 'queued' AND due_at <= now()
               AND (${workspaceId}::uuid IS NULL OR workspace_id = ${workspaceId}::uuid)
             ORDER BY due_at
             LIMIT ${limit}
             FOR UPDATE SKIP LOCKED) q
     WHERE s.workspace_id = q.workspace_id AND s.id = q.id
    RETURNING s.workspace_id, s.id, s.batch_id, s.send_key, s.recipient_hash, s.email, s.contact_id, s.account_id,
              s.kind, s.topic, s.attempts, s.queued_at`.execute(db);
  return result.rows;
}

/** Whether a worker id names a process on this host that no longer runs. */
export function workerIsDead(workerId: string): boolean {
  const [host, pidText] = workerId.split(':');
  const pid = Number(pidText);
  if (host !== hostname() || !Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return error instanceof Error && 'code' in error && error.code === 'ESRCH';
  }
}

/**
 * Settle the claims of workers that are gone (a process on this host that no longer runs, or a claim
 * older than `leaseMs`): a send only claimed goes back to the queue; a send that was in its SMTP
 * transaction (`sending`) becomes `uncertain` — the server may have taken it, so it is surfaced for
 * a person to resolve, never sent again on its own. Returns the counts.
 */
export async function recoverStaleSends(
  db: Kysely<DB>,
  leaseMs: number,
): Promise<{ requeued: number; uncertain: number }> {
  const owners = await db
    .selectFrom('email_sends')
    .select('claimed_by')
    .distinct()
    .where('status', 'in', ['claimed', 'sending'])
    .execute();
  const dead = owners.flatMap((o) => (o.claimed_by && workerIsDead(o.claimed_by) ? [o.claimed_by] : []));
  const stale = sql<boolean>`(claimed_by = ANY(${dead}::text[]) OR claimed_at < now() - make_interval(secs => ${leaseMs / 1000}))`;
  const requeued = await sql`
    UPDATE email_sends SET status = 'queued', claimed_at = NULL, claimed_by = NULL, updated_at = now()
     WHERE status = 'claimed' AND ${stale}`.execute(db);
  const uncertain = await sql`
    UPDATE email_sends
       SET status = 'uncertain', updated_at = now(),
           reason = 'the sender stopped during the SMTP transaction: the server may or may not have accepted it'
     WHERE status = 'sending' AND ${stale}`.execute(db);
  return {
    requeued: Number(requeued.numAffectedRows ?? 0),
    uncertain: Number(uncertain.numAffectedRows ?? 0),
  };
}
