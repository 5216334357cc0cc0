import type { Kysely } from 'kysely';
import type { Contact, DB } from '../db/schema.ts';

/** The stored contact row (after a write and its derived updates), or throws when it is gone. */
export async function readContact(db: Kysely<DB>, workspaceId: string, id: string): Promise<Contact> {
  return db
    .selectFrom('contacts')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}
