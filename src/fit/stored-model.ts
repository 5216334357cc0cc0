import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../db/schema.ts';
import type { FeatureSpec } from './feature-spec.ts';
import type { StoredCoefficients } from './model-score-sql.ts';

const Notes = z.array(z.string());
const NumericPlan = z.object({
  column: z.string(),
  log: z.boolean(),
  low: z.number(),
  high: z.number(),
  fill: z.number(),
  missingIndicator: z.boolean(),
  notes: Notes,
  strict: z.boolean().optional(),
  bins: z.array(z.number()).optional(),
});
const LevelPlan = z.object({
  column: z.string(),
  levels: z.array(z.object({ key: z.string(), label: z.string() })),
  other: z.boolean(),
  missingIndicator: z.boolean(),
  notes: Notes,
});
const ColumnPlanSchema = z.discriminatedUnion('kind', [
  NumericPlan.extend({ kind: z.literal('numeric') }),
  NumericPlan.extend({ kind: z.literal('date') }),
  z.object({ column: z.string(), kind: z.literal('boolean'), missingIndicator: z.boolean(), notes: Notes }),
  LevelPlan.extend({ kind: z.literal('categorical') }),
  LevelPlan.extend({ kind: z.literal('multi') }),
]);

/** The stored feature spec (parsed back from jsonb, so its shape is proven). */
export const FeatureSpecSchema = z.object({
  plans: z.array(ColumnPlanSchema),
  ignored: z.array(z.object({ column: z.string(), reason: z.string() })),
  features: z.array(z.object({ name: z.string(), column: z.string() })),
  centers: z.array(z.number()),
  scales: z.array(z.number()),
});

export const CoefficientsSchema = z.object({
  intercept: z.number(),
  weights: z.array(z.number()),
  platt: z.object({ a: z.number(), b: z.number() }),
});

export const ModelOptionsSchema = z.object({
  customFields: z.array(z.string()),
  neverEngagedSample: z.number(),
  folds: z.number(),
});

/** A fit model as stored in fit_models. */
export interface StoredModel {
  version: number;
  trainedAt: Date;
  spec: FeatureSpec;
  coefficients: StoredCoefficients;
  quantiles: number[];
  options: z.infer<typeof ModelOptionsSchema>;
  metrics: unknown;
}

/** The workspace's active fit model, or null when none has been trained. */
export async function getActiveModel(db: Kysely<DB>, workspaceId: string): Promise<StoredModel | null> {
  return getModel(db, workspaceId, 'active');
}

/** One fit model of the workspace: the active one, or a version (active or retired); null if none. */
export async function getModel(
  db: Kysely<DB>,
  workspaceId: string,
  which: 'active' | number,
): Promise<StoredModel | null> {
  const query = db.selectFrom('fit_models').selectAll().where('workspace_id', '=', workspaceId);
  const row = await (which === 'active'
    ? query.where('status', '=', 'active')
    : query.where('version', '=', which)
  ).executeTakeFirst();
  if (!row) return null;
  return {
    version: row.version,
    trainedAt: row.trained_at,
    spec: FeatureSpecSchema.parse(row.feature_spec),
    coefficients: CoefficientsSchema.parse(row.coefficients),
    quantiles: z.array(z.number()).parse(row.score_quantiles),
    options: ModelOptionsSchema.parse(row.options),
    metrics: row.metrics,
  };
}
