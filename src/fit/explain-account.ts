import { type Kysely, sql } from 'kysely';
import type { JsonValue } from '../db/json.ts';
import type { DB } from '../db/schema.ts';
import { HttpProblem } from '../errors/problem.ts';
import { matchesCriterion } from './icp-criteria.ts';
import { getIcpProfile } from './icp-profile.ts';
import { modelReasonsSelect } from './model-score-sql.ts';
import { getModel } from './stored-model.ts';

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

/**
 * An account's fit: score, grade, model probability, which ICP criteria it meets, and the model's
 * reasons (top column contributions), computed now from the model version that scored it.
 */
export async function explainAccount(
  db: Kysely<DB>,
  workspaceId: string,
  accountId: string,
): Promise<AccountFit> {
  const account = await db
    .selectFrom('accounts as a')
    .leftJoin('account_fit as f', (join) =>
      join.onRef('f.workspace_id', '=', 'a.workspace_id').onRef('f.account_id', '=', 'a.id'),
    )
    .selectAll('a')
    .select(['f.score', 'f.grade', 'f.rule_score', 'f.probability', 'f.model_version'])
    .where('a.workspace_id', '=', workspaceId)
    .where('a.id', '=', accountId)
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
  let reasons: JsonValue | null = null;
  const model =
    account.model_version === null ? null : await getModel(db, workspaceId, account.model_version);
  if (model) {
    const select = modelReasonsSelect(workspaceId, model.spec, model.coefficients, [accountId]);
    const row = (await sql<{ reasons: JsonValue }>`${select}`.execute(db)).rows[0];
    reasons = row?.reasons ?? null;
  }
  return {
    accountId,
    fitScore: account.score,
    fitGrade: account.grade,
    fitSource: account.score === null ? null : account.model_version === null ? 'rules' : 'model',
    fitProbability: account.probability,
    fitModelVersion: account.model_version,
    reasons,
    rule: {
      score: account.rule_score,
      matched: matched.map(describe),
      unmatched: unmatched.map(describe),
    },
    tier: account.tier,
    tierOverride: account.tier_override,
    tierReason: account.tier_reason,
    isTarget: account.is_target,
  };
}
