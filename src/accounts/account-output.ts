import type { Kysely } from 'kysely';
import { z } from 'zod';
import { accountOutSchema } from '../contracts/account-contract.ts';
import type { Account, DB } from '../db/schema.ts';
import { originalsOf } from '../normalize/originals.ts';
import type { AccountDerived } from './load-account-derived.ts';

/** An account as the API returns it (camelCase); the contract is shared with the web app. */
export const AccountOutSchema = accountOutSchema(z.date());
export type AccountOut = z.infer<typeof AccountOutSchema>;

/**
 * The API view of an account row plus its domains (primary first) and the values kept in the narrow
 * per-account tables (fit, stage, engagement; see loadAccountDerived).
 */
export function toAccountOut(
  row: Account,
  domains: string[],
  derived: AccountDerived | undefined,
): AccountOut {
  return {
    id: row.id,
    name: row.name,
    domain: row.domain,
    domains,
    website: row.website,
    industry: row.industry,
    employeeCount: row.employee_count,
    annualRevenue: row.annual_revenue,
    currency: row.currency,
    country: row.country,
    region: row.region,
    regionCode: row.region_code,
    city: row.city,
    phone: row.phone,
    technologies: row.technologies,
    parentId: row.parent_id,
    ownerId: row.owner_id,
    lifecycle: row.lifecycle,
    isTarget: row.is_target,
    tier: row.tier,
    fitScore: derived?.fitScore ?? null,
    fitGrade: derived?.fitGrade ?? null,
    fitProbability: derived?.fitProbability ?? null,
    stage: derived?.stage ?? null,
    stageSince: derived?.stageSince ?? null,
    engagementScore: derived?.engagementScore ?? null,
    momentum: derived?.momentum ?? null,
    lastActivityAt: derived?.lastActivityAt ?? null,
    tierOverride: row.tier_override,
    tierCluster: row.tier_cluster,
    salesforceId: row.salesforce_id,
    hubspotId: row.hubspot_id,
    externalIds: row.external_ids,
    custom: row.custom,
    originals: originalsOf(row),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Domains of each account (primary first, then alphabetical), for a page of accounts. */
export async function loadAccountDomains(
  db: Kysely<DB>,
  workspaceId: string,
  accountIds: string[],
): Promise<Map<string, string[]>> {
  const map = new Map<string, string[]>();
  if (accountIds.length === 0) return map;
  const rows = await db
    .selectFrom('account_domains')
    .select(['account_id', 'domain'])
    .where('workspace_id', '=', workspaceId)
    .where('account_id', 'in', accountIds)
    .orderBy('account_id')
    .orderBy('is_primary', 'desc')
    .orderBy('domain')
    .execute();
  for (const row of rows) {
    const list = map.get(row.account_id);
    if (list) list.push(row.domain);
    else map.set(row.account_id, [row.domain]);
  }
  return map;
}
