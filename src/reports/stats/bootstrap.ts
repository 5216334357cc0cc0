import { seededRandom } from '../../random/seeded-random.ts';

export interface BootstrapOptions {
  /** Resamples (default 2000). */
  iterations?: number;
  /** PRNG seed: the same seed gives the same interval (default 1). */
  seed?: number;
  confidence?: number;
}

export interface BootstrapResult {
  /** statistic(a) − statistic(b) on the samples as observed. */
  difference: number;
  /** Percentile interval of the difference. */
  interval: { low: number; high: number };
  /** Two-sided: twice the smaller share of resampled differences on either side of 0 (at most 1). */
  pValue: number;
  /** Resamples where both statistics were defined. */
  iterations: number;
}

/**
 * Seeded percentile bootstrap of the difference of a statistic between two independent samples
 * (each resampled with replacement from itself). The statistic may return null when a resample
 * leaves it undefined (e.g. a win rate without closed deals); such resamples are skipped.
 *
 * @example
 * const mean = (xs: number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : null);
 * bootstrapDifference(targetDeals, controlDeals, mean, { seed: 7 }).interval;
 */
export function bootstrapDifference<T>(
  a: readonly T[],
  b: readonly T[],
  statistic: (sample: readonly T[]) => number | null,
  options: BootstrapOptions = {},
): BootstrapResult | null {
  const sa = statistic(a);
  const sb = statistic(b);
  if (sa === null || sb === null || a.length === 0 || b.length === 0) return null;
  const iterations = options.iterations ?? 2000;
  const confidence = options.confidence ?? 0.95;
  const random = seededRandom(options.seed ?? 1);
  const diffs: number[] = [];
  const bufferA: T[] = new Array(a.length);
  const bufferB: T[] = new Array(b.length);
  for (let i = 0; i < iterations; i++) {
    for (let k = 0; k < a.length; k++) bufferA[k] = a[Math.floor(random() * a.length)] as T;
    for (let k = 0; k < b.length; k++) bufferB[k] = b[Math.floor(random() * b.length)] as T;
    const x = statistic(bufferA);
    const y = statistic(bufferB);
    if (x !== null && y !== null) diffs.push(x - y);
  }
  if (diffs.length === 0) return null;
  diffs.sort((p, q) => p - q);
  const at = (q: number) => diffs[Math.min(diffs.length - 1, Math.max(0, Math.floor(q * diffs.length)))] ?? 0;
  const alpha = 1 - confidence;
  const below = diffs.filter((d) => d <= 0).length / diffs.length;
  const above = diffs.filter((d) => d >= 0).length / diffs.length;
  return {
    difference: sa - sb,
    interval: { low: at(alpha / 2), high: at(1 - alpha / 2) },
    pValue: Math.min(1, 2 * Math.min(below, above)),
    iterations: diffs.length,
  };
}

/** Arithmetic mean, null for an empty sample. */
export function mean(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  let sum = 0;
  for (const x of xs) sum += x;
  return sum / xs.length;
}
