import { computeAuc } from './auc.ts';
import { crossValidate } from './cross-validate.ts';
import type { DetectOptions } from './detect-column.ts';
import { buildFeatures, type ColumnTable, type FeatureSpec } from './feature-spec.ts';
import { FitInputError } from './fit-input-error.ts';
import {
  type FeatureImportance,
  featureImportance,
  type LiftRow,
  liftByDecile,
  round,
} from './fit-report.ts';
import { type DesignMatrix, trainLogisticRegression } from './logistic-regression.ts';
import { calibrate, fitPlatt, type Platt } from './platt-scaling.ts';

export interface FitOptions extends DetectOptions {
  folds?: number;
  seed?: number;
  l2?: number;
  /** Each class needs at least this many rows (default 10). */
  minPerClass?: number;
  /** Columns left out, with the reason shown in the report. */
  exclude?: ReadonlyMap<string, string>;
  /** Columns holding lists (e.g. technologies). */
  multiValueColumns?: ReadonlySet<string>;
}

/** The evaluation report (snake_case keys: printed by the CLI and stored with in-app models). */
export interface FitReport {
  auc: number;
  auc_sd: number;
  auc_by_fold: number[];
  auc_pooled: number;
  folds: number;
  rows: number;
  positives: number;
  negatives: number;
  base_rate: number;
  feature_count: number;
  top_features: FeatureImportance[];
  lift_by_decile: LiftRow[];
  calibration: { method: 'platt'; a: number; b: number; brier: number; brier_base_rate: number };
  columns: { column: string; type: string; features: number; notes: string[] }[];
  ignored_columns: { column: string; reason: string }[];
  training: {
    l2: number;
    /** The penalties tried (small data only) with their cross-validated AUC. */
    l2_search: { l2: number; auc: number }[];
    iterations: number;
    converged: boolean;
    seconds: number;
  };
}

/** Up to this many matrix cells (rows × features), the L2 penalty is chosen by cross-validation. */
const L2_SEARCH_BUDGET = 3_000_000;

/** A trained, calibrated model with everything needed to score new rows. */
export interface TrainedFit {
  spec: FeatureSpec;
  intercept: number;
  weights: number[];
  platt: Platt;
  report: FitReport;
  /** The training rows' design matrix (for scoring and explaining them without re-encoding). */
  matrix: DesignMatrix;
}

/**
 * Build features, cross-validate an L2 logistic regression (stratified, seeded folds), calibrate
 * with Platt scaling on the out-of-fold scores, then train the final model on all rows.
 * Throws FitInputError when the data cannot give a meaningful model.
 */
export function trainFit(table: ColumnTable, labels: Uint8Array, options: FitOptions = {}): TrainedFit {
  const started = performance.now();
  const folds = options.folds ?? 5;
  if (!Number.isInteger(folds) || folds < 2 || folds > 20)
    throw new FitInputError(`folds must be an integer from 2 to 20, got ${folds}`);
  const rows = labels.length;
  let positives = 0;
  for (const y of labels) positives += y;
  const negatives = rows - positives;
  if (positives === 0 || negatives === 0) {
    throw new FitInputError(
      `the label has one class only (${positives} positive, ${negatives} negative rows): nothing to learn`,
    );
  }
  const minPerClass = Math.max(options.minPerClass ?? 10, folds);
  if (positives < minPerClass || negatives < minPerClass) {
    throw new FitInputError(
      `too little data: ${positives} positive and ${negatives} negative rows; each class needs at least ${minPerClass} for ${folds}-fold cross-validation`,
    );
  }
  const { spec, matrix } = buildFeatures(table, options);
  if (spec.plans.length === 0) {
    const reasons = spec.ignored
      .filter((c) => !options.exclude?.has(c.column))
      .map((c) => `${c.column} (${c.reason})`)
      .join('; ');
    throw new FitInputError(`no usable feature columns${reasons ? `: ${reasons}` : ''}`);
  }
  const seed = options.seed ?? 42;
  let l2 = options.l2 ?? Math.max(1e-4, 1 / rows);
  let cv = crossValidate(matrix, labels, { folds, seed, l2 });
  const l2Candidates: { l2: number; auc: number }[] = [];
  if (options.l2 === undefined && rows * matrix.cols <= L2_SEARCH_BUDGET) {
    // Small data: pick the penalty by cross-validated AUC (same folds), preferring the stronger
    // penalty on ties, so a few hundred rows with many sparse features do not overfit.
    let bestAuc = computeAuc(cv.outOfFold, labels);
    l2Candidates.push({ l2: round(l2, 6), auc: round(bestAuc) });
    for (const factor of [4, 16, 64, 256]) {
      const candidate = Math.max(1e-4, 1 / rows) * factor;
      const trial = crossValidate(matrix, labels, { folds, seed, l2: candidate });
      const auc = computeAuc(trial.outOfFold, labels);
      l2Candidates.push({ l2: round(candidate, 6), auc: round(auc) });
      if (auc >= bestAuc - 0.001) {
        bestAuc = Math.max(bestAuc, auc);
        l2 = candidate;
        cv = trial;
      }
    }
  }
  const platt = fitPlatt(cv.outOfFold, labels);
  const probabilities = cv.outOfFold.map((z) => calibrate(platt, z));
  const finalModel = trainLogisticRegression(matrix, labels, { l2 });
  const baseRate = positives / rows;
  let brier = 0;
  let brierBase = 0;
  probabilities.forEach((p, i) => {
    const y = labels[i] ?? 0;
    brier += (p - y) ** 2;
    brierBase += (baseRate - y) ** 2;
  });
  const aucMean = cv.aucByFold.reduce((a, b) => a + b, 0) / folds;
  const aucSd = Math.sqrt(cv.aucByFold.reduce((s, a) => s + (a - aucMean) ** 2, 0) / folds);
  const report: FitReport = {
    auc: round(aucMean),
    auc_sd: round(aucSd),
    auc_by_fold: cv.aucByFold.map((a) => round(a)),
    auc_pooled: round(computeAuc(cv.outOfFold, labels)),
    folds,
    rows,
    positives,
    negatives,
    base_rate: round(baseRate),
    feature_count: spec.features.length,
    top_features: featureImportance(spec, finalModel.weights, matrix),
    lift_by_decile: liftByDecile(cv.outOfFold, probabilities, labels),
    calibration: {
      method: 'platt',
      a: round(platt.a),
      b: round(platt.b),
      brier: round(brier / rows),
      brier_base_rate: round(brierBase / rows),
    },
    columns: spec.plans.map((p) => ({
      column: p.column,
      type: p.kind,
      features: spec.features.filter((f) => f.column === p.column).length,
      notes: p.notes,
    })),
    ignored_columns: spec.ignored,
    training: {
      l2,
      l2_search: l2Candidates,
      iterations: finalModel.iterations,
      converged: finalModel.converged,
      seconds: round((performance.now() - started) / 1000, 3),
    },
  };
  return {
    spec,
    intercept: finalModel.intercept,
    weights: Array.from(finalModel.weights),
    platt,
    report,
    matrix,
  };
}
