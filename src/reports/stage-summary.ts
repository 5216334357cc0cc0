import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { loadStageModel } from '../signals/stages/load-stage-model.ts';

/** Days back that count as "recently entered". */
export const ENTERED_WINDOW_DAYS = 30;

export interface StageSummaryRow {
  key: string;
  name: string;
  /** False for a stage key still stored on accounts but no longer in the model (until a recompute). */
  inModel: boolean;
  /** Accounts currently in the stage (accounts without a stage row count in the first stage). */
  accounts: number;
  /** accounts / all accounts counted, 4 decimals. */
  share: number;
  /** Distinct accounts that entered the stage in the last 30 days (from the stage history). */
  enteredLast30Days: number;
}

export interface StageSummary {
  /** The account filter applied: null for all accounts. */
  isTarget: boolean | null;
  windowDays: number;
  /** In journey order, shallowest first. */
  stages: StageSummaryRow[];
  totals: {
    accounts: number;
    /** Distinct accounts that entered any stage in the last 30 days. */
    enteredLast30Days: number;
  };
}

const share = (n: number, d: number) => (d === 0 ? 0 : Math.round((n / d) * 10000) / 10000);

/**
 * Accounts per journey stage for the dashboard funnel, counted in the database at any size: current
 * counts come from a GROUP BY over the account_stages (workspace_id, stage, since) index (index-only
 * scan), the accounts without a stage row are the workspace's account count minus the staged ones,
 * and recent entries come from account_stage_history over its (workspace_id, at) index.
 * With `isTarget` the counts are restricted to target (or non-target) accounts, driven by the
 * accounts (workspace_id, is_target, …) index — cheap while the targets are a small share.
 *
 * @example
 * const { stages, totals } = await stageSummary(db, workspaceId, { isTarget: true });
 */
export async function stageSummary(
  db: Kysely<DB>,
  workspaceId: string,
  options: { isTarget?: boolean | undefined } = {},
): Promise<StageSummary> {
  const model = await loadStageModel(db, workspaceId);
  const floor = model[0]?.key ?? 'unaware';
  const isTarget = options.isTarget ?? null;
  const [current, entered] = await Promise.all([
    isTarget === null
      ? currentAllAccounts(db, workspaceId, floor)
      : currentFiltered(db, workspaceId, floor, isTarget),
    enteredRecently(db, workspaceId, isTarget),
  ]);
  const total = [...current.values()].reduce((sum, n) => sum + n, 0);
  const modelKeys = new Set(model.map((s) => s.key));
  const rows: StageSummaryRow[] = model.map((s) => row(s.key, s.name, true));
  // Stages still stored but gone from the model go last, so every account is counted somewhere.
  const strays = new Set([...current.keys(), ...entered.byStage.keys()].filter((k) => !modelKeys.has(k)));
  for (const key of [...strays].sort()) rows.push(row(key, key, false));
  return {
    isTarget,
    windowDays: ENTERED_WINDOW_DAYS,
    stages: rows,
    totals: { accounts: total, enteredLast30Days: entered.total },
  };

  function row(key: string, name: string, inModel: boolean): StageSummaryRow {
    const accounts = current.get(key) ?? 0;
    return {
      key,
      name,
      inModel,
      accounts,
      share: share(accounts, total),
      enteredLast30Days: entered.byStage.get(key) ?? 0,
    };
  }
}

/** Stage → accounts over the whole workspace: two index-only aggregates. */
async function currentAllAccounts(
  db: Kysely<DB>,
  workspaceId: string,
  floor: string,
): Promise<Map<string, number>> {
  const [staged, all] = await Promise.all([
    db
      .selectFrom('account_stages')
      .select(['stage', sql<number>`count(*)::int`.as('n')])
      .where('workspace_id', '=', workspaceId)
      .groupBy('stage')
      .execute(),
    db
      .selectFrom('accounts')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('workspace_id', '=', workspaceId)
      .executeTakeFirstOrThrow(),
  ]);
  const counts = new Map(staged.map((r) => [r.stage, Number(r.n)]));
  const stagedTotal = staged.reduce((sum, r) => sum + Number(r.n), 0);
  const unstaged = Math.max(0, Number(all.n) - stagedTotal);
  if (unstaged > 0) counts.set(floor, (counts.get(floor) ?? 0) + unstaged);
  return counts;
}

/** Stage → accounts over the target (or non-target) accounts. */
async function currentFiltered(
  db: Kysely<DB>,
  workspaceId: string,
  floor: string,
  isTarget: boolean,
): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('accounts as a')
    .leftJoin('account_stages as st', (join) =>
      join.onRef('st.workspace_id', '=', 'a.workspace_id').onRef('st.account_id', '=', 'a.id'),
    )
    .select([sql<string>`coalesce(st.stage, ${floor})`.as('stage'), sql<number>`count(*)::int`.as('n')])
    .where('a.workspace_id', '=', workspaceId)
    .where('a.is_target', '=', isTarget)
    .groupBy(sql`1`)
    .execute();
  return new Map(rows.map((r) => [r.stage, Number(r.n)]));
}

/** Distinct accounts that entered each stage (and any stage) in the window. */
async function enteredRecently(
  db: Kysely<DB>,
  workspaceId: string,
  isTarget: boolean | null,
): Promise<{ byStage: Map<string, number>; total: number }> {
  const since = sql`now() - make_interval(days => ${ENTERED_WINDOW_DAYS})`;
  const targetJoin =
    isTarget === null
      ? sql``
      : sql`JOIN accounts a ON a.workspace_id = h.workspace_id AND a.id = h.account_id AND a.is_target = ${isTarget}`;
  // GROUPING SETS: one row per stage plus the all-stages row (to_stage is never null otherwise).
  const { rows } = await sql<{ stage: string | null; n: number }>`
    SELECT h.to_stage AS stage, count(DISTINCT h.account_id)::int AS n
    FROM account_stage_history h ${targetJoin}
    WHERE h.workspace_id = ${workspaceId} AND h.at >= ${since}
    GROUP BY GROUPING SETS ((h.to_stage), ())
  `.execute(db);
  const byStage = new Map<string, number>();
  let total = 0;
  for (const r of rows) {
    if (r.stage === null) total = Number(r.n);
    else byStage.set(r.stage, Number(r.n));
  }
  return { byStage, total };
}
