import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';

/**
 * Lead-to-account routing: unowned contacts at an owned account get the account's owner, each with a
 * `routing_decisions` row. A contact that has an owner keeps it. Runs for the contacts written
 * (`afterContactsWritten`, after the matcher linked them) and for the contacts of accounts that were
 * just routed. Only in workspaces that route (at least one active rule), unless `enabled` says so.
 * Returns the contacts routed.
 */
export async function routeContacts(
  db: Kysely<DB>,
  workspaceId: string,
  by: { contactIds: readonly string[] } | { accountIds: readonly string[] },
  trigger: string,
  options: { enabled?: boolean } = {},
): Promise<number> {
  const ids = 'contactIds' in by ? by.contactIds : by.accountIds;
  if (ids.length === 0) return 0;
  if (!(options.enabled ?? (await routes(db, workspaceId)))) return 0;
  const column = 'contactIds' in by ? sql`c.id` : sql`c.account_id`;
  const result = await sql<{ n: number }>`
    WITH updated AS (
      UPDATE contacts c SET owner_id = a.owner_id, updated_at = now()
      FROM accounts a
      WHERE c.workspace_id = ${workspaceId} AND ${column} = ANY(${[...ids]}::uuid[]) AND c.owner_id IS NULL
        AND a.workspace_id = ${workspaceId} AND a.id = c.account_id AND a.owner_id IS NOT NULL
      RETURNING c.id, c.account_id, a.owner_id
    ), decided AS (
      INSERT INTO routing_decisions (workspace_id, account_id, contact_id, owner_id, reason, trigger)
      SELECT ${workspaceId}, u.account_id, u.id, u.owner_id, 'lead-to-account: the contact gets the owner of the account it is matched to', ${trigger}
      FROM updated u
      RETURNING 1
    )
    SELECT count(*)::int AS n FROM decided`.execute(db);
  return result.rows[0]?.n ?? 0;
}

async function routes(db: Kysely<DB>, workspaceId: string): Promise<boolean> {
  const rule = await db
    .selectFrom('routing_rules')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('active', '=', true)
    .limit(1)
    .executeTakeFirst();
  return rule !== undefined;
}
