import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { fitScoreStatement, type ScoringModel } from './fit-score-sql.ts';
import { getIcpProfile } from './icp-profile.ts';

/**
 * Score every account of the workspace with a newly trained model, in ONE statement: the model's
 * probabilities are computed once (materialised), their 101 quantiles taken from that pass, and each
 * account's percentile score, grade and ICP rule score written to account_fit. Returns the quantiles
 * (stored with the model so single accounts are rescored on the same scale) and the rows written.
 */
export async function scoreWorkspace(
  db: Kysely<DB>,
  workspaceId: string,
  model: ScoringModel,
): Promise<{ quantiles: number[]; scored: number }> {
  const { criteria } = await getIcpProfile(db, workspaceId);
  const result = await fitScoreStatement({ workspaceId, criteria, model, quantiles: 'compute' }).execute(db);
  const row = result.rows[0];
  return { quantiles: (row?.quantiles ?? []).map(Number), scored: row?.written ?? 0 };
}
