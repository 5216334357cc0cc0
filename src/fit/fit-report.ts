import type { FeatureSpec } from './feature-spec.ts';
import type { DesignMatrix, LogisticModel } from './logistic-regression.ts';

export interface LiftRow {
  decile: number;
  rows: number;
  positives: number;
  rate: number;
  lift: number;
  mean_probability: number;
  cumulative_capture: number;
}

export interface FeatureImportance {
  column: string;
  importance: number;
  share: number;
  top: { feature: string; coefficient: number }[];
}

export interface Factor {
  feature: string;
  contribution: number;
}

/**
 * Decile lift: rows sorted by score (best first) split into ten groups; each group's positive rate
 * against the base rate, with the share of all positives captured so far.
 */
export function liftByDecile(
  scores: ArrayLike<number>,
  probabilities: ArrayLike<number>,
  labels: ArrayLike<number>,
): LiftRow[] {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => (scores[b] ?? 0) - (scores[a] ?? 0) || a - b,
  );
  let total = 0;
  for (let i = 0; i < n; i++) total += labels[i] ?? 0;
  const baseRate = n > 0 ? total / n : 0;
  const rows: LiftRow[] = [];
  let captured = 0;
  for (let d = 0; d < 10; d++) {
    const start = Math.floor((d * n) / 10);
    const end = Math.floor(((d + 1) * n) / 10);
    let positives = 0;
    let probability = 0;
    for (let k = start; k < end; k++) {
      const i = order[k] ?? 0;
      positives += labels[i] ?? 0;
      probability += probabilities[i] ?? 0;
    }
    const size = end - start;
    captured += positives;
    const rate = size > 0 ? positives / size : 0;
    rows.push({
      decile: d + 1,
      rows: size,
      positives,
      rate: round(rate),
      lift: round(baseRate > 0 ? rate / baseRate : 0),
      mean_probability: round(size > 0 ? probability / size : 0),
      cumulative_capture: round(total > 0 ? captured / total : 0),
    });
  }
  return rows;
}

/**
 * Importance per source column: the standard deviation, over the training rows, of the column's
 * contribution to the log-odds (Σ w·x over its standardised features). For a single numeric feature
 * this is |standardised coefficient|; for one-hot columns it counts how much the column really moves
 * scores, so many tiny noisy levels do not add up. Largest first, with each column's strongest features.
 */
export function featureImportance(
  spec: FeatureSpec,
  weights: ArrayLike<number>,
  x: DesignMatrix,
): FeatureImportance[] {
  const columns = [...new Set(spec.features.map((f) => f.column))];
  const columnOf = spec.features.map((f) => columns.indexOf(f.column));
  const sum = new Float64Array(columns.length);
  const sumSq = new Float64Array(columns.length);
  const contribution = new Float64Array(columns.length);
  for (let r = 0; r < x.rows; r++) {
    contribution.fill(0);
    const base = r * x.cols;
    for (let j = 0; j < x.cols; j++) {
      const c = columnOf[j] ?? 0;
      contribution[c] = (contribution[c] ?? 0) + (weights[j] ?? 0) * (x.values[base + j] ?? 0);
    }
    for (let c = 0; c < columns.length; c++) {
      const v = contribution[c] ?? 0;
      sum[c] = (sum[c] ?? 0) + v;
      sumSq[c] = (sumSq[c] ?? 0) + v * v;
    }
  }
  const n = Math.max(1, x.rows);
  const importance = columns.map((_, c) =>
    Math.sqrt(Math.max(0, (sumSq[c] ?? 0) / n - ((sum[c] ?? 0) / n) ** 2)),
  );
  const total = importance.reduce((a, b) => a + b, 0);
  return columns
    .map((column, c) => ({
      column,
      importance: round(importance[c] ?? 0),
      share: round(total > 0 ? (importance[c] ?? 0) / total : 0),
      top: spec.features
        .map((f, j) => ({ feature: f.name, coefficient: round(weights[j] ?? 0), column: f.column }))
        .filter((f) => f.column === column)
        .sort((a, b) => Math.abs(b.coefficient) - Math.abs(a.coefficient))
        .slice(0, 3)
        .map(({ feature, coefficient }) => ({ feature, coefficient })),
    }))
    .sort((a, b) => b.importance - a.importance);
}

/**
 * A row's strongest reasons: each feature's contribution w·x (x standardised, so relative to the
 * average row), top `count` positive and negative.
 */
export function explainRow(
  spec: Pick<FeatureSpec, 'features'>,
  model: Pick<LogisticModel, 'weights'>,
  x: DesignMatrix,
  row: number,
  count = 3,
): { positive: Factor[]; negative: Factor[] } {
  const contributions: Factor[] = [];
  for (let j = 0; j < x.cols; j++) {
    const c = (model.weights[j] ?? 0) * (x.values[row * x.cols + j] ?? 0);
    if (Math.abs(c) > 1e-6)
      contributions.push({ feature: spec.features[j]?.name ?? `feature ${j}`, contribution: round(c) });
  }
  contributions.sort((a, b) => b.contribution - a.contribution);
  return {
    positive: contributions.filter((c) => c.contribution > 0).slice(0, count),
    negative: contributions
      .filter((c) => c.contribution < 0)
      .reverse()
      .slice(0, count),
  };
}

/** Round for reports (4 significant decimals). */
export function round(value: number, digits = 4): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
