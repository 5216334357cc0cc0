import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/record-audit.ts';
import type { AuthContext } from '../auth/auth-context.ts';
import type { DB } from '../db/schema.ts';
import { afterOpportunitiesWritten } from '../pipeline/refresh-derived.ts';
import { assertUnique } from '../records/assert-unique.ts';
import { auditChanges } from '../records/audit-changes.ts';
import { assertWorkspaceMember } from '../records/record-access.ts';
import { opportunityColumns } from './opportunity-columns.ts';
import type { OpportunityFields } from './opportunity-fields.ts';
import { type OpportunityOut, toOpportunityOut } from './opportunity-output.ts';
import { opportunityState } from './opportunity-state.ts';
import { resolveOpportunityAccount } from './resolve-opportunity-account.ts';

/** Create an opportunity linked to its account (id or account external id), audited, in one transaction. */
export async function createOpportunity(
  db: Kysely<DB>,
  ctx: AuthContext,
  input: OpportunityFields,
): Promise<OpportunityOut> {
  const state = opportunityState({ isClosed: false, isWon: false }, input);
  return db.transaction().execute(async (trx) => {
    await assertWorkspaceMember(trx, ctx.workspaceId, input.ownerId);
    await assertUnique(trx, 'opportunities', ctx.workspaceId, null, [
      { column: 'salesforce_id', value: input.salesforceId, path: 'body.salesforceId' },
      { column: 'hubspot_id', value: input.hubspotId, path: 'body.hubspotId' },
    ]);
    const accountId = await resolveOpportunityAccount(trx, ctx.workspaceId, input);
    const row = await trx
      .insertInto('opportunities')
      .values({
        ...opportunityColumns(input),
        name: input.name,
        stage: input.stage,
        workspace_id: ctx.workspaceId,
        account_id: accountId ?? null,
        is_closed: state.isClosed,
        is_won: state.isWon,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await afterOpportunitiesWritten(trx, ctx.workspaceId, [row.account_id]);
    const out = toOpportunityOut(row);
    await recordAudit(trx, ctx, {
      action: 'opportunity.create',
      objectType: 'opportunity',
      objectId: row.id,
      changes: auditChanges(null, out, ['id', 'createdAt', 'updatedAt']),
    });
    return out;
  });
}
