import type { Updateable } from 'kysely';
import type { ContactsTable } from '../db/schema.ts';
import { emailDomain } from '../matching/normalize-domain.ts';
import type { NormalizedExtras } from '../normalize/normalize-record.ts';
import type { ContactFields } from './contact-fields.ts';

/**
 * The contact columns set by (part of) the API input; absent fields are left out. The account link
 * fields are resolved separately by linkContactToAccount.
 */
export function contactColumns(input: Partial<ContactFields> & NormalizedExtras): Updateable<ContactsTable> {
  const out: Updateable<ContactsTable> = {};
  if (input.email !== undefined) {
    out.email = input.email || null;
    out.email_domain = emailDomain(input.email);
  }
  if (input.firstName !== undefined) out.first_name = input.firstName || null;
  if (input.lastName !== undefined) out.last_name = input.lastName || null;
  if (input.title !== undefined) out.title = input.title || null;
  if (input.phone !== undefined) out.phone = input.phone || null;
  if (input.country !== undefined) out.country = input.country || null;
  if (input.unsubscribed !== undefined) out.unsubscribed = input.unsubscribed;
  if (input.bounced !== undefined) out.bounced = input.bounced;
  if (input.doNotContact !== undefined) out.do_not_contact = input.doNotContact;
  if (input.consentBasis !== undefined) out.consent_basis = input.consentBasis;
  if (input.ownerId !== undefined) out.owner_id = input.ownerId;
  if (input.countryRaw !== undefined) out.country_raw = input.countryRaw;
  if (input.phoneRaw !== undefined) out.phone_raw = input.phoneRaw;
  if (input.ownerRaw !== undefined) out.owner_raw = input.ownerRaw;
  if (input.salesforceId !== undefined) out.salesforce_id = input.salesforceId || null;
  if (input.hubspotId !== undefined) out.hubspot_id = input.hubspotId || null;
  if (input.externalIds !== undefined) out.external_ids = input.externalIds;
  if (input.custom !== undefined) out.custom = input.custom;
  return out;
}
