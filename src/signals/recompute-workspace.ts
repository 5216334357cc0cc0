import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { contactActivityTotalsSql } from './contact-activity-totals-sql.ts';
import { contactAttributesSql } from './contact-attributes-sql.ts';
import { recomputeAggregatesSql } from './recompute-aggregates-sql.ts';
import { scoreUpsertCtes } from './score-upserts-sql.ts';
import { ensureSignalSettings } from './signal-config.ts';
import { evaluateStages } from './stages/evaluate-stages.ts';
import { HORIZON_START_AT_SQL } from './weekly-horizon.ts';
import {
  accountAttributesSql,
  signalsLockKey,
  weightedActivitiesSql,
  weightSettingsSql,
} from './weighted-activities-sql.ts';

export interface RecomputeResult {
  activities: number;
  stageChanges: number;
  milliseconds: number;
  /** Milliseconds per step (prepare, totals, scores, topics, stages). */
  steps: Record<string, number>;
}

export interface RecomputeOptions {
  /** Also recount first-party topic weeks (one more pass over the activities). */
  topics?: boolean;
  /**
   * work_mem for the recompute's transaction (default 1GB, never lowered). The aggregates hash a
   * group per contact and account (in each parallel worker) and per account-week of the horizon:
   * 100k accounts with 10M activities peak near 0.5 GB in one hash. With less they spill to
   * temporary files: slower, still correct.
   */
  workMem?: string;
}

/**
 * Rebuild every score, the weekly buckets of the horizon (weekly-horizon.ts) and the sort keys
 * (score_key, momentum) of a workspace from its stored activities with the current weights, then
 * re-evaluate every account's stage. Set-based, in two scans of the activities: the contact and
 * account attributes are computed once into temporary tables and the workspace's score rows are
 * deleted; every activity is summed per stored contact and account with no join per activity
 * (contactActivityTotalsSql, which PostgreSQL runs in parallel workers), and only the activities of
 * the horizon's weeks are weighted one by one, for the weekly buckets; one statement then writes
 * every aggregate with plain inserts (recompute-aggregates-sql.ts). Momentum is computed for the
 * current week like refreshMomentum does, and stages are evaluated set-based. First-party topic
 * weeks do not depend on weights and are kept (topic changes recount their own history);
 * `topics: true` recounts them too, in one more pass. Imported third-party intent is always kept.
 * Takes the workspace's signals lock exclusively, so concurrent ingestion waits and nothing is
 * counted twice or lost. work_mem is raised for its transaction (restored after).
 *
 * @example
 * const { activities, milliseconds } = await recomputeWorkspace(db, workspaceId);
 */
