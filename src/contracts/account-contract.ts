import { z } from 'zod';
import type { TimestampSchema } from './timestamp.ts';

/**
 * An account as the API returns it (camelCase): list rows, create and update answers. The server and
 * the web app both build it from here (zod only, no server imports).
 *
 * @example
 * const AccountOutSchema = accountOutSchema(z.date()); // server
 * const AccountRow = accountOutSchema(z.string());     // web app, parsing JSON
 */
export function accountOutSchema<T extends TimestampSchema>(timestamp: T) {
  return z.object({
    id: z.string(),
    name: z.string(),
    domain: z.string().nullable(),
    domains: z.array(z.string()),
    website: z.string().nullable(),
    industry: z.string().nullable(),
    employeeCount: z.number().nullable(),
    annualRevenue: z.number().nullable(),
    currency: z.string().nullable(),
    country: z.string().nullable(),
    region: z.string().nullable(),
    regionCode: z.string().nullable().describe('ISO 3166-2 code of the region, where known'),
    city: z.string().nullable(),
    phone: z.string().nullable().describe('E.164'),
    technologies: z.array(z.string()),
    parentId: z.string().nullable(),
    ownerId: z.string().nullable(),
    lifecycle: z.enum(['prospect', 'customer', 'churned']),
    isTarget: z.boolean(),
    tier: z.number().nullable(),
    fitScore: z.number().nullable(),
    fitGrade: z.enum(['A', 'B', 'C', 'D']).nullable(),
    fitProbability: z.number().nullable(),
    stage: z.string().nullable().describe('Journey stage key (null: not evaluated yet)'),
    stageSince: timestamp.nullable(),
    engagementScore: z.number().nullable().describe('Decayed engagement score now (null: no activity yet)'),
    momentum: z.number().nullable(),
    lastActivityAt: timestamp.nullable(),
    tierOverride: z.number().nullable(),
    tierCluster: z.number().nullable(),
    salesforceId: z.string().nullable(),
    hubspotId: z.string().nullable(),
    externalIds: z.record(z.string(), z.string()),
    custom: z.record(z.string(), z.unknown()),
    originals: z
      .record(z.string(), z.string())
      .describe(
        'Values as received where they differ from the stored canonical value, or were not recognised (then the field is null): country, industry, currency, phone, owner',
      ),
    createdAt: timestamp,
    updatedAt: timestamp,
  });
}

/** One account with its parent and how much hangs off it (GET /accounts/{id}). */
export function accountDetailSchema<T extends TimestampSchema>(timestamp: T) {
  return accountOutSchema(timestamp).extend({
    parent: z.object({ id: z.string(), name: z.string() }).nullable(),
    counts: z.object({
      contacts: z.number(),
      opportunities: z.number(),
      openOpportunities: z.number(),
      children: z.number(),
    }),
  });
}
