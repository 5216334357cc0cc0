import type { Kysely } from 'kysely';
import type { Account, DB } from '../db/schema.ts';
import { parseListQuery } from '../records/parse-list-query.ts';
import { runListQuery } from '../records/run-list-query.ts';
import { ACCOUNT_LIST_FIELDS, ACCOUNT_SEARCH_COLUMNS } from './account-list-fields.ts';
import { type AccountOut, loadAccountDomains, toAccountOut } from './account-output.ts';
import { loadAccountDerived } from './load-account-derived.ts';

export interface AccountList {
  data: AccountOut[];
  nextCursor: string | null;
}

/**
 * A page of the workspace's accounts for flat list parameters (`industry=Software&sort=-annualRevenue&limit=50`),
 * see parseListQuery for the syntax.
 */
export async function listAccounts(
  db: Kysely<DB>,
  workspaceId: string,
  query: Record<string, unknown>,
): Promise<AccountList> {
  const parsed = parseListQuery(query, {
    fields: ACCOUNT_LIST_FIELDS,
    defaultSort: 'name',
    searchColumns: ACCOUNT_SEARCH_COLUMNS,
  });
  const page = await runListQuery<Account>(db, 'accounts', workspaceId, parsed);
  const ids = page.rows.map((r) => r.id);
  const [domains, derived] = await Promise.all([
    loadAccountDomains(db, workspaceId, ids),
    loadAccountDerived(db, workspaceId, ids),
  ]);
  return {
    data: page.rows.map((r) => toAccountOut(r, domains.get(r.id) ?? [], derived.get(r.id))),
    nextCursor: page.nextCursor,
  };
}