export async function recomputeWorkspace(
  db: Kysely<DB>,
  workspaceId: string,
  options: RecomputeOptions = {},
): Promise<RecomputeResult> {
  const started = performance.now();
  await ensureSignalSettings(db, workspaceId);
  const run = async (trx: Kysely<DB>): Promise<RecomputeResult> => {
    const ws = workspaceId;
    const steps: Record<string, number> = {};
    let mark = performance.now();
    const step = (name: string) => {
      const now = performance.now();
      steps[name] = Math.round(now - mark);
      mark = now;
    };
    const memory = await raiseWorkMem(trx, options.workMem ?? '1GB');
    await sql`SELECT pg_advisory_xact_lock(${signalsLockKey(ws)})`.execute(trx);
    await sql`DROP TABLE IF EXISTS signals_recompute_contacts`.execute(trx);
    await sql`CREATE TEMP TABLE signals_recompute_contacts ON COMMIT DROP AS
      ${contactAttributesSql(ws)}`.execute(trx);
    await sql`ANALYZE signals_recompute_contacts`.execute(trx);
    await sql`DROP TABLE IF EXISTS signals_recompute_accounts`.execute(trx);
    await sql`CREATE TEMP TABLE signals_recompute_accounts ON COMMIT DROP AS ${accountAttributesSql(ws)}`.execute(
      trx,
    );
    await sql`ANALYZE signals_recompute_accounts`.execute(trx);
    await sql`DELETE FROM contact_engagement WHERE workspace_id = ${ws}`.execute(trx);
    await sql`DELETE FROM account_engagement WHERE workspace_id = ${ws}`.execute(trx);
    await sql`DELETE FROM account_persona_engagement WHERE workspace_id = ${ws}`.execute(trx);
    await sql`DELETE FROM account_weekly_activity WHERE workspace_id = ${ws}`.execute(trx);
    const settings = (await weightSettingsSql(ws).execute(trx)).rows[0];
    if (!settings) throw new Error(`no signal settings for workspace ${ws}`);
    step('prepare');
    await sql`DROP TABLE IF EXISTS signals_recompute_totals`.execute(trx);
    await sql`CREATE TEMP TABLE signals_recompute_totals ON COMMIT DROP AS
      ${contactActivityTotalsSql(ws, settings)}`.execute(trx);
    await sql`ANALYZE signals_recompute_totals`.execute(trx);
    step('totals');
    const all = sql`SELECT * FROM activities WHERE workspace_id = ${ws}`;
    const recent = sql`SELECT * FROM activities WHERE workspace_id = ${ws}
      AND occurred_at >= ${HORIZON_START_AT_SQL}`;
    const contacts = sql`SELECT * FROM signals_recompute_contacts`;
    const accounts = sql`SELECT * FROM signals_recompute_accounts`;
    const scored = await recomputeAggregatesSql({
      workspaceId: ws,
      weighted: weightedActivitiesSql({
        workspaceId: ws,
        activities: recent,
        contacts,
        accounts,
        shape: 'lean',
      }),
      totals: sql`SELECT * FROM signals_recompute_totals`,
      contacts,
      accounts,
      otherMultiplier: settings.other_multiplier,
    }).execute(trx);
    step('scores');
    if (options.topics) {
      await sql`DELETE FROM account_topic_weekly WHERE workspace_id = ${ws} AND third_party_score IS NULL`.execute(
        trx,
      );
      await sql`UPDATE account_topic_weekly SET events = 0 WHERE workspace_id = ${ws} AND events <> 0`.execute(
        trx,
      );
      await sql`
        WITH b AS (${weightedActivitiesSql({ workspaceId: ws, activities: all, contacts, accounts })}),
        ${scoreUpsertCtes(ws, { scores: false, topics: true })}
        SELECT 1`.execute(trx);
    }
    step('topics');
    const stageChanges = await evaluateStages(trx, ws, 'all', 'recompute');
    step('stages');
    await memory.restore();
    return {
      activities: scored.rows[0]?.activities ?? 0,
      stageChanges,
      milliseconds: Math.round(performance.now() - started),
      steps,
    };
  };
  return db.isTransaction ? run(db) : db.transaction().execute(run);
}

/**
 * Set work_mem to at least `size` for the rest of the transaction (at most 128MB on the embedded
 * database, whose WebAssembly heap is small; it spills instead); `restore` puts back the previous
 * value. JIT stays as configured: it pays off on the one pass over millions of rows, and
 * evaluateStages turns it off for its own statement.
 */
async function raiseWorkMem(trx: Kysely<DB>, size: string): Promise<{ restore(): Promise<void> }> {
  const before = await sql<{ work_mem: string; target: string; raise: boolean }>`
    SELECT current_setting('work_mem') AS work_mem, t.target,
      pg_size_bytes(current_setting('work_mem')) < pg_size_bytes(t.target) AS raise
    FROM (SELECT CASE WHEN version() LIKE '%emscripten%' AND pg_size_bytes(${size}) > pg_size_bytes('128MB')
      THEN '128MB' ELSE ${size} END AS target) t`.execute(trx);
  const previous = before.rows[0];
  if (!previous?.raise) return { async restore() {} };
  await sql`SELECT set_config('work_mem', ${previous.target}, true)`.execute(trx);
  return {
    async restore() {
      await sql`SELECT set_config('work_mem', ${previous.work_mem}, true)`.execute(trx);
    },
  };
}
