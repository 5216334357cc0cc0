import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { type MatchUnit, type PropensityMatch, propensityMatch } from './propensity-match.ts';

/** The covariates of the propensity model (tier is not one: only targets have a tier). */
export const PROPENSITY_FEATURES = [
  'fit score',
  'industry',
  'size (log employees)',
  'stage at the period start',
];

/**
 * Propensity-score matching of a period's target accounts with non-targets: each account's fit score
 * (missing → the mean, with a missing flag), industry (one-hot), log10 employees (missing flagged) and
 * stage at the period start (one-hot) from its period facts; then propensityMatch (logistic regression,
 * greedy nearest neighbour on the logit within 0.2 SD).
 */
export async function propensityControls(
  db: Kysely<DB>,
  workspaceId: string,
  periodKey: string,
  controlsPerTarget: number,
): Promise<PropensityMatch & { allTargets: number; featureNames: string[] }> {
  const { rows } = await sql<{
    account_id: string;
    is_target: boolean;
    score: number | null;
    industry: string | null;
    employees: number | null;
    stage_start: number;
  }>`
    SELECT f.account_id, f.is_target, af.score, lower(a.industry) AS industry,
      a.employee_count AS employees, f.stage_start
    FROM report_account_periods f
    JOIN accounts a ON a.workspace_id = f.workspace_id AND a.id = f.account_id
    LEFT JOIN account_fit af ON af.workspace_id = f.workspace_id AND af.account_id = f.account_id
    WHERE f.workspace_id = ${workspaceId} AND f.period = ${periodKey}
    ORDER BY f.account_id`.execute(db);
  const industries = [...new Set(rows.map((r) => r.industry ?? '-'))].sort();
  const stages = [...new Set(rows.map((r) => Number(r.stage_start)))].sort((a, b) => a - b);
  const scored = rows.filter((r) => r.score !== null);
  const meanScore = scored.reduce((s, r) => s + Number(r.score), 0) / Math.max(1, scored.length);
  // One category of each is left out (the reference level).
  const featureNames = [
    'fit score',
    'fit score missing',
    'log10 employees',
    'employees missing',
    ...industries.slice(1).map((i) => `industry ${i}`),
    ...stages.slice(1).map((s) => `stage at start ${s}`),
  ];
  const units: MatchUnit[] = rows.map((r) => ({
    id: r.account_id,
    treated: r.is_target,
    features: [
      r.score === null ? meanScore : Number(r.score),
      r.score === null ? 1 : 0,
      r.employees === null ? 0 : Math.log10(Number(r.employees) + 1),
      r.employees === null ? 1 : 0,
      ...industries.slice(1).map((i) => ((r.industry ?? '-') === i ? 1 : 0)),
      ...stages.slice(1).map((s) => (Number(r.stage_start) === s ? 1 : 0)),
    ],
  }));
  const match = propensityMatch(units, featureNames, { controlsPerTarget });
  return { ...match, allTargets: units.filter((u) => u.treated).length, featureNames };
}
