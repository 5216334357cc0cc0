import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { bootstrapDifference, mean } from './bootstrap.ts';
import { compareAmounts, compareProportions } from './compare-groups.ts';
import { fisherExact } from './fisher-exact.ts';
import { normalCdf, normalQuantile } from './normal.ts';
import { twoProportionZTest, wilsonInterval } from './proportions.ts';

const near = (actual: number, expected: number, tolerance: number, what: string) =>
  assert.ok(
    Math.abs(actual - expected) <= tolerance,
    `${what}: ${actual} is not within ${tolerance} of ${expected}`,
  );

describe('statistics against published reference values', () => {
  test('normal distribution: table values', () => {
    near(normalCdf(1.96), 0.9750021, 1e-6, 'Φ(1.96)');
    near(normalCdf(-1), 0.158655, 1e-6, 'Φ(−1)');
    near(normalQuantile(0.975), 1.959964, 1e-6, 'z 0.975');
    near(normalQuantile(0.05), -1.644854, 1e-6, 'z 0.05');
    assert.throws(() => normalQuantile(1), RangeError);
  });

  test("Fisher's exact test: the lady tasting tea (Fisher 1935): p = 0.4857 two-sided, 0.2429 one-sided", () => {
    const r = fisherExact(3, 1, 1, 3);
    near(r.pValue, 0.4857, 5e-5, 'two-sided');
    near(r.pGreater, 0.2429, 5e-5, 'greater');
    near(r.oddsRatio, 9, 1e-12, 'odds ratio');
    // All eight cups right: 1/70.
    near(fisherExact(4, 0, 0, 4).pGreater, 1 / 70, 1e-12, 'perfect');
    near(fisherExact(4, 0, 0, 4).pValue, 2 / 70, 1e-12, 'perfect two-sided');
    assert.equal(fisherExact(0, 0, 0, 0).pValue, 1);
    assert.throws(() => fisherExact(-1, 0, 0, 0), RangeError);
    assert.throws(() => fisherExact(1.5, 0, 0, 0), RangeError);
  });

  test("two-proportion z-test: Agresti's aspirin and heart attacks (Physicians' Health Study), χ² = 25.01", () => {
    const r = twoProportionZTest({ successes: 189, trials: 11034 }, { successes: 104, trials: 11037 });
    near(r.difference, 0.0077, 5e-5, 'difference');
    near(r.z * r.z, 25.01, 0.01, 'χ² = z²');
    assert.ok(r.pValue < 1e-6 && r.pValue > 1e-7, `p ${r.pValue}`);
    // Agresti reports the Wald interval (0.005, 0.011).
    near(r.waldInterval.low, 0.005, 5e-4, 'Wald low');
    near(r.waldInterval.high, 0.011, 5e-4, 'Wald high');
  });

  test("Newcombe's interval for a difference of proportions (Newcombe 1998, 56/70 − 48/80: 0.0524 to 0.3339)", () => {
    const r = twoProportionZTest({ successes: 56, trials: 70 }, { successes: 48, trials: 80 });
    near(r.difference, 0.2, 1e-12, 'difference');
    near(r.newcombeInterval.low, 0.0524, 1e-4, 'low');
    near(r.newcombeInterval.high, 0.3339, 1e-4, 'high');
    // Wilson's interval for 81/263 (Newcombe 1998, single proportion: 0.2553 to 0.3662).
    const w = wilsonInterval({ successes: 81, trials: 263 });
    near(w.low, 0.2553, 1e-4, 'Wilson low');
    near(w.high, 0.3662, 1e-4, 'Wilson high');
    assert.throws(
      () => twoProportionZTest({ successes: 3, trials: 2 }, { successes: 1, trials: 2 }),
      RangeError,
    );
  });

  test('seeded bootstrap: same seed same interval, covers the difference, constant samples are exact', () => {
    const a = Array.from({ length: 200 }, (_, i) => 100 + ((i * 37) % 50));
    const b = Array.from({ length: 200 }, (_, i) => 90 + ((i * 53) % 50));
    const one = bootstrapDifference(a, b, mean, { seed: 42 });
    const two = bootstrapDifference(a, b, mean, { seed: 42 });
    assert.deepEqual(one, two);
    assert.ok(one);
    near(one.difference, 10, 1e-9, 'difference');
    // Normal theory: SE = sqrt(var/200 + var/200) with the uniform-like spread of 0..49 (sd ≈ 14.4).
    const se = Math.sqrt((2 * 14.43 ** 2) / 200);
    near(one.interval.low, 10 - 1.96 * se, 0.6, 'low');
    near(one.interval.high, 10 + 1.96 * se, 0.6, 'high');
    assert.ok(one.pValue < 0.001);
    const flat = bootstrapDifference([5, 5, 5], [2, 2], mean, { seed: 1, iterations: 50 });
    assert.deepEqual(flat?.interval, { low: 3, high: 3 });
    assert.equal(bootstrapDifference([], [1], mean), null);
  });

  test('comparisons: not enough data below the minimum, Fisher for small cells, z-test otherwise', () => {
    const few = compareProportions({ successes: 2, trials: 9 }, { successes: 1, trials: 40 });
    assert.equal(few.status, 'not_enough_data');
    assert.match(few.reason ?? '', /target group has 9; at least 10/);
    assert.equal(few.pValue, null);
    const small = compareProportions({ successes: 3, trials: 12 }, { successes: 1, trials: 30 });
    assert.equal(small.test, 'fisher_exact');
    near(small.pValue ?? -1, fisherExact(3, 9, 1, 29).pValue, 1e-12, 'fisher p');
    const big = compareProportions({ successes: 189, trials: 11034 }, { successes: 104, trials: 11037 });
    assert.equal(big.test, 'two_proportion_z');
    assert.ok(big.significant);
    near(big.lift ?? 0, 189 / 11034 / (104 / 11037) - 1, 1e-12, 'lift');
    const amounts = compareAmounts([10, 12, 11, 13, 12, 11], [5, 6, 5, 7, 6, 5], mean, { seed: 3 });
    assert.equal(amounts.test, 'bootstrap');
    assert.ok(amounts.significant);
    assert.equal(compareAmounts([1, 2], [1, 2, 3, 4, 5], mean).status, 'not_enough_data');
  });
});
