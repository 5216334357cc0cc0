import { type Kysely, sql } from 'kysely';
import { plannedWorkspace } from '../../db/planned-workspace.ts';
import type { DB } from '../../db/schema.ts';
import { ensureSignalSettings } from '../signal-config.ts';
import { withoutJit } from '../without-jit.ts';
import { loadStageModel } from './load-stage-model.ts';
import { stageCaseSql, stageFactsJoinSql } from './stage-conditions-sql.ts';

/** The NOTIFY channel raised after new signal_events rows (payload: workspace id). */
export const SIGNAL_EVENTS_CHANNEL = 'openabm_signal_events';

/**
 * Re-evaluate the journey stage of the given accounts (or every account of the workspace) in one
 * set-based statement. Each change updates account_stages, appends account_stage_history (from, to,
 * at, reason) and a `stage_changed` row to the signal_events outbox, then NOTIFYs
 * `openabm_signal_events`. An evaluated account always has a stage row (first evaluation in the first
 * stage writes one without history); accounts never evaluated are in the first stage. account_stages.position
 * is the new stage's position in the model. Call after opportunity changes; applyActivities and
 * recomputeWorkspace call it themselves. Returns the number of accounts whose stage changed.
 *
 * @example
 * await evaluateStages(trx, workspaceId, [opportunity.accountId], 'opportunity');
 */
export async function evaluateStages(
  db: Kysely<DB>,
  workspaceId: string,
  accountIds: readonly string[] | 'all',
  reason = 'activity',
): Promise<number> {
  if (accountIds !== 'all' && accountIds.length === 0) return 0;
  await ensureSignalSettings(db, workspaceId);
  const model = await loadStageModel(db, workspaceId);
  const floor = model[0]?.key ?? 'unaware';
  const context = { workspaceId, facts: accountIds === 'all' };
  const stageCase = stageCaseSql(model, context);
  const ws = workspaceId;
  const keys = model.map((s) => s.key);
  // The rows the conditions read (`acc`, `ae` with the half-life, the current stage `st`): for a
  // list of accounts, primary-key lookups per account (LIMIT 1 keeps each a parameterised index
  // probe whatever the planner's statistics), so evaluating a batch costs O(accounts) however many
  // accounts, engagement and stage rows the workspace holds; for the whole workspace, plain joins
  // and one aggregate per windowed condition kind (stageFactsJoinSql) instead of per-account probes.
  const source =
    accountIds === 'all'
      ? sql`accounts acc
        LEFT JOIN (
          SELECT e.account_id, e.score, e.as_of, e.last_activity_at, s.half_life_days
          FROM account_engagement e JOIN signal_settings s ON s.workspace_id = e.workspace_id
          WHERE e.workspace_id = ${ws}
        ) ae ON ae.account_id = acc.id
        LEFT JOIN account_stages st ON st.workspace_id = ${ws} AND st.account_id = acc.id
        ${stageFactsJoinSql(model, context)}
        WHERE acc.workspace_id = ${ws}`
      : sql`(SELECT DISTINCT unnest(${[...accountIds]}::uuid[]) AS id) k
        CROSS JOIN LATERAL (
          SELECT * FROM accounts x WHERE x.workspace_id = ${plannedWorkspace(ws)} AND x.id = k.id LIMIT 1
        ) acc
        LEFT JOIN LATERAL (
          SELECT e.score, e.as_of, e.last_activity_at, s.half_life_days
          FROM account_engagement e JOIN signal_settings s ON s.workspace_id = e.workspace_id
          WHERE e.workspace_id = ${plannedWorkspace(ws)} AND e.account_id = acc.id LIMIT 1
        ) ae ON true
        LEFT JOIN LATERAL (
          SELECT x.stage FROM account_stages x
          WHERE x.workspace_id = ${plannedWorkspace(ws)} AND x.account_id = acc.id LIMIT 1
        ) st ON true`;
  const statement = sql<{ changed: number }>`
    WITH target AS (
      SELECT acc.id AS account_id, ${stageCase} AS stage, st.stage AS current
      FROM ${source}
    ), changed AS (
      SELECT t.account_id, coalesce(t.current, ${floor}) AS from_stage, t.stage AS to_stage
      FROM target t
      WHERE coalesce(t.current, ${floor}) <> t.stage
      ORDER BY t.account_id
    ), upsert AS (
      INSERT INTO account_stages AS s (workspace_id, account_id, stage, since, position)
      SELECT ${workspaceId}::uuid, account_id, to_stage, now(), array_position(${keys}::text[], to_stage) - 1
      FROM changed
      UNION ALL
      -- An account evaluated for the first time in the first stage gets its row too (no change, so
      -- no history or event), so lists can filter and sort on every account's stage.
      SELECT ${workspaceId}::uuid, t.account_id, t.stage::text, now(), array_position(${keys}::text[], t.stage) - 1
      FROM target t WHERE t.current IS NULL AND t.stage = ${floor}
      ON CONFLICT (workspace_id, account_id) DO UPDATE SET
        stage = excluded.stage, since = excluded.since, position = excluded.position
    ), history AS (
      INSERT INTO account_stage_history (workspace_id, account_id, from_stage, to_stage, at, reason)
      SELECT ${workspaceId}, account_id, from_stage, to_stage, now(), ${reason} FROM changed
    ), outbox AS (
      INSERT INTO signal_events (workspace_id, type, account_id, payload)
      SELECT ${workspaceId}, 'stage_changed', account_id,
        jsonb_build_object('from', from_stage, 'to', to_stage, 'reason', ${reason}::text)
      FROM changed
    )
    SELECT count(*)::int AS changed FROM changed`;
  return withoutJit(db, async (trx) => {
    const result = await statement.execute(trx);
    const changed = result.rows[0]?.changed ?? 0;
    // Wake outbox consumers (delivered on commit; the payload is the workspace id).
    if (changed > 0) await sql`SELECT pg_notify(${SIGNAL_EVENTS_CHANNEL}, ${workspaceId})`.execute(trx);
    return changed;
  });
}
