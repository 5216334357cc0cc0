import { z } from 'zod';
import type { Contact } from '../db/schema.ts';
import { OriginalsSchema, originalsOf } from '../normalize/originals.ts';

/** A contact as the API returns it (camelCase). */
export const ContactOutSchema = z.object({
  id: z.string(),
  accountId: z.string().nullable(),
  email: z.string().nullable(),
  emailDomain: z.string().nullable(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  title: z.string().nullable(),
  phone: z.string().nullable(),
  country: z.string().nullable(),
  matchMethod: z.string().nullable(),
  matchConfidence: z.number().nullable(),
  unsubscribed: z.boolean(),
  bounced: z.boolean(),
  doNotContact: z.boolean(),
  consentBasis: z.enum(['consent', 'legitimate_interest', 'contract', 'none']).nullable(),
  ownerId: z.string().nullable(),
  salesforceId: z.string().nullable(),
  hubspotId: z.string().nullable(),
  externalIds: z.record(z.string(), z.string()),
  custom: z.record(z.string(), z.unknown()),
  originals: OriginalsSchema,
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type ContactOut = z.infer<typeof ContactOutSchema>;

/** The API view of a contact row. */
export function toContactOut(row: Contact): ContactOut {
  return {
    id: row.id,
    accountId: row.account_id,
    email: row.email,
    emailDomain: row.email_domain,
    firstName: row.first_name,
    lastName: row.last_name,
    title: row.title,
    phone: row.phone,
    country: row.country,
    matchMethod: row.match_method,
    matchConfidence: row.match_confidence === null ? null : Math.round(row.match_confidence * 1000) / 1000,
    unsubscribed: row.unsubscribed,
    bounced: row.bounced,
    doNotContact: row.do_not_contact,
    consentBasis: row.consent_basis,
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
