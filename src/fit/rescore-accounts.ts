import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { scoreAccountsByRules } from './icp-profile.ts';
import { modelScoreUpdate } from './model-score-sql.ts';
import { getActiveModel } from './stored-model.ts';

/**
 * Rescore accounts after they changed (created, updated, imported): the ICP rule score and, when
 * the workspace has an active model, the model probability, percentile score, grade and reasons.
 * Call after the account write commits (or inside the same transaction, passing the trx).
 */
export async function rescoreAccounts(
  db: Kysely<DB>,
  workspaceId: string,
  accountIds: readonly string[],
): Promise<void> {
  if (accountIds.length === 0) return;
  const model = await getActiveModel(db, workspaceId);
  for (let start = 0; start < accountIds.length; start += 10_000) {
    const ids = accountIds.slice(start, start + 10_000);
    await scoreAccountsByRules(db, workspaceId, ids);
    if (model) {
      await modelScoreUpdate(
        workspaceId,
        model.version,
        model.spec,
        model.coefficients,
        model.quantiles,
        ids,
      ).execute(db);
    }
  }
}
