import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { contactAttributesSql } from './contact-attributes-sql.ts';
import { contactColumns, hasColumn } from './optional-columns.ts';
import { scoreUpsertCtes } from './score-upserts-sql.ts';
import { ensureSignalSettings } from './signal-config.ts';
import { evaluateStages } from './stages/evaluate-stages.ts';
import { accountAttributesSql, signalsLockKey, weightedActivitiesSql } from './weighted-activities-sql.ts';

export interface RecomputeResult {
  activities: number;
  stageChanges: number;
  milliseconds: number;
  /** Milliseconds per step (prepare, scores, topics, stages). */
  steps: Record<string, number>;
}

/**
 * Rebuild every score and weekly bucket of a workspace from its stored activities with the current
 * weights, then re-evaluate every account's stage. Set-based SQL: the contact and account
 * attributes are computed once into temporary tables and one pass over the activities feeds all
 * score aggregates. First-party topic weeks do not depend on weights and are kept (topic changes
 * recount their own history); `topics: true` recounts them too, in one more pass. Imported
 * third-party intent is always kept. Takes the workspace's signals lock exclusively, so concurrent ingestion waits and
 * nothing is counted twice or lost.
 *
 * @example
 * const { activities, milliseconds } = await recomputeWorkspace(db, workspaceId);
 */
export async function recomputeWorkspace(
  db: Kysely<DB>,
  workspaceId: string,
  options: { topics?: boolean } = {},
): Promise<RecomputeResult> {
  const started = performance.now();
  await ensureSignalSettings(db, workspaceId);
  const columns = await contactColumns(db);
  const personaMemberships = await hasColumn(db, 'contact_personas', 'persona_id');
  const run = async (trx: Kysely<DB>): Promise<RecomputeResult> => {
    const ws = workspaceId;
    const steps: Record<string, number> = {};
    let mark = performance.now();
    const step = (name: string) => {
      const now = performance.now();
      steps[name] = Math.round(now - mark);
      mark = now;
    };
    await sql`SELECT pg_advisory_xact_lock(${signalsLockKey(ws)})`.execute(trx);
    await sql`DROP TABLE IF EXISTS signals_recompute_contacts`.execute(trx);
    await sql`CREATE TEMP TABLE signals_recompute_contacts ON COMMIT DROP AS
      ${contactAttributesSql(ws, columns)}`.execute(trx);
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
    await sql`DELETE FROM account_topic_weekly WHERE workspace_id = ${ws} AND third_party_score IS NULL`.execute(
      trx,
    );
    await sql`UPDATE account_topic_weekly SET events = 0 WHERE workspace_id = ${ws} AND events <> 0`.execute(
      trx,
    );
    step('prepare');
    const all = sql`SELECT * FROM activities WHERE workspace_id = ${ws}`;
    const contacts = sql`SELECT * FROM signals_recompute_contacts`;
    const accounts = sql`SELECT * FROM signals_recompute_accounts`;
    const scored = await sql<{ n: number }>`
      WITH b AS MATERIALIZED (${weightedActivitiesSql({ workspaceId: ws, activities: all, contacts, accounts, shape: 'lean' })}),
      ${scoreUpsertCtes(ws, { scores: true, topics: false, personaMemberships })}
      SELECT count(*)::int AS n FROM b`.execute(trx);
    step('scores');
    if (options.topics) {
      await sql`
        WITH b AS (${weightedActivitiesSql({ workspaceId: ws, activities: all, contacts, accounts })}),
        ${scoreUpsertCtes(ws, { scores: false, topics: true })}
        SELECT 1`.execute(trx);
    }
    step('topics');
    const stageChanges = await evaluateStages(trx, ws, 'all', 'recompute');
    step('stages');
    return {
      activities: scored.rows[0]?.n ?? 0,
      stageChanges,
      milliseconds: Math.round(performance.now() - started),
      steps,
    };
  };
  return db.isTransaction ? run(db) : db.transaction().execute(run);
}
