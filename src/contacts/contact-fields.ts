import { z } from 'zod';
import { CustomFieldsSchema, ExternalIdsSchema } from '../records/record-fields.ts';

const nullableText = (max: number) => z.string().trim().max(max).nullable().optional();

export const ConsentBasisSchema = z.enum(['consent', 'legitimate_interest', 'contract', 'none']);

/** Contact fields as the API, CSV import and bulk upsert accept them (camelCase). */
export const ContactFieldsSchema = z.strictObject({
  email: z
    .email()
    .max(320)
    .transform((e) => e.toLowerCase())
    .nullable()
    .optional(),
  firstName: nullableText(200),
  lastName: nullableText(200),
  title: nullableText(500),
  phone: nullableText(64),
  country: nullableText(100),
  accountId: z.uuid().nullable().optional(),
  /** The account's Salesforce id (a Salesforce contact export's AccountId) to link by. */
  accountSalesforceId: nullableText(64),
  /** The account's HubSpot record id to link by. */
  accountHubspotId: nullableText(64),
  unsubscribed: z.boolean().optional(),
  bounced: z.boolean().optional(),
  doNotContact: z.boolean().optional(),
  consentBasis: ConsentBasisSchema.nullable().optional(),
  ownerId: z.uuid().nullable().optional(),
  salesforceId: nullableText(64),
  hubspotId: nullableText(64),
  externalIds: ExternalIdsSchema.optional(),
  custom: CustomFieldsSchema.optional(),
});
export type ContactFields = z.infer<typeof ContactFieldsSchema>;
