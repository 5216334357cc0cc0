import type { Kysely } from 'kysely';
import type { DB, JsonValue } from '../db/schema.ts';
import { HttpProblem } from '../http/problem.ts';
import { matchesCriterion } from './icp-criteria.ts';
import { getIcpProfile } from './icp-profile.ts';

export interface AccountFit {
  accountId: string;
  fitScore: number | null;
  fitGrade: string | null;
  fitSource: 'model' | 'rules' | null;
  fitProbability: number | null;
  fitModelVersion: number | null;
  reasons: JsonValue | null;
  rule: {
    score: number | null;
    matched: { id: string; label: string; weight: number }[];
    unmatched: { id: string; label: string; weight: number }[];
  };
  tier: number | null;
  tierOverride: number | null;
  tierReason: string | null;
  isTarget: boolean;
}

/** An account's fit: score, grade, model probability and reasons, and which ICP criteria it meets. */
export async function explainAccount(
  db: Kysely<DB>,
  workspaceId: string,
  accountId: string,
): Promise<AccountFit> {
  const account = await db
    .selectFrom('accounts')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', accountId)
    .executeTakeFirst();
  if (!account)
    throw new HttpProblem(404, 'Not found', { detail: `No account ${accountId} in this workspace` });
  const { criteria } = await getIcpProfile(db, workspaceId);
  const describe = (c: (typeof criteria)[number]) => ({
    id: c.id,
    label:
      c.label ?? `${c.field} ${c.op} ${c.values?.join(', ') ?? c.value ?? `${c.min ?? '…'}–${c.max ?? '…'}`}`,
    weight: c.weight,
  });
  const matched = criteria.filter((c) => matchesCriterion(c, account));
  const unmatched = criteria.filter((c) => !matchesCriterion(c, account));
  return {
    accountId,
    fitScore: account.fit_score,
    fitGrade: account.fit_grade,
    fitSource: account.fit_score === null ? null : account.fit_model_version === null ? 'rules' : 'model',
    fitProbability: account.fit_probability,
    fitModelVersion: account.fit_model_version,
    reasons: account.fit_reasons,
    rule: {
      score: account.fit_rule_score,
      matched: matched.map(describe),
      unmatched: unmatched.map(describe),
    },
    tier: account.tier,
    tierOverride: account.tier_override,
    tierReason: account.tier_reason,
    isTarget: account.is_target,
  };
}
