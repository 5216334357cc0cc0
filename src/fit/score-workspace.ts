import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { FeatureSpec } from './feature-spec.ts';
import {
  modelScoreSelect,
  modelScoreUpdate,
  probabilitySql,
  type StoredCoefficients,
} from './model-score-sql.ts';

const QUANTILES = Array.from({ length: 101 }, (_, i) => i / 100);

/**
 * Score every account of the workspace with a model, set-based: a read-only pass takes the
 * percentiles (101 quantiles) of the calibrated probability, then ONE UPDATE computes probability,
 * reasons, fit_score (percentile 0–100) and fit_grade from the coefficients in SQL. Returns the quantiles
 * (stored with the model so single accounts can be rescored on the same scale) and the row count.
 */
export async function scoreWorkspace(
  db: Kysely<DB>,
  workspaceId: string,
  version: number,
  spec: FeatureSpec,
  coefficients: StoredCoefficients,
): Promise<{ quantiles: number[]; scored: number }> {
  // Percentiles first, from a read-only pass without reasons, so the rows are written only once.
  const probability = probabilitySql(sql`x.z`, coefficients.platt);
  const quantileRow = await sql<{ q: number[] | null }>`
    SELECT percentile_cont(${QUANTILES}::float8[]) WITHIN GROUP (ORDER BY ${probability}) AS q
    FROM (${modelScoreSelect(workspaceId, spec, coefficients, undefined, false)}) x`.execute(db);
  const quantiles = (quantileRow.rows[0]?.q ?? []).map(Number);
  const result = await modelScoreUpdate(workspaceId, version, spec, coefficients, quantiles).execute(db);
  return { quantiles, scored: Number(result.numAffectedRows ?? 0n) };
}
