import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/record-audit.ts';
import type { AuthContext } from '../auth/auth-context.ts';
import type { DB } from '../db/schema.ts';
import { HttpProblem } from '../errors/problem.ts';
import { auditChanges } from '../records/audit-changes.ts';
import { loadAccountDomains, toAccountOut } from './account-output.ts';
import { loadAccountDerived } from './load-account-derived.ts';

/**
 * Delete an account of the workspace (404 otherwise). Its domains and notes go with it; contacts,
 * opportunities, child accounts and activities stay, unlinked. Audited with the deleted values.
 */
export async function deleteAccount(db: Kysely<DB>, ctx: AuthContext, id: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const domains = await loadAccountDomains(trx, ctx.workspaceId, [id]);
    const derived = await loadAccountDerived(trx, ctx.workspaceId, [id]);
    // Contacts lose the link and how it was made (the foreign key alone would keep a stale method).
    await trx
      .updateTable('contacts')
      .set({ account_id: null, match_method: null, match_confidence: null })
      .where('workspace_id', '=', ctx.workspaceId)
      .where('account_id', '=', id)
      .execute();
    const row = await trx
      .deleteFrom('accounts')
      .where('workspace_id', '=', ctx.workspaceId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new HttpProblem(404, 'Not found', { detail: `No account ${id} in this workspace` });
    await trx
      .updateTable('activities')
      .set({ account_id: null })
      .where('workspace_id', '=', ctx.workspaceId)
      .where('account_id', '=', id)
      .execute();
    await recordAudit(trx, ctx, {
      action: 'account.delete',
      objectType: 'account',
      objectId: id,
      changes: auditChanges(toAccountOut(row, domains.get(id) ?? [], derived.get(id)), null, [
        'id',
        'createdAt',
        'updatedAt',
      ]),
    });
  });
}
