import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/record-audit.ts';
import type { AuthContext } from '../auth/auth-context.ts';
import type { DB } from '../db/schema.ts';
import { HttpProblem } from '../errors/problem.ts';
import { auditChanges } from '../records/audit-changes.ts';
import { toContactOut } from './contact-output.ts';

/** Delete a contact of the workspace (404 otherwise); its activities stay, unlinked. Audited. */
export async function deleteContact(db: Kysely<DB>, ctx: AuthContext, id: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await trx
      .deleteFrom('contacts')
      .where('workspace_id', '=', ctx.workspaceId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new HttpProblem(404, 'Not found', { detail: `No contact ${id} in this workspace` });
    await trx
      .updateTable('activities')
      .set({ contact_id: null })
      .where('workspace_id', '=', ctx.workspaceId)
      .where('contact_id', '=', id)
      .execute();
    await recordAudit(trx, ctx, {
      action: 'contact.delete',
      objectType: 'contact',
      objectId: id,
      changes: auditChanges(toContactOut(row), null, ['id', 'createdAt', 'updatedAt']),
    });
  });
}
