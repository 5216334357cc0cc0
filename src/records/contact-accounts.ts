import { type Kysely, sql } from 'kysely';
import { plannedWorkspace } from '../db/planned-workspace.ts';
import type { DB } from '../db/schema.ts';

/**
 * The account of each of these contacts (null when it has none), one primary-key probe per contact
 * whatever the statistics say about the workspace (plannedWorkspace). Contacts not in the workspace
 * are left out of the map.
 *
 * @example
 * const accounts = await readContactAccounts(db, workspaceId, [contactId]);
 * accounts.get(contactId); // account id, null, or undefined when there is no such contact
 */
export async function readContactAccounts(
  db: Kysely<DB>,
  workspaceId: string,
  contactIds: readonly string[],
): Promise<Map<string, string | null>> {
  const out = new Map<string, string | null>();
  if (contactIds.length === 0) return out;
  const rows = await sql<{ id: string; account_id: string | null }>`
    SELECT c.id, c.account_id
    FROM unnest(${[...new Set(contactIds)]}::uuid[]) AS u(id)
    CROSS JOIN LATERAL (
      SELECT id, account_id FROM contacts
      WHERE workspace_id = ${plannedWorkspace(workspaceId)} AND id = u.id LIMIT 1
    ) c`.execute(db);
  for (const r of rows.rows) out.set(r.id, r.account_id);
  return out;
}
