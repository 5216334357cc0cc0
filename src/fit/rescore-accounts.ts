import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { scoreAccounts } from './score-accounts.ts';

/**
 * Rescore accounts after they changed (created, updated, imported): the ICP rule score and, when
 * the workspace has an active model, the model probability, percentile score and grade, written to
 * account_fit. Call inside the account write's transaction, passing the trx.
 */
export async function rescoreAccounts(
  db: Kysely<DB>,
  workspaceId: string,
  accountIds: readonly string[],
): Promise<void> {
  if (accountIds.length === 0) return;
  await scoreAccounts(db, workspaceId, accountIds);
}
