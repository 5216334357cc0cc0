import { z } from 'zod';
import { normalizeDomain } from '../matching/normalize-domain.ts';
import { toCountryCode } from '../normalize/country.ts';

const Country = z
  .string()
  .trim()
  .min(2)
  .max(60)
  .transform((text, ctx) => {
    const code = toCountryCode(text);
    if (!code) ctx.addIssue({ code: 'custom', message: `unknown country "${text}"` });
    return code ?? text;
  });

const Domain = z
  .string()
  .trim()
  .min(3)
  .max(253)
  .transform((text, ctx) => {
    const domain = normalizeDomain(text);
    if (!domain) ctx.addIssue({ code: 'custom', message: `not a domain: "${text}"` });
    return domain ?? text;
  });

/**
 * What an account must be for a rule to apply: every condition given must hold (each list is "any
 * of"). No condition at all makes a fallback that takes every account.
 */
export const RuleMatchSchema = z.strictObject({
  /** Territory: the account's country (ISO code or name; stored as the ISO code). */
  countries: z.array(Country).min(1).max(300).optional(),
  /** Territory: the account's region, by ISO 3166-2 code (`US-CA`) or name, case-insensitive. */
  regions: z.array(z.string().trim().min(1).max(100)).min(1).max(500).optional(),
  /** The account's tier (1–3). */
  tiers: z.array(z.number().int().min(1).max(3)).min(1).max(3).optional(),
  /** Named accounts, by domain… */
  domains: z.array(Domain).min(1).max(10_000).optional(),
  /** …or by id. */
  accountIds: z.array(z.uuid()).min(1).max(10_000).optional(),
  /** Only target accounts. */
  targetOnly: z.boolean().optional(),
});
export type RuleMatch = z.output<typeof RuleMatchSchema>;

/** Who gets a matched account: one owner, or a round robin over owners, each up to a capacity. */
export const RuleAssignSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('owner'), ownerId: z.uuid() }),
  z.strictObject({
    type: z.literal('round_robin'),
    ownerIds: z
      .array(z.uuid())
      .min(1)
      .max(100)
      .refine((ids) => new Set(ids).size === ids.length, 'owners must not repeat'),
    /** At most this many accounts per owner (all accounts they own, however they got them); null: no limit. */
    maxAccountsPerOwner: z.number().int().min(1).max(1_000_000).nullable().default(null),
  }),
]);
export type RuleAssign = z.output<typeof RuleAssignSchema>;

export const RuleInputSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  /** Rules are tried from the lowest priority number up; the first that matches and can assign wins. */
  priority: z.number().int().min(0).max(100_000),
  active: z.boolean().default(true),
  match: RuleMatchSchema.default({}),
  assign: RuleAssignSchema,
});
export type RuleInput = z.output<typeof RuleInputSchema>;

export interface RoutingRule extends RuleInput {
  id: string;
}

/** The account fields rules read. */
export interface RoutableAccount {
  id: string;
  country: string | null;
  region: string | null;
  regionCode: string | null;
  tier: number | null;
  domain: string | null;
  isTarget: boolean;
}

export interface RuleCheck {
  condition: string;
  passed: boolean;
  detail: string;
}

/** The kind of a rule, as the audit and the API name it. */
export function ruleKind(rule: Pick<RuleInput, 'match' | 'assign'>): string {
  const m = rule.match;
  const kinds = [
    m.domains || m.accountIds ? 'named accounts' : null,
    m.countries || m.regions ? 'territory' : null,
    m.tiers ? 'tier' : null,
    m.targetOnly ? 'targets' : null,
  ].filter((k): k is string => k !== null);
  const base = kinds.length > 0 ? kinds.join(' + ') : 'fallback';
  return rule.assign.type === 'round_robin' ? `${base}, round robin` : base;
}

/** Each condition of a rule checked against an account, saying why it passed or not. */
export function checkRule(match: RuleMatch, account: RoutableAccount): RuleCheck[] {
  const checks: RuleCheck[] = [];
  const shown = (v: string | number | null) => (v === null ? 'none' : String(v));
  if (match.countries) {
    const passed = account.country !== null && match.countries.includes(account.country);
    checks.push({
      condition: 'country',
      passed,
      detail: `country ${shown(account.country)} ${passed ? 'in' : 'not in'} [${match.countries.join(', ')}]`,
    });
  }
  if (match.regions) {
    const wanted = match.regions.map((r) => r.toLowerCase());
    const have = [account.regionCode, account.region].flatMap((r) => (r ? [r.toLowerCase()] : []));
    const passed = have.some((r) => wanted.includes(r));
    checks.push({
      condition: 'region',
      passed,
      detail: `region ${shown(account.regionCode ?? account.region)} ${passed ? 'in' : 'not in'} [${match.regions.join(', ')}]`,
    });
  }
  if (match.tiers) {
    const passed = account.tier !== null && match.tiers.includes(account.tier);
    checks.push({
      condition: 'tier',
      passed,
      detail: `tier ${shown(account.tier)} ${passed ? 'in' : 'not in'} [${match.tiers.join(', ')}]`,
    });
  }
  if (match.domains || match.accountIds) {
    const byDomain = account.domain !== null && (match.domains ?? []).includes(account.domain);
    const byId = (match.accountIds ?? []).includes(account.id);
    checks.push({
      condition: 'named account',
      passed: byDomain || byId,
      detail: byId
        ? 'the account is named by id'
        : byDomain
          ? `domain ${account.domain} is named`
          : `domain ${shown(account.domain)} is not a named account`,
    });
  }
  if (match.targetOnly) {
    checks.push({
      condition: 'target',
      passed: account.isTarget,
      detail: account.isTarget ? 'a target account' : 'not a target account',
    });
  }
  if (checks.length === 0)
    checks.push({ condition: 'fallback', passed: true, detail: 'takes every account' });
  return checks;
}
