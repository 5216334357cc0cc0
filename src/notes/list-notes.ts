import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { requireAccount } from '../records/record-access.ts';
import { type NoteOut, toNoteOut } from './note-output.ts';

/** An account's notes, newest first (404 when the account is not in the workspace). */
export async function listNotes(db: Kysely<DB>, workspaceId: string, accountId: string): Promise<NoteOut[]> {
  await requireAccount(db, workspaceId, accountId);
  const rows = await db
    .selectFrom('notes')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('account_id', '=', accountId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1000)
    .execute();
  return rows.map(toNoteOut);
}
