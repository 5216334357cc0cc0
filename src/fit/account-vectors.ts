import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { loadAccountTable, modelColumns } from './account-table.ts';
import { buildFeatures, encodeTable, type FeatureSpec } from './feature-spec.ts';
import type { DesignMatrix } from './logistic-regression.ts';
import { getActiveModel } from './stored-model.ts';

/** How accounts become comparable vectors: the active model's features, or firmographics alone. */
export interface VectorSpace {
  spec: FeatureSpec;
  /** Per-feature multipliers (|model coefficient| normalised to mean 1, or all 1). */
  featureWeights: Float64Array;
  columns: string[];
  source: string;
}

/**
 * The vector space for similarity and clustering. With an active model, its standardised features
 * weighted by |coefficient| (what predicts winning counts most); otherwise firmographic features
 * fitted on up to 20,000 of the workspace's accounts.
 */
export async function vectorSpace(db: Kysely<DB>, workspaceId: string): Promise<VectorSpace> {
  const model = await getActiveModel(db, workspaceId);
  if (model) {
    const abs = model.coefficients.weights.map(Math.abs);
    const mean = abs.reduce((a, b) => a + b, 0) / Math.max(1, abs.length) || 1;
    return {
      spec: model.spec,
      featureWeights: Float64Array.from(abs, (w) => w / mean),
      columns: modelColumns(model.options.customFields),
      source: `model v${model.version}`,
    };
  }
  const columns = modelColumns([]);
  const sample = await sql<{ id: string }>`
    SELECT id FROM accounts WHERE workspace_id = ${workspaceId} ORDER BY id LIMIT 20000`.execute(db);
  const { table } = await loadAccountTable(
    db,
    workspaceId,
    columns,
    sample.rows.map((r) => r.id),
  );
  const { spec } = buildFeatures(table, {
    multiValueColumns: new Set(['technologies']),
    strictNumbers: true,
    allowDates: false,
  });
  return {
    spec,
    featureWeights: new Float64Array(spec.features.length).fill(1),
    columns,
    source: 'firmographics',
  };
}

/** Encode accounts as weighted vectors scaled to unit length (rows of the returned matrix). */
export function unitVectors(space: VectorSpace, matrix: DesignMatrix): DesignMatrix {
  const out = new Float64Array(matrix.values.length);
  for (let r = 0; r < matrix.rows; r++) {
    const base = r * matrix.cols;
    let norm = 0;
    for (let j = 0; j < matrix.cols; j++) {
      const v = (matrix.values[base + j] ?? 0) * (space.featureWeights[j] ?? 1);
      out[base + j] = v;
      norm += v * v;
    }
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let j = 0; j < matrix.cols; j++) out[base + j] = (out[base + j] ?? 0) * scale;
  }
  return { values: out, rows: matrix.rows, cols: matrix.cols };
}

/**
 * Visit every account of the workspace (or `ids`) in batches as raw standardised vectors
 * (keyset-paged, so memory stays bounded for large workspaces).
 */
export async function forEachAccountBatch(
  db: Kysely<DB>,
  workspaceId: string,
  space: VectorSpace,
  visit: (ids: string[], matrix: DesignMatrix) => void,
  batchSize = 5000,
): Promise<void> {
  let after: string | null = null;
  for (;;) {
    const page: { rows: { id: string }[] } = await sql<{ id: string }>`
      SELECT id FROM accounts WHERE workspace_id = ${workspaceId} ${after ? sql`AND id > ${after}` : sql``}
      ORDER BY id LIMIT ${batchSize}`.execute(db);
    if (page.rows.length === 0) break;
    const { ids, table } = await loadAccountTable(
      db,
      workspaceId,
      space.columns,
      page.rows.map((r) => r.id),
    );
    visit(ids, encodeTable(space.spec, table));
    if (page.rows.length < batchSize) break;
    after = page.rows[page.rows.length - 1]?.id ?? null;
  }
}
