import { type Kysely, type RawBuilder, sql } from 'kysely';
import { z } from 'zod';
import type { DB } from '../db/schema.ts';

const Threshold = z.number().min(0).max(100);
const Value = z.number().min(0).nullable();
const Capacity = z.number().int().min(0).max(100_000).nullable();

/**
 * Tier rules. An account's rule tier is the first tier whose fit and value thresholds it meets:
 * Tier 1 (1:1 strategic), Tier 2 (1:few), Tier 3 (1:many); below Tier 3's minimum it is not tiered.
 * Capacity per owner: beyond `maxPerOwner` (ranked by fit, then value) accounts drop a tier.
 * Manual overrides (accounts.tier_override) always win and count against capacity.
 */
export const TierRulesSchema = z.strictObject({
  /** What "value" means: revenue, headcount, or open pipeline (sum of open opportunity amounts). */
  valueField: z.enum(['annualRevenue', 'employeeCount', 'openPipeline']).default('annualRevenue'),
  tier1: z
    .strictObject({ minFit: Threshold, minValue: Value, maxPerOwner: Capacity })
    .default({ minFit: 80, minValue: null, maxPerOwner: 20 }),
  tier2: z
    .strictObject({ minFit: Threshold, minValue: Value, maxPerOwner: Capacity })
    .default({ minFit: 60, minValue: null, maxPerOwner: null }),
  tier3: z.strictObject({ minFit: Threshold, minValue: Value }).default({ minFit: 40, minValue: null }),
});
export type TierRules = z.infer<typeof TierRulesSchema>;

/** The workspace's tier rules (defaults when none are saved). */
export async function getTierRules(db: Kysely<DB>, workspaceId: string): Promise<TierRules> {
  const row = await db
    .selectFrom('tier_settings')
    .select('rules')
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirst();
  return TierRulesSchema.parse(row?.rules ?? {});
}

/** Save tier rules. */
export async function saveTierRules(db: Kysely<DB>, workspaceId: string, rules: TierRules): Promise<void> {
  const json = JSON.stringify(rules);
  await db
    .insertInto('tier_settings')
    .values({ workspace_id: workspaceId, rules: json })
    .onConflict((oc) => oc.column('workspace_id').doUpdateSet({ rules: json, updated_at: sql`now()` }))
    .execute();
}

function valueSql(field: TierRules['valueField']): RawBuilder<number | null> {
  if (field === 'employeeCount') return sql`a.employee_count::float8`;
  if (field === 'openPipeline') {
    return sql`(SELECT sum(o.amount)::float8 FROM opportunities o
      WHERE o.workspace_id = a.workspace_id AND o.account_id = a.id AND NOT o.is_closed)`;
  }
  return sql`a.annual_revenue::float8`;
}

function meets(t: { minFit: number; minValue: number | null }): RawBuilder<boolean> {
  const value = t.minValue === null ? sql`true` : sql`coalesce(value >= ${t.minValue}::float8, false)`;
  return sql`(coalesce(fit_score, 0) >= ${t.minFit}::int AND ${value})`;
}

export interface ProposedTier {
  accountId: string;
  ownerId: string | null;
  tier: number | null;
  reason: string;
}

/**
 * Propose a tier for every account of the workspace in one set-based query (nothing is written).
 * Returns tiered accounts only, best first.
 */
export function tierProposalSql(
  workspaceId: string,
  rules: TierRules,
): RawBuilder<{ id: string; owner_id: string | null; tier: number; reason: string }> {
  const cap1 = rules.tier1.maxPerOwner;
  const cap2 = rules.tier2.maxPerOwner;
  return sql`
    WITH base AS (
      SELECT a.id, a.owner_id, f.score AS fit_score, a.tier_override, ${valueSql(rules.valueField)} AS value
      FROM accounts a
      LEFT JOIN account_fit f ON f.workspace_id = a.workspace_id AND f.account_id = a.id
      WHERE a.workspace_id = ${workspaceId}
    ), ruled AS (
      SELECT *, CASE WHEN ${meets(rules.tier1)} THEN 1 WHEN ${meets(rules.tier2)} THEN 2 WHEN ${meets(rules.tier3)} THEN 3 END AS rule_tier
      FROM base
    ), first AS (
      SELECT *,
        count(*) FILTER (WHERE tier_override = 1) OVER (PARTITION BY owner_id) AS overrides1,
        CASE WHEN tier_override IS NULL AND rule_tier = 1 THEN
          row_number() OVER (PARTITION BY owner_id, (tier_override IS NULL AND rule_tier = 1)
            ORDER BY fit_score DESC NULLS LAST, value DESC NULLS LAST, id) END AS rank1
      FROM ruled
    ), capped1 AS (
      SELECT *, CASE
          WHEN tier_override IS NOT NULL THEN tier_override
          WHEN rule_tier = 1 AND ${cap1 === null ? sql`false` : sql`rank1 + overrides1 > ${cap1}::int`} THEN 2
          ELSE rule_tier END AS tier1_applied,
        (rule_tier = 1 AND tier_override IS NULL AND ${cap1 === null ? sql`false` : sql`rank1 + overrides1 > ${cap1}::int`}) AS demoted1
      FROM first
    ), second AS (
      SELECT *,
        count(*) FILTER (WHERE tier_override = 2) OVER (PARTITION BY owner_id) AS overrides2,
        CASE WHEN tier_override IS NULL AND tier1_applied = 2 THEN
          row_number() OVER (PARTITION BY owner_id, (tier_override IS NULL AND tier1_applied = 2)
            ORDER BY fit_score DESC NULLS LAST, value DESC NULLS LAST, id) END AS rank2
      FROM capped1
    )
    SELECT id, owner_id,
      CASE WHEN tier_override IS NULL AND tier1_applied = 2 AND ${cap2 === null ? sql`false` : sql`rank2 + overrides2 > ${cap2}::int`}
        THEN 3 ELSE tier1_applied END AS tier,
      CASE
        WHEN tier_override IS NOT NULL THEN 'manual override'
        WHEN tier1_applied = 2 AND ${cap2 === null ? sql`false` : sql`rank2 + overrides2 > ${cap2}::int`} THEN 'over the owner''s Tier 2 capacity'
        WHEN demoted1 THEN 'over the owner''s Tier 1 capacity'
        ELSE 'fit ' || coalesce(fit_score, 0) || ' meets Tier ' || rule_tier || ' rules'
      END AS reason
    FROM second
    WHERE tier1_applied IS NOT NULL
    ORDER BY 3, fit_score DESC NULLS LAST, id`;
}

/** Propose tiers for the workspace's accounts from its saved rules. */
export async function proposeTiers(db: Kysely<DB>, workspaceId: string): Promise<ProposedTier[]> {
  const rules = await getTierRules(db, workspaceId);
  const result = await tierProposalSql(workspaceId, rules).execute(db);
  return result.rows.map((r) => ({
    accountId: r.id,
    ownerId: r.owner_id,
    tier: Number(r.tier),
    reason: r.reason,
  }));
}
