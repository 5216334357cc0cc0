import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { type FitScoreResult, fitScoreStatement } from './fit-score-sql.ts';
import { getIcpProfile } from './icp-profile.ts';
import { getActiveModel } from './stored-model.ts';

/** Accounts per statement when scoring a list of ids (keeps the id array parameter small). */
const CHUNK = 10_000;

/** How many account_fit rows a scoring pass wrote (which parts changed: only with `countChanges`). */
export interface FitScoreCounts {
  written: number;
  ruleChanged: number;
  modelChanged: number;
  modelVersion: number | null;
}

/**
 * Score the workspace's accounts (or only `accountIds`) with its ICP and, when there is an active
 * model, the model on the model's stored percentile scale: one set-based statement per 10,000
 * accounts writing account_fit (unchanged rows are not written). Call after accounts change, after
 * the ICP changes, or to rescore on demand.
 *
 * @example
 * const { written } = await scoreAccounts(trx, workspaceId, [accountId]);
 */
export async function scoreAccounts(
  db: Kysely<DB>,
  workspaceId: string,
  accountIds?: readonly string[],
  options: { countChanges?: boolean } = {},
): Promise<FitScoreCounts> {
  const counts: FitScoreCounts = { written: 0, ruleChanged: 0, modelChanged: 0, modelVersion: null };
  if (accountIds && accountIds.length === 0) return counts;
  const [{ criteria }, model] = await Promise.all([
    getIcpProfile(db, workspaceId),
    getActiveModel(db, workspaceId),
  ]);
  counts.modelVersion = model?.version ?? null;
  const chunks = accountIds
    ? Array.from({ length: Math.ceil(accountIds.length / CHUNK) }, (_, i) =>
        accountIds.slice(i * CHUNK, (i + 1) * CHUNK),
      )
    : [undefined];
  for (const ids of chunks) {
    const statement = fitScoreStatement({
      workspaceId,
      criteria,
      model,
      quantiles: model?.quantiles ?? [],
      accountIds: ids,
      countChanges: options.countChanges ?? false,
    });
    const row: FitScoreResult | undefined = (await statement.execute(db)).rows[0];
    counts.written += row?.written ?? 0;
    counts.ruleChanged += row?.rule_changed ?? 0;
    counts.modelChanged += row?.model_changed ?? 0;
  }
  return counts;
}
