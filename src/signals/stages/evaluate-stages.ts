import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { hasColumn } from '../optional-columns.ts';
import { ensureSignalSettings } from '../signal-config.ts';
import { loadStageModel } from './load-stage-model.ts';
import { stageCaseSql } from './stage-conditions-sql.ts';

/** The NOTIFY channel raised after new signal_events rows (payload: workspace id). */
export const SIGNAL_EVENTS_CHANNEL = 'openabm_signal_events';

/**
 * Re-evaluate the journey stage of the given accounts (or every account of the workspace) in one
 * set-based statement. Each change updates account_stages, appends account_stage_history (from, to,
 * at, reason) and a `stage_changed` row to the signal_events outbox, then NOTIFYs
 * `openabm_signal_events`. Accounts without a stage row
 * are in the first stage. Call after opportunity changes; applyActivities and recomputeWorkspace
 * call it themselves. Returns the number of accounts whose stage changed.
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
  const hasFitGrade = await hasColumn(db, 'accounts', 'fit_grade');
  const floor = model[0]?.key ?? 'unaware';
  const stageCase = stageCaseSql(model, { workspaceId, hasFitGrade });
  const filter = accountIds === 'all' ? sql`` : sql`AND acc.id = ANY (${[...accountIds]}::uuid[])`;
  // Restrict the engagement rows to the same accounts, so evaluating a few accounts stays O(accounts)
  // instead of reading the workspace's whole engagement table.
  const engagementFilter =
    accountIds === 'all' ? sql`` : sql`AND e.account_id = ANY (${[...accountIds]}::uuid[])`;
  const result = await sql<{ changed: number }>`
    WITH target AS (
      SELECT acc.id AS account_id, ${stageCase} AS stage
      FROM accounts acc
      LEFT JOIN (
        SELECT e.*, s.half_life_days FROM account_engagement e
        JOIN signal_settings s ON s.workspace_id = e.workspace_id
        WHERE e.workspace_id = ${workspaceId} ${engagementFilter}
      ) ae ON ae.account_id = acc.id
      WHERE acc.workspace_id = ${workspaceId} ${filter}
    ), changed AS (
      SELECT t.account_id, coalesce(st.stage, ${floor}) AS from_stage, t.stage AS to_stage
      FROM target t
      LEFT JOIN account_stages st ON st.workspace_id = ${workspaceId} AND st.account_id = t.account_id
      WHERE coalesce(st.stage, ${floor}) <> t.stage
      ORDER BY t.account_id
    ), upsert AS (
      INSERT INTO account_stages AS s (workspace_id, account_id, stage, since)
      SELECT ${workspaceId}, account_id, to_stage, now() FROM changed
      ON CONFLICT (workspace_id, account_id) DO UPDATE SET stage = excluded.stage, since = excluded.since
    ), history AS (
      INSERT INTO account_stage_history (workspace_id, account_id, from_stage, to_stage, at, reason)
      SELECT ${workspaceId}, account_id, from_stage, to_stage, now(), ${reason} FROM changed
    ), outbox AS (
      INSERT INTO signal_events (workspace_id, type, account_id, payload)
      SELECT ${workspaceId}, 'stage_changed', account_id,
        jsonb_build_object('from', from_stage, 'to', to_stage, 'reason', ${reason}::text)
      FROM changed
    )
    SELECT count(*)::int AS changed FROM changed`.execute(db);
  const changed = result.rows[0]?.changed ?? 0;
  // Wake outbox consumers (delivered on commit; the payload is the workspace id).
  if (changed > 0) await sql`SELECT pg_notify(${SIGNAL_EVENTS_CHANNEL}, ${workspaceId})`.execute(db);
  return changed;
}
