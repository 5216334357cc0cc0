import type { Kysely } from 'kysely';
import type { Account, DB } from '../db/schema.ts';

/** The stored account row (after a write and its derived updates), or throws when it is gone. */
export async function readAccount(db: Kysely<DB>, workspaceId: string, id: string): Promise<Account> {
  return db
    .selectFrom('accounts')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}
