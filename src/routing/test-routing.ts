import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import type { DB } from '../db/schema.ts';
import { HttpProblem } from '../errors/problem.ts';
import { loadRules } from './load-rules.ts';
import { pickOwner } from './pick-owner.ts';
import { checkRule, type RoutingRule, RuleInputSchema, ruleKind } from './routing-rule.ts';

export const RoutingTestInputSchema = z.strictObject({
  accountId: z.uuid(),
  /** An unsaved rule to try; without it (and without ruleId) every active rule is tried in order. */
  rule: RuleInputSchema.optional(),
  ruleId: z.uuid().optional(),
});

const CheckSchema = z.object({ condition: z.string(), passed: z.boolean(), detail: z.string() });
export const RoutingTestOutSchema = z.object({
  accountId: z.uuid(),
  currentOwnerId: z.uuid().nullable(),
  /** The rule that would assign the account, or null when none would. */
  ruleId: z.uuid().nullable(),
  ruleName: z.string().nullable(),
  ownerId: z.uuid().nullable(),
  why: z.string().nullable(),
  rules: z.array(
    z.object({
      ruleId: z.uuid().nullable(),
      name: z.string(),
      kind: z.string(),
      matched: z.boolean(),
      checks: z.array(CheckSchema),
      ownerId: z.uuid().nullable(),
      note: z.string().nullable(),
    }),
  ),
});
export type RoutingTestOut = z.infer<typeof RoutingTestOutSchema>;

/**
 * Which rule would route an account and to whom, nothing written: each rule's conditions with why
 * they pass or fail, and the owner a round robin would pick now. For an account that already has an
 * owner the answer says what routing would do if it had none.
 */
export async function testRouting(
  db: Kysely<DB>,
  workspaceId: string,
  input: z.output<typeof RoutingTestInputSchema>,
): Promise<RoutingTestOut> {
  const account = await db
    .selectFrom('accounts')
    .select(['id', 'country', 'region', 'region_code', 'tier', 'domain', 'is_target', 'owner_id'])
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', input.accountId)
    .executeTakeFirst();
  if (!account) {
    throw new HttpProblem(422, 'Unknown reference', {
      detail: 'body.accountId: no such account in this workspace',
      errors: [{ path: 'body.accountId', message: 'no such account in this workspace' }],
    });
  }
  let rules: RoutingRule[];
  if (input.rule) rules = [{ ...input.rule, id: '' }];
  else {
    rules = await loadRules(db, workspaceId, { activeOnly: !input.ruleId });
    if (input.ruleId) {
      rules = rules.filter((r) => r.id === input.ruleId);
      if (rules.length === 0) {
        throw new HttpProblem(422, 'Unknown reference', {
          detail: 'body.ruleId: no such routing rule in this workspace',
          errors: [{ path: 'body.ruleId', message: 'no such routing rule in this workspace' }],
        });
      }
    }
  }
  const routable = {
    id: account.id,
    country: account.country,
    region: account.region,
    regionCode: account.region_code,
    tier: account.tier,
    domain: account.domain,
    isTarget: account.is_target,
  };
  const out: RoutingTestOut = {
    accountId: account.id,
    currentOwnerId: account.owner_id,
    ruleId: null,
    ruleName: null,
    ownerId: null,
    why: null,
    rules: [],
  };
  for (const rule of rules) {
    const checks = checkRule(rule.match, routable);
    const matched = checks.every((c) => c.passed);
    let ownerId: string | null = null;
    let note: string | null = null;
    if (matched && out.ownerId === null) {
      const state =
        rule.assign.type === 'round_robin' ? await counts(db, workspaceId, rule.assign.ownerIds) : undefined;
      const pick = pickOwner(rule, state ? { counts: state, position: 0 } : undefined);
      if (pick) {
        ownerId = pick.ownerId;
        note = pick.why;
        Object.assign(out, { ruleId: rule.id || null, ruleName: rule.name, ownerId, why: pick.why });
      } else note = 'every owner is at capacity: the account would fall through to the next rule';
    }
    out.rules.push({
      ruleId: rule.id || null,
      name: rule.name,
      kind: ruleKind(rule),
      matched,
      checks,
      ownerId,
      note,
    });
  }
  return out;
}

async function counts(db: Kysely<DB>, ws: string, owners: readonly string[]): Promise<Map<string, number>> {
  const rows = await sql<{ owner_id: string; n: number }>`
    SELECT owner_id, count(*)::int AS n FROM accounts
    WHERE workspace_id = ${ws} AND owner_id = ANY(${[...owners]}::uuid[]) GROUP BY owner_id`.execute(db);
  return new Map(rows.rows.map((r) => [r.owner_id, r.n]));
}
