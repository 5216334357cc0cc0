import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { workerIsDead } from '../email/claim-sends.ts';

/** A step claimed for execution, with its run. */
export interface ClaimedStep {
  workspace_id: string;
  id: number;
  run_id: string;
  track: string;
  step: string;
  contact_id: string | null;
  created_at: Date;
  claimed_at: Date;
  play_id: string;
  version: number;
  account_id: string;
  entered_at: Date;
}

/**
 * Claim up to `limit` due steps of active plays, oldest due first, across workspaces: marked
 * `running` with the claim time, in one statement whose row locks skip what another worker holds
 * (FOR UPDATE SKIP LOCKED), so any number of workers share the work without waiting on each other.
 */
export async function claimDueSteps(
  db: Kysely<DB>,
  limit: number,
  workerId: string | null = null,
): Promise<ClaimedStep[]> {
  const rows = await sql<ClaimedStep>`
    WITH due AS (
      SELECT s.workspace_id, s.id FROM play_steps s
      WHERE s.status = 'due' AND s.due_at <= now()
        AND EXISTS (SELECT 1 FROM play_runs r JOIN plays p ON p.workspace_id = r.workspace_id AND p.id = r.play_id
          WHERE r.workspace_id = s.workspace_id AND r.id = s.run_id AND p.status = 'active')
      ORDER BY s.due_at
      LIMIT ${limit}
      FOR UPDATE OF s SKIP LOCKED
    )
    UPDATE play_steps s SET status = 'running', claimed_at = clock_timestamp(), claimed_by = ${workerId},
      attempts = s.attempts + 1
    FROM due, play_runs r
    WHERE s.workspace_id = due.workspace_id AND s.id = due.id
      AND r.workspace_id = s.workspace_id AND r.id = s.run_id
    RETURNING s.workspace_id, s.id, s.run_id, s.track, s.step, s.contact_id, s.created_at, s.claimed_at,
      r.play_id, r.version, r.account_id, r.entered_at`.execute(db);
  return rows.rows;
}

/**
 * Steps left `running` by a worker that died (a process on this host that no longer runs, or a claim
 * older than `leaseMs`): back to `due` when
 * nothing outside the database was started for them (their transaction never committed, so nothing
 * happened), `uncertain` when an outside effect was started and its outcome never recorded — those
 * are surfaced (play dashboard, API) and never repeated on their own. Returns [requeued, uncertain].
 */
export async function recoverStaleSteps(db: Kysely<DB>, leaseMs = 120_000): Promise<[number, number]> {
  const owners = await db
    .selectFrom('play_steps')
    .select('claimed_by')
    .distinct()
    .where('status', '=', 'running')
    .where('claimed_by', 'is not', null)
    .execute();
  const dead = owners.flatMap((o) => (o.claimed_by && workerIsDead(o.claimed_by) ? [o.claimed_by] : []));
  const rows = await sql<{ status: string; n: number }>`
    WITH stale AS (
      SELECT s.workspace_id, s.id,
        EXISTS (SELECT 1 FROM play_effects e WHERE e.workspace_id = s.workspace_id
          AND e.effect_key = s.run_id || ':' || s.track || ':' || s.step || ':' || coalesce(s.contact_id::text, '-')
          AND e.status = 'started') AS started
      FROM play_steps s
      WHERE s.status = 'running' AND (s.claimed_by = ANY (${dead}::text[])
        OR s.claimed_at < clock_timestamp() - make_interval(secs => ${leaseMs / 1000}))
      FOR UPDATE OF s SKIP LOCKED
    )
    UPDATE play_steps s SET status = CASE WHEN stale.started THEN 'uncertain' ELSE 'due' END,
      outcome = CASE WHEN stale.started THEN jsonb_build_object('reason', 'worker stopped during an outside effect')
        ELSE s.outcome END
    FROM stale WHERE s.workspace_id = stale.workspace_id AND s.id = stale.id
    RETURNING s.status, 1 AS n`.execute(db);
  const uncertain = rows.rows.filter((r) => r.status === 'uncertain').length;
  return [rows.rows.length - uncertain, uncertain];
}

/** The idempotency key of a step's effect: run, track, step and person. */
export function effectKey(step: {
  run_id: string;
  track: string;
  step: string;
  contact_id: string | null;
}): string {
  return `${step.run_id}:${step.track}:${step.step}:${step.contact_id ?? '-'}`;
}

/** Give claimed steps back (a worker stopping before it got to them): due again, for any worker. */
export async function releaseSteps(
  db: Kysely<DB>,
  steps: readonly Pick<ClaimedStep, 'workspace_id' | 'id'>[],
  workerId: string,
): Promise<void> {
  if (steps.length === 0) return;
  await sql`
    UPDATE play_steps s SET status = 'due', claimed_at = NULL, claimed_by = NULL, attempts = s.attempts - 1
    FROM unnest(${steps.map((s) => s.workspace_id)}::uuid[], ${steps.map((s) => s.id)}::bigint[]) AS r(workspace_id, id)
    WHERE s.workspace_id = r.workspace_id AND s.id = r.id AND s.status = 'running' AND s.claimed_by = ${workerId}`.execute(
    db,
  );
}
