import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/record-audit.ts';
import type { AuthContext } from '../auth/auth-context.ts';
import type { DB } from '../db/schema.ts';
import { HttpProblem } from '../errors/problem.ts';
import { afterOpportunitiesWritten } from '../pipeline/refresh-derived.ts';
import { assertUnique } from '../records/assert-unique.ts';
import { auditChanges } from '../records/audit-changes.ts';
import { assertCanEdit, assertWorkspaceMember } from '../records/record-access.ts';
import { opportunityColumns } from './opportunity-columns.ts';
import type { OpportunityFields } from './opportunity-fields.ts';
import { type OpportunityOut, toOpportunityOut } from './opportunity-output.ts';
import { opportunityState } from './opportunity-state.ts';
import { resolveOpportunityAccount } from './resolve-opportunity-account.ts';

/** Apply a partial update to an opportunity of the workspace (404 otherwise; sales only their own). */
export async function updateOpportunity(
  db: Kysely<DB>,
  ctx: AuthContext,
  id: string,
  patch: Partial<OpportunityFields>,
): Promise<OpportunityOut> {
  return db.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom('opportunities')
      .selectAll()
      .where('workspace_id', '=', ctx.workspaceId)
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!current)
      throw new HttpProblem(404, 'Not found', { detail: `No opportunity ${id} in this workspace` });
    const before = toOpportunityOut(current);
    assertCanEdit(ctx, before, patch);
    const state = opportunityState(before, patch);
    if (patch.ownerId !== undefined && patch.ownerId !== current.owner_id)
      await assertWorkspaceMember(trx, ctx.workspaceId, patch.ownerId);
    await assertUnique(trx, 'opportunities', ctx.workspaceId, id, [
      { column: 'salesforce_id', value: patch.salesforceId, path: 'body.salesforceId' },
      { column: 'hubspot_id', value: patch.hubspotId, path: 'body.hubspotId' },
    ]);
    const accountId = await resolveOpportunityAccount(trx, ctx.workspaceId, patch);
    const row = await trx
      .updateTable('opportunities')
      .set({
        ...opportunityColumns(patch),
        ...(accountId !== undefined ? { account_id: accountId } : {}),
        is_closed: state.isClosed,
        is_won: state.isWon,
        updated_at: new Date(),
      })
      .where('workspace_id', '=', ctx.workspaceId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await afterOpportunitiesWritten(trx, ctx.workspaceId, [row.account_id, before.accountId]);
    const after = toOpportunityOut(row);
    const changes = auditChanges(before, after, ['updatedAt']);
    if (Object.keys(changes).length > 0) {
      await recordAudit(trx, ctx, {
        action: 'opportunity.update',
        objectType: 'opportunity',
        objectId: id,
        changes,
      });
    }
    return after;
  });
}
