import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { HttpProblem } from '../errors/problem.ts';

export interface OpportunityAccountRef {
  accountId?: string | null | undefined;
  accountSalesforceId?: string | null | undefined;
  accountHubspotId?: string | null | undefined;
}

/**
 * The account an opportunity belongs to: `accountId`, else the account with that Salesforce or
 * HubSpot id. `undefined` when the input names no account; null when it clears it (`accountId: null`);
 * 422 naming the field when the reference is not an account of the workspace.
 */
export async function resolveOpportunityAccount(
  db: Kysely<DB>,
  workspaceId: string,
  ref: OpportunityAccountRef,
): Promise<string | null | undefined> {
  const refs = [
    { key: 'accountId', column: 'id', value: ref.accountId },
    { key: 'accountSalesforceId', column: 'salesforce_id', value: ref.accountSalesforceId },
    { key: 'accountHubspotId', column: 'hubspot_id', value: ref.accountHubspotId },
  ] as const;
  for (const r of refs) {
    if (!r.value) continue;
    const found = await db
      .selectFrom('accounts')
      .select('id')
      .where('workspace_id', '=', workspaceId)
      .where(r.column, '=', r.value)
      .executeTakeFirst();
    if (!found) {
      throw new HttpProblem(422, 'Unknown reference', {
        detail: `body.${r.key}: no account with this id in the workspace`,
        errors: [{ path: `body.${r.key}`, message: 'no account with this id in the workspace' }],
      });
    }
    return found.id;
  }
  return ref.accountId === null ? null : undefined;
}
