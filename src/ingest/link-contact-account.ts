import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { matchAndLinkContacts } from '../matching/match-and-link-contacts.ts';

/**
 * Link identified contacts to accounts through the account matcher (email domain, company name…;
 * explicit and manual links are kept, weak matches left for review). The one place ingestion links
 * people to accounts.
 *
 * @returns contact id → account id for those of the contacts that now have an account
 */
export async function linkContactsToAccounts(
  db: Kysely<DB>,
  workspaceId: string,
  contactIds: string[],
): Promise<Map<string, string>> {
  const linked = new Map<string, string>();
  if (contactIds.length === 0) return linked;
  await matchAndLinkContacts(db, workspaceId, contactIds);
  const rows = await db
    .selectFrom('contacts')
    .select(['id', 'account_id'])
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', sql<string>`ANY (${contactIds}::uuid[])`)
    .execute();
  for (const r of rows) if (r.account_id) linked.set(r.id, r.account_id);
  return linked;
}
