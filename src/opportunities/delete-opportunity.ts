import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/record-audit.ts';
import type { AuthContext } from '../auth/auth-context.ts';
import type { DB } from '../db/schema.ts';
import { HttpProblem } from '../errors/problem.ts';
import { auditChanges } from '../records/audit-changes.ts';
import { toOpportunityOut } from './opportunity-output.ts';

/** Delete an opportunity of the workspace (404 otherwise). Audited with the deleted values. */
export async function deleteOpportunity(db: Kysely<DB>, ctx: AuthContext, id: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await trx
      .deleteFrom('opportunities')
      .where('workspace_id', '=', ctx.workspaceId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new HttpProblem(404, 'Not found', { detail: `No opportunity ${id} in this workspace` });
    await recordAudit(trx, ctx, {
      action: 'opportunity.delete',
      objectType: 'opportunity',
      objectId: id,
      changes: auditChanges(toOpportunityOut(row), null, ['id', 'createdAt', 'updatedAt']),
    });
  });
}
