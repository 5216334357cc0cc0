import { normalQuantile, twoSidedP } from './normal.ts';

/** A count of successes out of trials for one group. */
export interface Proportion {
  successes: number;
  trials: number;
}

export interface Interval {
  low: number;
  high: number;
}

function check(p: Proportion, name: string): void {
  if (!Number.isInteger(p.successes) || !Number.isInteger(p.trials) || p.successes < 0 || p.trials < 0) {
    throw new RangeError(`${name}: successes and trials must be non-negative integers`);
  }
  if (p.successes > p.trials) throw new RangeError(`${name}: more successes than trials`);
}

/** Wilson score interval for one proportion (the interval behind Newcombe's difference interval). */
export function wilsonInterval(p: Proportion, confidence = 0.95): Interval {
  check(p, 'proportion');
  if (p.trials === 0) return { low: 0, high: 1 };
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const n = p.trials;
  const phat = p.successes / n;
  const centre = phat + (z * z) / (2 * n);
  const spread = z * Math.sqrt((phat * (1 - phat) + (z * z) / (4 * n)) / n);
  const denominator = 1 + (z * z) / n;
  return { low: (centre - spread) / denominator, high: (centre + spread) / denominator };
}

export interface TwoProportionTest {
  /** p1 − p2. */
  difference: number;
  z: number;
  /** Two-sided p-value of the pooled z statistic (equals Pearson's χ² test without continuity correction). */
  pValue: number;
  /** Wald interval of the difference (unpooled standard error). */
  waldInterval: Interval;
  /** Newcombe's hybrid score interval of the difference (method 10), good at small counts too. */
  newcombeInterval: Interval;
}

/**
 * Two-proportion z-test of H0: p1 = p2 with the pooled standard error, and two intervals of the
 * difference. Agresti's aspirin example (189/11034 vs 104/11037) gives z = 5.00 (χ² = 25.01).
 *
 * @example
 * twoProportionZTest({ successes: 189, trials: 11034 }, { successes: 104, trials: 11037 }).pValue; // ≈ 5.7e-7
 */
export function twoProportionZTest(a: Proportion, b: Proportion, confidence = 0.95): TwoProportionTest {
  check(a, 'a');
  check(b, 'b');
  if (a.trials === 0 || b.trials === 0) throw new RangeError('both groups need at least one trial');
  const p1 = a.successes / a.trials;
  const p2 = b.successes / b.trials;
  const pooled = (a.successes + b.successes) / (a.trials + b.trials);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / a.trials + 1 / b.trials));
  const difference = p1 - p2;
  const z = se === 0 ? 0 : difference / se;
  const zc = normalQuantile(1 - (1 - confidence) / 2);
  const seWald = Math.sqrt((p1 * (1 - p1)) / a.trials + (p2 * (1 - p2)) / b.trials);
  const w1 = wilsonInterval(a, confidence);
  const w2 = wilsonInterval(b, confidence);
  return {
    difference,
    z,
    pValue: se === 0 ? 1 : twoSidedP(z),
    waldInterval: { low: difference - zc * seWald, high: difference + zc * seWald },
    newcombeInterval: {
      low: difference - Math.sqrt((p1 - w1.low) ** 2 + (w2.high - p2) ** 2),
      high: difference + Math.sqrt((w1.high - p1) ** 2 + (p2 - w2.low) ** 2),
    },
  };
}
