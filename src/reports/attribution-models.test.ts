import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ATTRIBUTION_MODELS, attributionShares, type ModelTouch, splitAmount } from './attribution-models.ts';

const DAY = 86_400_000;
const touches = (...spec: [day: number, sourced: boolean][]): ModelTouch[] =>
  spec.map(([day, sourced]) => ({ at: day * DAY, sourced }));
const close = (actual: number[], expected: number[]) => {
  assert.equal(actual.length, expected.length);
  actual.forEach((a, i) => {
    assert.ok(Math.abs(a - (expected[i] ?? 0)) < 1e-12, `${actual} vs ${expected}`);
  });
};
const options = { halfLifeDays: 7 };

describe('attribution models, hand-computed', () => {
  test('no touch: no shares; one touch: 100 % in every model', () => {
    assert.deepEqual(attributionShares([], options).linear, []);
    const one = attributionShares(touches([0, true]), options);
    for (const model of ATTRIBUTION_MODELS) close(one[model], [1]);
  });

  test('two touches: 50/50 in linear, U and W; first/last all to one; decay by recency (7 days apart = 1/3, 2/3)', () => {
    const s = attributionShares(touches([0, true], [7, true]), options);
    close(s.first_touch, [1, 0]);
    close(s.last_touch, [0, 1]);
    close(s.linear, [0.5, 0.5]);
    close(s.u_shaped, [0.5, 0.5]);
    close(s.w_shaped, [0.5, 0.5]);
    close(s.time_decay, [1 / 3, 2 / 3]);
  });

  test('three sourced touches: U 40/20/40, W a third each, decay with half-lives', () => {
    const s = attributionShares(touches([0, true], [7, true], [14, true]), options);
    close(s.u_shaped, [0.4, 0.2, 0.4]);
    close(s.w_shaped, [1 / 3, 1 / 3, 1 / 3]);
    // weights 1/4, 1/2, 1 → /1.75
    close(s.time_decay, [0.25 / 1.75, 0.5 / 1.75, 1 / 1.75]);
    close(s.linear, [1 / 3, 1 / 3, 1 / 3]);
  });

  test('five sourced touches: U 40/6.67×3/40; W 30 first, 30 middle (index 2), 30 last, 5 each to the other two', () => {
    const s = attributionShares(touches([0, true], [1, true], [2, true], [3, true], [4, true]), options);
    close(s.u_shaped, [0.4, 0.2 / 3, 0.2 / 3, 0.2 / 3, 0.4]);
    close(s.w_shaped, [0.3, 0.05, 0.3, 0.05, 0.3]);
    close(s.last_touch, [0, 0, 0, 0, 1]);
  });

  test('last touch is the last before creation, not the last influenced touch; influenced touches share the spread', () => {
    // two sourced (days 0, 10), two influenced (days 20, 30)
    const s = attributionShares(touches([0, true], [10, true], [20, false], [30, false]), options);
    close(s.first_touch, [1, 0, 0, 0]);
    close(s.last_touch, [0, 1, 0, 0]);
    close(s.u_shaped, [0.4, 0.4, 0.1, 0.1]);
    // c = 1 → milestone ⌊1/2⌋ = 0 coincides with first: 60 % first, 30 % creation, 5 % each influenced
    close(s.w_shaped, [0.6, 0.3, 0.05, 0.05]);
    close(s.linear, [0.25, 0.25, 0.25, 0.25]);
  });

  test('one sourced touch then influenced ones: U gives the merged anchor 80 %; none sourced: creation touch = first', () => {
    const s = attributionShares(touches([0, true], [5, false], [6, false]), options);
    close(s.u_shaped, [0.8, 0.1, 0.1]);
    close(s.w_shaped, [0.9, 0.05, 0.05]);
    const influenced = attributionShares(touches([3, false], [4, false], [5, false]), options);
    close(influenced.last_touch, [1, 0, 0]);
    close(influenced.first_touch, [1, 0, 0]);
  });

  test('time decay: configurable half-life (14 days: 7 days back weighs 2^−0.5)', () => {
    const s = attributionShares(touches([0, true], [7, true]), { halfLifeDays: 14 });
    const w = 2 ** -0.5;
    close(s.time_decay, [w / (1 + w), 1 / (1 + w)]);
    assert.throws(() => attributionShares(touches([0, true]), { halfLifeDays: 0 }), RangeError);
  });

  test('every model sums to 1 on many shapes; amounts split to the cent and sum to the amount', () => {
    for (let n = 1; n <= 12; n++) {
      for (let sourced = 0; sourced <= n; sourced++) {
        const list = touches(
          ...Array.from({ length: n }, (_, i) => [i * 2.5, i < sourced] as [number, boolean]),
        );
        const s = attributionShares(list, options);
        for (const model of ATTRIBUTION_MODELS) {
          const sum = s[model].reduce((a, b) => a + b, 0);
          assert.ok(Math.abs(sum - 1) < 1e-12, `${model} n=${n} sourced=${sourced}: ${sum}`);
          const credits = splitAmount(1234.57, s[model]);
          assert.equal(Math.round(credits.reduce((a, b) => a + b, 0) * 100), 123457);
        }
      }
    }
    assert.deepEqual(splitAmount(100, [1 / 3, 1 / 3, 1 / 3]), [33.34, 33.33, 33.33]);
    assert.deepEqual(splitAmount(10, [0.4, 0.2, 0.4]), [4, 2, 4]);
    assert.deepEqual(splitAmount(0, [0.5, 0.5]), [0, 0]);
  });
});
