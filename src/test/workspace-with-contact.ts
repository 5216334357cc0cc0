import type { Database } from '../db/database.ts';
import { createTestWorkspace } from './test-database.ts';

/**
 * A fresh workspace with one account (`Acme`, optional tier) and one contact with `title` there —
 * the smallest world the scoring tests need.
 *
 * @example
 * const { workspaceId, accountId, contactId } = await workspaceWithContact(database, 'Scoring', 'VP Marketing');
 */
export async function workspaceWithContact(
  database: Database,
  name: string,
  title = 'VP Marketing',
  tier: number | null = null,
) {
  const ws = await createTestWorkspace(database, name);
  const { db } = database;
  const account = await db
    .insertInto('accounts')
    .values({ workspace_id: ws.workspaceId, name: 'Acme', tier })
    .returning('id')
    .executeTakeFirstOrThrow();
  const contact = await db
    .insertInto('contacts')
    .values({
      workspace_id: ws.workspaceId,
      account_id: account.id,
      email: `p${Math.random()}@acme.test`,
      title,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { ...ws, accountId: account.id, contactId: contact.id };
}
