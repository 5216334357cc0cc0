import type { AccountUpdate } from '../db/schema.ts';
import type { NormalizedExtras } from '../normalize/normalize-record.ts';
import type { AccountFields } from './account-fields.ts';

/**
 * The account columns set by (part of) the API input. Fields absent from the input are left out, so
 * the same mapping serves create and PATCH. Domains are handled separately (normalised, synced).
 */
export function accountColumns(input: Partial<AccountFields> & NormalizedExtras): AccountUpdate {
  const out: AccountUpdate = {};
  if (input.name !== undefined) out.name = input.name;
  if (input.website !== undefined) out.website = input.website || null;
  if (input.industry !== undefined) out.industry = input.industry || null;
  if (input.employeeCount !== undefined) out.employee_count = input.employeeCount;
  if (input.annualRevenue !== undefined) out.annual_revenue = input.annualRevenue;
  if (input.currency !== undefined) out.currency = input.currency;
  if (input.country !== undefined) out.country = input.country || null;
  if (input.region !== undefined) out.region = input.region || null;
  if (input.city !== undefined) out.city = input.city || null;
  if (input.phone !== undefined) out.phone = input.phone || null;
  if (input.countryRaw !== undefined) out.country_raw = input.countryRaw;
  if (input.regionCode !== undefined) out.region_code = input.regionCode;
  if (input.industryRaw !== undefined) out.industry_raw = input.industryRaw;
  if (input.currencyRaw !== undefined) out.currency_raw = input.currencyRaw;
  if (input.phoneRaw !== undefined) out.phone_raw = input.phoneRaw;
  if (input.ownerRaw !== undefined) out.owner_raw = input.ownerRaw;
  if (input.technologies !== undefined) out.technologies = [...new Set(input.technologies.filter(Boolean))];
  if (input.parentId !== undefined) out.parent_id = input.parentId;
  if (input.ownerId !== undefined) out.owner_id = input.ownerId;
  if (input.lifecycle !== undefined) out.lifecycle = input.lifecycle;
  if (input.isTarget !== undefined) out.is_target = input.isTarget;
  if (input.tier !== undefined) out.tier = input.tier;
  if (input.salesforceId !== undefined) out.salesforce_id = input.salesforceId || null;
  if (input.hubspotId !== undefined) out.hubspot_id = input.hubspotId || null;
  if (input.externalIds !== undefined) out.external_ids = input.externalIds;
  if (input.custom !== undefined) out.custom = input.custom;
  return out;
}
