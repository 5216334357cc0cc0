import { type BootstrapOptions, bootstrapDifference } from './bootstrap.ts';
import { fisherExact } from './fisher-exact.ts';
import { type Proportion, twoProportionZTest } from './proportions.ts';

/** Fewest accounts (or deals) per group before any claim is made. */
export const MIN_GROUP_SIZE = 10;
/** Fewest values per group for a bootstrap of amounts (deal sizes, velocities). */
export const MIN_AMOUNTS = 5;
/** A z-test needs at least this many expected successes and failures in every cell; else Fisher. */
export const MIN_EXPECTED_CELL = 5;

export interface Comparison {
  status: 'ok' | 'not_enough_data';
  /** Why there is no claim (e.g. "control has 4 accounts; at least 10 are needed"). */
  reason: string | null;
  test: 'two_proportion_z' | 'fisher_exact' | 'bootstrap' | null;
  target: number | null;
  control: number | null;
  /** target − control. */
  difference: number | null;
  /** target / control − 1 (null when control is 0). */
  lift: number | null;
  /** Interval of the difference (95 % unless asked otherwise). */
  interval: { low: number; high: number } | null;
  pValue: number | null;
  significant: boolean;
  sizes: { target: number; control: number };
}

function none(
  target: number | null,
  control: number | null,
  sizes: Comparison['sizes'],
  reason: string,
): Comparison {
  return {
    status: 'not_enough_data',
    reason,
    test: null,
    target,
    control,
    difference: null,
    lift: null,
    interval: null,
    pValue: null,
    significant: false,
    sizes,
  };
}

const liftOf = (t: number, c: number) => (c === 0 ? null : t / c - 1);

/**
 * Compare a rate between the target and the control group. Below MIN_GROUP_SIZE trials in either
 * group: "not enough data". With any expected cell under MIN_EXPECTED_CELL, Fisher's exact test (its
 * interval is still Newcombe's); otherwise the two-proportion z-test with Newcombe's interval.
 */
export function compareProportions(target: Proportion, control: Proportion, alpha = 0.05): Comparison {
  const sizes = { target: target.trials, control: control.trials };
  const rt = target.trials ? target.successes / target.trials : null;
  const rc = control.trials ? control.successes / control.trials : null;
  for (const [name, g] of [
    ['target', target],
    ['control', control],
  ] as const) {
    if (g.trials < MIN_GROUP_SIZE) {
      return none(rt, rc, sizes, `${name} group has ${g.trials}; at least ${MIN_GROUP_SIZE} are needed`);
    }
  }
  const z = twoProportionZTest(target, control, 1 - alpha);
  const successes = target.successes + control.successes;
  const n = target.trials + control.trials;
  const expected = [target.trials, control.trials].flatMap((t) => [
    (t * successes) / n,
    (t * (n - successes)) / n,
  ]);
  const small = expected.some((e) => e < MIN_EXPECTED_CELL);
  const pValue = small
    ? fisherExact(
        target.successes,
        target.trials - target.successes,
        control.successes,
        control.trials - control.successes,
      ).pValue
    : z.pValue;
  const t = rt ?? 0;
  const c = rc ?? 0;
  return {
    status: 'ok',
    reason: null,
    test: small ? 'fisher_exact' : 'two_proportion_z',
    target: t,
    control: c,
    difference: t - c,
    lift: liftOf(t, c),
    interval: z.newcombeInterval,
    pValue,
    significant: pValue < alpha,
    sizes,
  };
}

/**
 * Compare a statistic of amounts (e.g. `mean` of deal sizes, or a velocity) with a seeded bootstrap.
 * Below MIN_AMOUNTS values in either group: "not enough data".
 */
export function compareAmounts<T>(
  target: readonly T[],
  control: readonly T[],
  statistic: (sample: readonly T[]) => number | null,
  options: BootstrapOptions & { alpha?: number; minimum?: number } = {},
): Comparison {
  const sizes = { target: target.length, control: control.length };
  const st = statistic(target);
  const sc = statistic(control);
  const minimum = options.minimum ?? MIN_AMOUNTS;
  for (const [name, g] of [
    ['target', target],
    ['control', control],
  ] as const) {
    if (g.length < minimum)
      return none(st, sc, sizes, `${name} group has ${g.length}; at least ${minimum} are needed`);
  }
  const alpha = options.alpha ?? 0.05;
  const result = bootstrapDifference(target, control, statistic, { ...options, confidence: 1 - alpha });
  if (!result || st === null || sc === null)
    return none(st, sc, sizes, 'the statistic is undefined for a group');
  return {
    status: 'ok',
    reason: null,
    test: 'bootstrap',
    target: st,
    control: sc,
    difference: result.difference,
    lift: liftOf(st, sc),
    interval: result.interval,
    pValue: result.pValue,
    significant: result.pValue < alpha,
    sizes,
  };
}
