import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { rngFor } from '../random/seeded-random.ts';
import { type MatchUnit, propensityMatch } from './propensity-match.ts';

const unit = (id: string, treated: boolean, ...features: number[]): MatchUnit => ({ id, treated, features });

describe('propensity matching', () => {
  test('one covariate: each target gets the nearest control (the logit is linear in it); balance by hand', () => {
    const units = [
      unit('t3', true, 3),
      unit('t7', true, 7),
      unit('c0', false, 0),
      unit('c2.8', false, 2.8),
      unit('c6.9', false, 6.9),
      unit('c10', false, 10),
    ];
    const m = propensityMatch(units, ['x'], { caliper: 1e9 });
    assert.deepEqual(m.pairs.map((p) => [p.target, p.controls]).sort(), [
      ['t3', ['c2.8']],
      ['t7', ['c6.9']],
    ]);
    assert.equal(m.unmatchedTargets, 0);
    // Before: targets mean 5 (var 8), controls mean 4.925 (var 19.4758): SMD 0.075 / 3.7065 = 0.0202.
    // After: controls 2.8 and 6.9, mean 4.85 (var 8.405): SMD 0.15 / 2.8640 = 0.0524.
    const x = m.balance[0];
    assert.ok(x);
    assert.ok(Math.abs(x.before - 0.0202) < 1e-3, String(x.before));
    assert.ok(Math.abs(x.after - 0.0524) < 1e-3, String(x.after));
  });

  test('a caliper of zero matches nobody; a control is used once; two per target when asked', () => {
    const units = [unit('t1', true, 1), unit('t2', true, 1.1), unit('c1', false, 1.05), unit('c9', false, 9)];
    assert.equal(propensityMatch(units, ['x'], { caliper: 0 }).unmatchedTargets, 2);
    const once = propensityMatch(units, ['x'], { caliper: 1e9 });
    assert.equal(new Set(once.controls).size, once.controls.length);
    assert.equal(once.controls.length, 2);
    const two = propensityMatch(
      [...units, unit('c1.2', false, 1.2), unit('c0.9', false, 0.9), unit('c1.3', false, 1.3)],
      ['x'],
      { caliper: 1e9, controlsPerTarget: 2 },
    );
    assert.equal(two.controls.length, 4);
    assert.ok(!two.controls.includes('c9'));
  });

  test('confounded groups: matching removes most of the imbalance', () => {
    const rng = rngFor(3, 'psm');
    const units: MatchUnit[] = [];
    for (let i = 0; i < 1500; i++) {
      const size = rng.normal();
      const fit = rng.normal();
      const treated = rng.chance(1 / (1 + Math.exp(-(-1.5 + 1.2 * size + 0.8 * fit))));
      units.push(unit(`a${i}`, treated, size, fit));
    }
    const m = propensityMatch(units, ['size', 'fit']);
    assert.ok(m.targets.length > 200, String(m.targets.length));
    for (const b of m.balance) {
      assert.ok(Math.abs(b.before) > 0.4, `${b.feature} before ${b.before}`);
      assert.ok(Math.abs(b.after) < 0.1, `${b.feature} after ${b.after}`);
    }
  });
});
