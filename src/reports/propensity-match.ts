import { type DesignMatrix, linearScore, trainLogisticRegression } from '../fit/logistic-regression.ts';

/** One account to match: whether it is a target, and its covariates (numbers; one-hot for categories). */
export interface MatchUnit {
  id: string;
  treated: boolean;
  features: readonly number[];
}

/** Standardised mean difference of one covariate between targets and controls, before and after matching. */
export interface Balance {
  feature: string;
  before: number;
  after: number;
}

export interface PropensityMatch {
  /** Matched target → its controls (nearest first). */
  pairs: { target: string; controls: string[] }[];
  targets: string[];
  controls: string[];
  unmatchedTargets: number;
  /** The caliper on the logit of the propensity score (0.2 × its standard deviation unless given). */
  caliper: number;
  balance: Balance[];
}

/**
 * Propensity-score matching (pure): a logistic regression of target status on the standardised
 * covariates (src/fit/logistic-regression.ts), then greedy nearest-neighbour matching on the logit of
 * the score without replacement, targets with the highest score first, up to `controlsPerTarget`
 * controls each within the caliper (default 0.2 standard deviations of the logit, Austin 2011).
 * Targets with no control inside the caliper stay unmatched. Balance: standardised mean differences
 * (pooled SD) per covariate before and after matching.
 *
 * @example
 * propensityMatch(units, ['fit score', 'log employees'], { controlsPerTarget: 1 })
 */
export function propensityMatch(
  units: readonly MatchUnit[],
  featureNames: readonly string[],
  options: { controlsPerTarget?: number; caliperSd?: number; caliper?: number } = {},
): PropensityMatch {
  const k = options.controlsPerTarget ?? 1;
  const cols = featureNames.length;
  const empty = { pairs: [], targets: [], controls: [], caliper: 0, balance: [] };
  const nTreated = units.filter((u) => u.treated).length;
  if (units.length === 0 || nTreated === 0 || nTreated === units.length)
    return { ...empty, unmatchedTargets: nTreated };
  const x = standardise(units, cols);
  const y = Uint8Array.from(units, (u) => (u.treated ? 1 : 0));
  const model = trainLogisticRegression(x, y, { l2: 1e-3 });
  const logits = units.map((_, i) => linearScore(model, x, i));
  const caliper = options.caliper ?? (options.caliperSd ?? 0.2) * sd(logits);
  const controls = units
    .map((u, i) => ({ i, logit: logits[i] ?? 0, treated: u.treated }))
    .filter((c) => !c.treated)
    .sort((a, b) => a.logit - b.logit);
  const used = new Uint8Array(controls.length);
  const targets = units
    .map((u, i) => ({ i, logit: logits[i] ?? 0, treated: u.treated }))
    .filter((t) => t.treated)
    .sort((a, b) => b.logit - a.logit || a.i - b.i);
  const pairs: PropensityMatch['pairs'] = [];
  for (const t of targets) {
    const chosen: number[] = [];
    for (let round = 0; round < k; round++) {
      const j = nearestUnused(controls, used, t.logit, caliper);
      if (j < 0) break;
      used[j] = 1;
      chosen.push(controls[j]?.i ?? -1);
    }
    if (chosen.length > 0)
      pairs.push({ target: units[t.i]?.id ?? '', controls: chosen.map((c) => units[c]?.id ?? '') });
  }
  const matchedIdx = new Set<number>();
  const ids = new Map(units.map((u, i) => [u.id, i]));
  for (const p of pairs) for (const id of [p.target, ...p.controls]) matchedIdx.add(ids.get(id) ?? -1);
  const balance = featureNames.map((feature, j) => ({
    feature,
    before: smd(units, j, () => true),
    after: smd(units, j, (i) => matchedIdx.has(i)),
  }));
  return {
    pairs,
    targets: pairs.map((p) => p.target),
    controls: pairs.flatMap((p) => p.controls),
    unmatchedTargets: nTreated - pairs.length,
    caliper,
    balance,
  };
}

/** Index of the unused control nearest `logit` within the caliper, or -1 (controls sorted by logit). */
function nearestUnused(
  controls: readonly { logit: number }[],
  used: Uint8Array,
  logit: number,
  caliper: number,
): number {
  let lo = 0;
  let hi = controls.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((controls[mid]?.logit ?? 0) < logit) lo = mid + 1;
    else hi = mid;
  }
  let left = lo - 1;
  let right = lo;
  while (left >= 0 && used[left]) left--;
  while (right < controls.length && used[right]) right++;
  const dl = left >= 0 ? logit - (controls[left]?.logit ?? 0) : Number.POSITIVE_INFINITY;
  const dr = right < controls.length ? (controls[right]?.logit ?? 0) - logit : Number.POSITIVE_INFINITY;
  if (!(Math.min(dl, dr) <= caliper)) return -1;
  return dl <= dr ? left : right;
}

function standardise(units: readonly MatchUnit[], cols: number): DesignMatrix {
  const means = Array.from({ length: cols }, (_, j) => mean(units.map((u) => u.features[j] ?? 0)));
  const sds = Array.from({ length: cols }, (_, j) => sd(units.map((u) => u.features[j] ?? 0)) || 1);
  const values = new Float64Array(units.length * cols);
  units.forEach((u, i) => {
    for (let j = 0; j < cols; j++)
      values[i * cols + j] = ((u.features[j] ?? 0) - (means[j] ?? 0)) / (sds[j] ?? 1);
  });
  return { values, rows: units.length, cols };
}

/** Standardised mean difference of covariate j among the units that pass `keep`, pooled SD. */
function smd(units: readonly MatchUnit[], j: number, keep: (i: number) => boolean): number {
  const t: number[] = [];
  const c: number[] = [];
  units.forEach((u, i) => {
    if (keep(i)) (u.treated ? t : c).push(u.features[j] ?? 0);
  });
  if (t.length === 0 || c.length === 0) return 0;
  const pooled = Math.sqrt((variance(t) + variance(c)) / 2);
  return pooled > 0 ? (mean(t) - mean(c)) / pooled : 0;
}

function mean(xs: readonly number[]): number {
  return xs.length === 0 ? 0 : xs.reduce((s, v) => s + v, 0) / xs.length;
}

function variance(xs: readonly number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return xs.reduce((s, v) => s + (v - m) ** 2, 0) / (xs.length - 1);
}

function sd(xs: readonly number[]): number {
  return Math.sqrt(variance(xs));
}
