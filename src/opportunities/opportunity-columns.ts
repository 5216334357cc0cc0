import type { Updateable } from 'kysely';
import type { OpportunitiesTable } from '../db/schema.ts';
import type { NormalizedExtras } from '../normalize/normalize-record.ts';
import type { OpportunityFields } from './opportunity-fields.ts';

/** The opportunity columns set by (part of) the API input; absent fields are left out. */
export function opportunityColumns(
  input: Partial<OpportunityFields> & NormalizedExtras,
): Updateable<OpportunitiesTable> {
  const out: Updateable<OpportunitiesTable> = {};
  if (input.name !== undefined) out.name = input.name;
  if (input.stage !== undefined) out.stage = input.stage;
  if (input.amount !== undefined) out.amount = input.amount;
  if (input.currency !== undefined) out.currency = input.currency;
  if (input.createdDate !== undefined) out.created_date = input.createdDate;
  if (input.closeDate !== undefined) out.close_date = input.closeDate;
  if (input.isClosed !== undefined) out.is_closed = input.isClosed;
  if (input.isWon !== undefined) out.is_won = input.isWon;
  if (input.ownerId !== undefined) out.owner_id = input.ownerId;
  if (input.currencyRaw !== undefined) out.currency_raw = input.currencyRaw;
  if (input.ownerRaw !== undefined) out.owner_raw = input.ownerRaw;
  if (input.salesforceId !== undefined) out.salesforce_id = input.salesforceId || null;
  if (input.hubspotId !== undefined) out.hubspot_id = input.hubspotId || null;
  if (input.externalIds !== undefined) out.external_ids = input.externalIds;
  if (input.custom !== undefined) out.custom = input.custom;
  return out;
}
