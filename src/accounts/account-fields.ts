import { z } from 'zod';
import { CurrencySchema, CustomFieldsSchema, ExternalIdsSchema } from '../records/record-fields.ts';

/**
 * The account fields as the API, CSV import and bulk upsert accept them (camelCase). One schema
 * gives validation, TypeScript types and the OpenAPI document.
 */
const text = (max: number) => z.string().trim().max(max);
const nullableText = (max: number) => text(max).nullable().optional();

export const LifecycleSchema = z.enum(['prospect', 'customer', 'churned']);

export const AccountFieldsSchema = z.strictObject({
  name: text(500).min(1, 'is required'),
  /** Primary domain; normalised to the registrable domain. */
  domain: nullableText(2048),
  /** Every domain of the account (the primary one may be repeated here). */
  domains: z.array(text(2048)).max(100).optional(),
  website: nullableText(2048),
  industry: nullableText(200),
  employeeCount: z.number().int().min(0).max(10_000_000).nullable().optional(),
  annualRevenue: z.number().min(0).max(1e15).nullable().optional(),
  currency: CurrencySchema.nullable().optional(),
  country: nullableText(100),
  region: nullableText(100),
  city: nullableText(100),
  technologies: z.array(text(200)).max(500).optional(),
  parentId: z.uuid().nullable().optional(),
  ownerId: z.uuid().nullable().optional(),
  lifecycle: LifecycleSchema.optional(),
  isTarget: z.boolean().optional(),
  tier: z.number().int().min(1).max(3).nullable().optional(),
  salesforceId: nullableText(64),
  hubspotId: nullableText(64),
  externalIds: ExternalIdsSchema.optional(),
  custom: CustomFieldsSchema.optional(),
});
export type AccountFields = z.infer<typeof AccountFieldsSchema>;
