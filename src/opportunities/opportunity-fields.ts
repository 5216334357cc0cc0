import { z } from 'zod';
import { CurrencySchema, CustomFieldsSchema, ExternalIdsSchema } from '../records/record-fields.ts';

const nullableText = (max: number) => z.string().trim().max(max).nullable().optional();
export const IsoDateSchema = z.iso.date({ error: 'must be a date YYYY-MM-DD' });

/** Opportunity fields as the API, CSV import and bulk upsert accept them (camelCase). */
export const OpportunityFieldsSchema = z.strictObject({
  name: z.string().trim().min(1, 'is required').max(500),
  stage: z.string().trim().min(1, 'is required').max(200),
  amount: z.number().min(0).max(1e15).nullable().optional(),
  currency: CurrencySchema.nullable().optional(),
  createdDate: IsoDateSchema.optional(),
  closeDate: IsoDateSchema.nullable().optional(),
  isClosed: z.boolean().optional(),
  isWon: z.boolean().optional(),
  accountId: z.uuid().nullable().optional(),
  accountSalesforceId: nullableText(64),
  accountHubspotId: nullableText(64),
  ownerId: z.uuid().nullable().optional(),
  salesforceId: nullableText(64),
  hubspotId: nullableText(64),
  externalIds: ExternalIdsSchema.optional(),
  custom: CustomFieldsSchema.optional(),
});
export type OpportunityFields = z.infer<typeof OpportunityFieldsSchema>;
