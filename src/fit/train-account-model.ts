import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import type { JsonObject } from '../db/json.ts';
import type { DB } from '../db/schema.ts';
import { loadAccountLabels } from './account-labels.ts';
import { loadAccountTable, modelColumns } from './account-table.ts';
import { computeAuc } from './auc.ts';
import { FitInputError } from './fit-input-error.ts';
import { round } from './fit-report.ts';
import { getIcpProfile } from './icp-profile.ts';
import { criterionSql, ruleScoreSql } from './icp-score-sql.ts';
import { scoreWorkspace } from './score-workspace.ts';
import { type FitReport, trainFit } from './train-fit.ts';

/** Below this many positive accounts the workspace keeps its ICP rule score (Demandbase asks for 50). */
export const MIN_POSITIVE_ACCOUNTS = 50;
/** And at least this many negative accounts (lost-only, or sampled never-engaged). */
export const MIN_NEGATIVE_ACCOUNTS = 50;

export const TrainModelOptionsSchema = z.strictObject({
  /** Custom account fields (keys of accounts.custom) to use as features, besides firmographics and technologies. */
  customFields: z
    .array(z.string().regex(/^[A-Za-z0-9_.-]{1,128}$/, 'must be a custom field key'))
    .max(30)
    .default([]),
  /** Also use up to this many never-engaged accounts (no opportunity, not customers) as negatives. */
  neverEngagedSample: z.number().int().min(0).max(1_000_000).default(0),
  folds: z.number().int().min(2).max(10).default(5),
});
export type TrainModelOptions = z.infer<typeof TrainModelOptionsSchema>;

/** The stored metrics: the CV report plus the rule score's AUC on the same labels. */
export type ModelMetrics = Omit<FitReport, 'training'> & {
  rule_auc: number | null;
  never_engaged_negatives: number;
  training: FitReport['training'];
  scored_accounts: number;
};

/**
 * Train the workspace's predictive fit model from its won/lost history, store it as a new version
 * (retiring the previous one) and score every account into account_fit: probability (calibrated),
 * score (percentile of the probability among the workspace's accounts) and grade.
 * Throws FitInputError (and leaves the rule score in place) when history is too thin.
 */
export async function trainAccountModel(
  db: Kysely<DB>,
  workspaceId: string,
  input: Partial<TrainModelOptions>,
  userId: string | null,
): Promise<{ version: number; metrics: ModelMetrics }> {
  const options = TrainModelOptionsSchema.parse(input);
  const labelled = await loadAccountLabels(db, workspaceId, {
    neverEngagedSample: options.neverEngagedSample,
  });
  if (labelled.positives < MIN_POSITIVE_ACCOUNTS) {
    throw new FitInputError(
      `only ${labelled.positives} accounts have a won opportunity or lifecycle customer; at least ${MIN_POSITIVE_ACCOUNTS} are needed to train a fit model. The ICP rule score stays in use.`,
    );
  }
  if (labelled.negatives < MIN_NEGATIVE_ACCOUNTS) {
    throw new FitInputError(
      `only ${labelled.negatives} negative accounts (all opportunities lost${options.neverEngagedSample ? ', plus sampled never-engaged accounts' : ''}); at least ${MIN_NEGATIVE_ACCOUNTS} are needed. Set neverEngagedSample to add accounts never engaged. The ICP rule score stays in use.`,
    );
  }
  const labelOf = new Map(labelled.ids.map((id, i) => [id, labelled.labels[i] ?? 0]));
  const columns = modelColumns(options.customFields);
  const { ids, table } = await loadAccountTable(db, workspaceId, columns, labelled.ids);
  const labels = Uint8Array.from(ids, (id) => labelOf.get(id) ?? 0);
  const fit = trainFit(table, labels, {
    folds: options.folds,
    multiValueColumns: new Set(['technologies']),
    strictNumbers: true,
    allowDates: false,
    minPerClass: MIN_NEGATIVE_ACCOUNTS,
  });

  // The ICP rule score on the same labels, for comparison.
  const { criteria } = await getIcpProfile(db, workspaceId);
  let ruleAuc: number | null = null;
  if (criteria.length > 0) {
    const matches = criteria.map(criterionSql);
    const rule = ruleScoreSql(criteria, (i) => matches[i] ?? sql`false`);
    const rows = await sql<{ id: string; score: number | null }>`
      SELECT a.id, ${rule.score} AS score FROM accounts a
      WHERE a.workspace_id = ${workspaceId} AND a.id = ANY(${ids}::uuid[])`.execute(db);
    const ruleOf = new Map(rows.rows.map((r) => [r.id, r.score ?? 0]));
    ruleAuc = round(
      computeAuc(
        Float64Array.from(ids, (id) => ruleOf.get(id) ?? 0),
        labels,
      ),
    );
  }

  const coefficients = { intercept: fit.intercept, weights: fit.weights, platt: fit.platt };
  return db.transaction().execute(async (trx) => {
    const last = await trx
      .selectFrom('fit_models')
      .select((eb) => eb.fn.max('version').as('version'))
      .where('workspace_id', '=', workspaceId)
      .executeTakeFirst();
    const version = (last?.version ?? 0) + 1;
    await trx
      .updateTable('fit_models')
      .set({ status: 'retired' })
      .where('workspace_id', '=', workspaceId)
      .where('status', '=', 'active')
      .execute();
    const { quantiles, scored } = await scoreWorkspace(trx, workspaceId, {
      version,
      spec: fit.spec,
      coefficients,
    });
    const metrics: ModelMetrics = {
      ...fit.report,
      rule_auc: ruleAuc,
      never_engaged_negatives: labelled.neverEngaged,
      scored_accounts: scored,
    };
    const optionsJson: JsonObject = { ...options };
    await trx
      .insertInto('fit_models')
      .values({
        workspace_id: workspaceId,
        version,
        status: 'active',
        trained_by: userId,
        options: optionsJson,
        metrics: JSON.stringify(metrics),
        feature_spec: JSON.stringify(fit.spec),
        coefficients: JSON.stringify(coefficients),
        score_quantiles: JSON.stringify(quantiles),
      })
      .execute();
    return { version, metrics };
  });
}
