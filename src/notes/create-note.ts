import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/record-audit.ts';
import type { AuthContext } from '../auth/auth-context.ts';
import type { DB } from '../db/schema.ts';
import { requireAccount } from '../records/record-access.ts';
import { type NoteOut, toNoteOut } from './note-output.ts';

/** Add a note to an account of the workspace (404 otherwise), authored by the caller; audited. */
export async function createNote(
  db: Kysely<DB>,
  ctx: AuthContext,
  accountId: string,
  body: string,
): Promise<NoteOut> {
  return db.transaction().execute(async (trx) => {
    await requireAccount(trx, ctx.workspaceId, accountId);
    const row = await trx
      .insertInto('notes')
      .values({ workspace_id: ctx.workspaceId, account_id: accountId, author_id: ctx.userId, body })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, ctx, {
      action: 'note.create',
      objectType: 'note',
      objectId: row.id,
      changes: { accountId: { old: null, new: accountId }, body: { old: null, new: body } },
    });
    return toNoteOut(row);
  });
}
