import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import type { DB } from '../db/schema.ts';
import { loadAccountTable } from '../fit/account-table.ts';
import { unitVectors, vectorSpace } from '../fit/account-vectors.ts';
import { encodeTable } from '../fit/feature-spec.ts';
import { FitInputError } from '../fit/fit-input-error.ts';
import { round } from '../fit/fit-report.ts';
import { kMeans, silhouette } from './kmeans.ts';
import { proposeTiers } from './tier-rules.ts';

export const ClusterRequestSchema = z.strictObject({
  /** Number of clusters; chosen by silhouette (2–8) when omitted. */
  k: z.number().int().min(2).max(20).optional(),
});

export interface TierCluster {
  id: number;
  label: string;
  size: number;
  dominantFeatures: { feature: string; mean: number }[];
}

/**
 * Propose Tier 2 clusters: k-means over the accounts' feature vectors (the accounts whose tier is 2,
 * or the proposed Tier 2 when no account has a tier yet). Each cluster is labelled by its dominant
 * features (highest mean standardised value). Saves the clusters and each account's tier_cluster.
 */
export async function proposeClusters(
  db: Kysely<DB>,
  workspaceId: string,
  request: z.infer<typeof ClusterRequestSchema>,
) {
  let ids = (
    await sql<{
      id: string;
    }>`SELECT id FROM accounts WHERE workspace_id = ${workspaceId} AND tier = 2 ORDER BY id`.execute(db)
  ).rows.map((r) => r.id);
  let source = 'accounts with tier 2';
  if (ids.length === 0) {
    ids = (await proposeTiers(db, workspaceId)).filter((p) => p.tier === 2).map((p) => p.accountId);
    source = 'proposed Tier 2';
  }
  if (ids.length < 10)
    throw new FitInputError(`only ${ids.length} Tier 2 accounts; at least 10 are needed to propose clusters`);
  const space = await vectorSpace(db, workspaceId);
  const { ids: loaded, table } = await loadAccountTable(db, workspaceId, space.columns, ids);
  const raw = encodeTable(space.spec, table);
  const x = unitVectors(space, raw);
  let result = kMeans(x, request.k ?? 2);
  if (request.k === undefined) {
    let bestScore = silhouette(x, result.assignment, result.k);
    for (let k = 3; k <= Math.min(8, Math.floor(x.rows / 5)); k++) {
      const candidate = kMeans(x, k);
      const score = silhouette(x, candidate.assignment, k);
      if (score > bestScore + 0.01) {
        bestScore = score;
        result = candidate;
      }
    }
  }
  const clusters: TierCluster[] = [];
  for (let c = 0; c < result.k; c++) {
    const members: number[] = [];
    result.assignment.forEach((a, i) => {
      if (a === c) members.push(i);
    });
    if (members.length === 0) continue;
    const means = space.spec.features.map((f, j) => ({
      feature: f.name,
      mean: members.reduce((s, i) => s + (raw.values[i * raw.cols + j] ?? 0), 0) / members.length,
    }));
    const dominant = means
      .filter((m) => !m.feature.endsWith('(missing)'))
      .sort((a, b) => b.mean - a.mean)
      .slice(0, 3);
    clusters.push({
      id: c + 1,
      label:
        dominant
          .slice(0, 2)
          .map((d) => d.feature)
          .join(' · ') || `cluster ${c + 1}`,
      size: members.length,
      dominantFeatures: dominant.map((d) => ({ feature: d.feature, mean: round(d.mean, 3) })),
    });
  }
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('tier_clusters').where('workspace_id', '=', workspaceId).execute();
    await trx
      .insertInto('tier_clusters')
      .values(
        clusters.map((c) => ({
          workspace_id: workspaceId,
          id: c.id,
          label: c.label,
          size: c.size,
          dominant_features: JSON.stringify(c.dominantFeatures),
        })),
      )
      .execute();
    await sql`UPDATE accounts SET tier_cluster = NULL WHERE workspace_id = ${workspaceId} AND tier_cluster IS NOT NULL`.execute(
      trx,
    );
    const clusterIds = Array.from(result.assignment, (a) => a + 1);
    await sql`UPDATE accounts a SET tier_cluster = u.cluster
      FROM unnest(${loaded}::uuid[], ${clusterIds}::int[]) AS u(id, cluster)
      WHERE a.workspace_id = ${workspaceId} AND a.id = u.id`.execute(trx);
  });
  return { source, space: space.source, k: result.k, clusters };
}
