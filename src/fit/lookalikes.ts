import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import type { DB } from '../db/schema.ts';
import { loadAccountTable } from './account-table.ts';
import { forEachAccountBatch, unitVectors, vectorSpace } from './account-vectors.ts';
import { encodeTable } from './feature-spec.ts';
import { FitInputError } from './fit-input-error.ts';
import { round } from './fit-report.ts';

export const LookalikeRequestSchema = z
  .strictObject({
    seedAccountIds: z.array(z.uuid()).min(1).max(5000).optional(),
    /** Seeds chosen by a filter, e.g. { "lifecycle": "customer" } or { "wonOpportunity": true }. */
    seedFilter: z
      .strictObject({
        lifecycle: z.enum(['prospect', 'customer', 'churned']).optional(),
        wonOpportunity: z.literal(true).optional(),
        fitGrade: z
          .array(z.enum(['A', 'B', 'C', 'D']))
          .min(1)
          .optional(),
        industry: z.array(z.string().min(1)).min(1).optional(),
        country: z.array(z.string().min(1)).min(1).optional(),
        isTarget: z.boolean().optional(),
      })
      .optional(),
    limit: z.number().int().min(1).max(500).default(50),
    /** Leave out customers (they are not prospects to pursue). */
    excludeCustomers: z.boolean().default(false),
  })
  .refine((r) => (r.seedAccountIds === undefined) !== (r.seedFilter === undefined), {
    message: 'give either seedAccountIds or seedFilter',
    path: ['seedAccountIds'],
  });
export type LookalikeRequest = z.infer<typeof LookalikeRequestSchema>;

async function seedIds(db: Kysely<DB>, workspaceId: string, request: LookalikeRequest): Promise<string[]> {
  if (request.seedAccountIds) {
    const rows = await sql<{ id: string }>`SELECT id FROM accounts WHERE workspace_id = ${workspaceId}
      AND id = ANY(${request.seedAccountIds}::uuid[])`.execute(db);
    const found = new Set(rows.rows.map((r) => r.id));
    const missing = request.seedAccountIds.filter((id) => !found.has(id));
    if (missing.length > 0)
      throw new FitInputError(`seed accounts not found in this workspace: ${missing.slice(0, 5).join(', ')}`);
    return [...found];
  }
  const f = request.seedFilter ?? {};
  const conditions = [sql`a.workspace_id = ${workspaceId}`];
  if (f.lifecycle) conditions.push(sql`a.lifecycle = ${f.lifecycle}`);
  if (f.wonOpportunity)
    conditions.push(
      sql`EXISTS (SELECT 1 FROM opportunities o WHERE o.workspace_id = a.workspace_id AND o.account_id = a.id AND o.is_won)`,
    );
  if (f.fitGrade)
    conditions.push(sql`EXISTS (SELECT 1 FROM account_fit g WHERE g.workspace_id = a.workspace_id
      AND g.account_id = a.id AND g.grade = ANY(${f.fitGrade}::text[]))`);
  if (f.industry)
    conditions.push(sql`lower(a.industry) = ANY(${f.industry.map((v) => v.toLowerCase())}::text[])`);
  if (f.country)
    conditions.push(sql`lower(a.country) = ANY(${f.country.map((v) => v.toLowerCase())}::text[])`);
  if (f.isTarget !== undefined) conditions.push(sql`a.is_target = ${f.isTarget}`);
  const rows = await sql<{ id: string }>`SELECT a.id FROM accounts a WHERE ${sql.join(conditions, sql` AND `)}
    ORDER BY a.id LIMIT 5000`.execute(db);
  return rows.rows.map((r) => r.id);
}

/**
 * Accounts most similar to a seed set: cosine similarity between each account's (weighted,
 * standardised) feature vector and the seeds' mean direction. Reasons are the features that add
 * most to the similarity (both the account and the seeds are above average on them).
 */
export async function findLookalikes(db: Kysely<DB>, workspaceId: string, request: LookalikeRequest) {
  const seeds = await seedIds(db, workspaceId, request);
  if (seeds.length === 0) throw new FitInputError('no account matches the seed filter');
  const space = await vectorSpace(db, workspaceId);
  const { table } = await loadAccountTable(db, workspaceId, space.columns, seeds);
  const seedVectors = unitVectors(space, encodeTable(space.spec, table));
  const centroid = new Float64Array(seedVectors.cols);
  for (let r = 0; r < seedVectors.rows; r++)
    for (let j = 0; j < seedVectors.cols; j++)
      centroid[j] = (centroid[j] ?? 0) + (seedVectors.values[r * seedVectors.cols + j] ?? 0);
  const norm = Math.sqrt(centroid.reduce((s, v) => s + v * v, 0));
  if (norm === 0) throw new FitInputError('the seed accounts have no features to compare (all fields empty)');
  for (let j = 0; j < centroid.length; j++) centroid[j] = (centroid[j] ?? 0) / norm;

  const seedSet = new Set(seeds);
  const customers = request.excludeCustomers
    ? new Set(
        (
          await sql<{
            id: string;
          }>`SELECT id FROM accounts WHERE workspace_id = ${workspaceId} AND lifecycle = 'customer'`.execute(
            db,
          )
        ).rows.map((r) => r.id),
      )
    : new Set<string>();
  let best: { id: string; similarity: number; shared: string[] }[] = [];
  await forEachAccountBatch(db, workspaceId, space, (ids, raw) => {
    const x = unitVectors(space, raw);
    ids.forEach((id, r) => {
      if (seedSet.has(id) || customers.has(id)) return;
      let similarity = 0;
      const parts: { j: number; v: number }[] = [];
      for (let j = 0; j < x.cols; j++) {
        const v = (x.values[r * x.cols + j] ?? 0) * (centroid[j] ?? 0);
        similarity += v;
        if (v > 0 && (raw.values[r * raw.cols + j] ?? 0) > 0) parts.push({ j, v });
      }
      if (best.length >= request.limit && similarity <= (best[best.length - 1]?.similarity ?? -2)) return;
      parts.sort((a, b) => b.v - a.v);
      best.push({
        id,
        similarity,
        shared: parts.slice(0, 3).map((p) => space.spec.features[p.j]?.name ?? ''),
      });
      best.sort((a, b) => b.similarity - a.similarity || (a.id < b.id ? -1 : 1));
      if (best.length > request.limit) best = best.slice(0, request.limit);
    });
  });
  const names = new Map(
    (
      await sql<{
        id: string;
        name: string;
      }>`SELECT id, name FROM accounts WHERE workspace_id = ${workspaceId}
        AND id = ANY(${best.map((b) => b.id)}::uuid[])`.execute(db)
    ).rows.map((r) => [r.id, r.name]),
  );
  return {
    seeds: seeds.length,
    space: space.source,
    data: best.map((b) => ({
      accountId: b.id,
      name: names.get(b.id) ?? '',
      similarity: round(b.similarity),
      sharedFeatures: b.shared,
    })),
  };
}
