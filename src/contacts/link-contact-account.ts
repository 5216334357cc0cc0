import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { HttpProblem } from '../errors/problem.ts';

export interface ContactLinkInput {
  accountId?: string | null | undefined;
  accountSalesforceId?: string | null | undefined;
  accountHubspotId?: string | null | undefined;
}

export interface ContactAccountLink {
  accountId: string;
  matchMethod: 'account_id' | 'salesforce_id' | 'hubspot_id';
  matchConfidence: number;
}

/**
 * The account a contact explicitly references: the given accountId, else the account with the given
 * Salesforce or HubSpot id. An explicit reference that names no account of the workspace is a 422
 * naming the field (prefixed by `pathPrefix`). Null when there is no explicit reference; the matcher
 * (afterContactsWritten) then links the contact by email domain, company name and country.
 */
export async function linkContactToAccount(
  db: Kysely<DB>,
  workspaceId: string,
  input: ContactLinkInput,
  pathPrefix = 'body',
): Promise<ContactAccountLink | null> {
  const explicit = [
    { key: 'accountId', column: 'id', value: input.accountId, method: 'account_id' },
    {
      key: 'accountSalesforceId',
      column: 'salesforce_id',
      value: input.accountSalesforceId,
      method: 'salesforce_id',
    },
    { key: 'accountHubspotId', column: 'hubspot_id', value: input.accountHubspotId, method: 'hubspot_id' },
  ] as const;
  for (const ref of explicit) {
    if (!ref.value) continue;
    const found = await db
      .selectFrom('accounts')
      .select('id')
      .where('workspace_id', '=', workspaceId)
      .where(ref.column, '=', ref.value)
      .executeTakeFirst();
    if (!found) {
      const path = `${pathPrefix}.${ref.key}`;
      throw new HttpProblem(422, 'Unknown reference', {
        detail: `${path}: no account with this id in the workspace`,
        errors: [{ path, message: 'no account with this id in the workspace' }],
      });
    }
    return { accountId: found.id, matchMethod: ref.method, matchConfidence: 1 };
  }
  return null;
}
