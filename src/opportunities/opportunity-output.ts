import { z } from 'zod';
import type { Opportunity } from '../db/schema.ts';
import { OriginalsSchema, originalsOf } from '../normalize/originals.ts';

/** An opportunity as the API returns it (camelCase). */
export const OpportunityOutSchema = z.object({
  id: z.string(),
  accountId: z.string().nullable(),
  name: z.string(),
  stage: z.string(),
  amount: z.number().nullable(),
  currency: z.string().nullable(),
  createdDate: z.string(),
  closeDate: z.string().nullable(),
  isClosed: z.boolean(),
  isWon: z.boolean(),
  ownerId: z.string().nullable(),
  salesforceId: z.string().nullable(),
  hubspotId: z.string().nullable(),
  externalIds: z.record(z.string(), z.string()),
  custom: z.record(z.string(), z.unknown()),
  originals: OriginalsSchema,
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type OpportunityOut = z.infer<typeof OpportunityOutSchema>;

/** The API view of an opportunity row. */
export function toOpportunityOut(row: Opportunity): OpportunityOut {
  return {
    id: row.id,
    accountId: row.account_id,
    name: row.name,
    stage: row.stage,
    amount: row.amount,
    currency: row.currency,
    createdDate: row.created_date,
    closeDate: row.close_date,
    isClosed: row.is_closed,
    isWon: row.is_won,
    ownerId: row.owner_id,
    salesforceId: row.salesforce_id,
    hubspotId: row.hubspot_id,
    externalIds: row.external_ids,
    custom: row.custom,
    originals: originalsOf(row),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
