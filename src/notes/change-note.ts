import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/record-audit.ts';
import { type AuthContext, hasRole } from '../auth/auth-context.ts';
import type { DB } from '../db/schema.ts';
import { HttpProblem } from '../errors/problem.ts';
import { type NoteOut, toNoteOut } from './note-output.ts';

/**
 * Edit (`body` given) or delete (`body` null) a note of the workspace: only its author or an admin
 * may (403), any other id is a 404. Audited with the old and new body.
 */
export async function changeNote(
  db: Kysely<DB>,
  ctx: AuthContext,
  id: string,
  body: string | null,
): Promise<NoteOut | null> {
  return db.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom('notes')
      .selectAll()
      .where('workspace_id', '=', ctx.workspaceId)
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!current) throw new HttpProblem(404, 'Not found', { detail: `No note ${id} in this workspace` });
    const isAuthor = ctx.userId !== null && current.author_id === ctx.userId;
    if (!isAuthor && !hasRole(ctx.role, 'admin')) {
      throw new HttpProblem(403, 'Forbidden', { detail: 'Only the author or an admin may change a note' });
    }
    if (body === null) {
      await trx
        .deleteFrom('notes')
        .where('workspace_id', '=', ctx.workspaceId)
        .where('id', '=', id)
        .execute();
      await recordAudit(trx, ctx, {
        action: 'note.delete',
        objectType: 'note',
        objectId: id,
        changes: { body: { old: current.body, new: null } },
      });
      return null;
    }
    const row = await trx
      .updateTable('notes')
      .set({ body, updated_at: new Date() })
      .where('workspace_id', '=', ctx.workspaceId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (body !== current.body) {
      await recordAudit(trx, ctx, {
        action: 'note.update',
        objectType: 'note',
        objectId: id,
        changes: { body: { old: current.body, new: body } },
      });
    }
    return toNoteOut(row);
  });
}
