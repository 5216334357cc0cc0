import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seededRandom } from '../random/seeded-random.ts';
import { computeAuc } from './auc.ts';
import { isMissing, parseNumber } from './cell-values.ts';
import { crossValidate, stratifiedFolds } from './cross-validate.ts';
import { detectColumn, isIgnored } from './detect-column.ts';
import { buildFeatures, encodeTable } from './feature-spec.ts';
import { explainRow } from './fit-report.ts';
import { linearScore, trainLogisticRegression } from './logistic-regression.ts';
import { fitPlatt } from './platt-scaling.ts';

function bruteForceAuc(scores: number[], labels: number[]): number {
  let wins = 0;
  let pairs = 0;
  scores.forEach((s, i) => {
    if (labels[i] !== 1) return;
    scores.forEach((t, j) => {
      if (labels[j] !== 0) return;
      pairs++;
      wins += s > t ? 1 : s === t ? 0.5 : 0;
    });
  });
  return wins / pairs;
}

test('AUC matches the brute-force pair count, ties included', () => {
  const random = seededRandom(3);
  for (let trial = 0; trial < 20; trial++) {
    const n = 20 + Math.floor(random() * 80);
    const scores = Array.from({ length: n }, () => Math.round(random() * 10) / 2); // many ties
    const labels = Array.from({ length: n }, (_, i) => (i === 0 ? 1 : i === 1 ? 0 : random() < 0.4 ? 1 : 0));
    assert.ok(Math.abs(computeAuc(scores, labels) - bruteForceAuc(scores, labels)) < 1e-12);
  }
  assert.equal(computeAuc([1, 1, 1, 1], [1, 0, 1, 0]), 0.5);
  assert.equal(computeAuc([1, 2, 3, 4], [0, 0, 1, 1]), 1);
  assert.ok(Number.isNaN(computeAuc([1, 2], [1, 1])));
});

test('logistic regression recovers planted coefficients', () => {
  const random = seededRandom(11);
  const rows = 20_000;
  const cols = 3;
  const truth = [1.5, -0.8, 0];
  const values = new Float64Array(rows * cols);
  const y = new Uint8Array(rows);
  for (let i = 0; i < rows; i++) {
    let z = -0.5;
    for (let j = 0; j < cols; j++) {
      // standard normal via Box–Muller
      const v = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
      values[i * cols + j] = v;
      z += (truth[j] ?? 0) * v;
    }
    y[i] = random() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  const model = trainLogisticRegression({ values, rows, cols }, y, { l2: 1e-6 });
  assert.ok(model.converged);
  truth.forEach((w, j) => {
    assert.ok(Math.abs((model.weights[j] ?? 0) - w) < 0.08, `w${j}=${model.weights[j]} vs ${w}`);
  });
  assert.ok(Math.abs(model.intercept + 0.5) < 0.08);
});

test('stratified folds are deterministic and balanced; CV gives the same result twice', () => {
  const labels = Uint8Array.from({ length: 103 }, (_, i) => (i % 4 === 0 ? 1 : 0));
  const a = stratifiedFolds(labels, 5, 9);
  assert.deepEqual(a, stratifiedFolds(labels, 5, 9));
  assert.notDeepEqual(a, stratifiedFolds(labels, 5, 10));
  for (let f = 0; f < 5; f++) {
    const pos = labels.filter((y, i) => y === 1 && a[i] === f).length;
    assert.ok(pos === 5 || pos === 6, `fold ${f} has ${pos} positives`);
  }
  const random = seededRandom(5);
  const values = Float64Array.from({ length: 103 * 2 }, () => random());
  const x = { values, rows: 103, cols: 2 };
  assert.deepEqual(
    crossValidate(x, labels, { folds: 5 }).outOfFold,
    crossValidate(x, labels, { folds: 5 }).outOfFold,
  );
});

test('Platt scaling maps scores to calibrated probabilities', () => {
  const random = seededRandom(2);
  const scores: number[] = [];
  const labels: number[] = [];
  for (let i = 0; i < 5000; i++) {
    const z = random() * 8 - 4;
    scores.push(z);
    labels.push(random() < 1 / (1 + Math.exp(-(2 * z + 1))) ? 1 : 0);
  }
  const platt = fitPlatt(scores, labels);
  assert.ok(Math.abs(platt.a - 2) < 0.25, `a=${platt.a}`);
  assert.ok(Math.abs(platt.b - 1) < 0.25, `b=${platt.b}`);
});

test('missing tokens and number formats', () => {
  for (const v of ['', ' NA ', 'N/A', 'null', 'Select', '-', null, undefined])
    assert.ok(isMissing(v), String(v));
  for (const v of ['0', 'no', 'Selected', 'n']) assert.ok(!isMissing(v), v);
  assert.equal(parseNumber('1,234.5'), 1234.5);
  assert.equal(parseNumber('$5M'), 5_000_000);
  assert.equal(parseNumber('-12%'), -12);
  assert.equal(parseNumber('1e3'), 1000);
  assert.equal(parseNumber('12 apples'), null);
  assert.equal(parseNumber('1,23'), null);
});

test('column types: numeric, date, boolean, categorical, multi-value, id-like, constant, empty', () => {
  const n = 200;
  const kind = (name: string, values: (string | null)[]) => {
    const plan = detectColumn(name, values);
    return isIgnored(plan) ? `ignored: ${plan.reason}` : plan.kind;
  };
  assert.equal(
    kind(
      'employees',
      Array.from({ length: n }, (_, i) => String((i * 37) % 1000)),
    ),
    'numeric',
  );
  assert.equal(
    kind(
      'created',
      Array.from({ length: n }, (_, i) => `2024-01-${String((i % 28) + 1).padStart(2, '0')}`),
    ),
    'date',
  );
  assert.equal(
    kind(
      'is_partner',
      Array.from({ length: n }, (_, i) => (i % 3 ? 'Yes' : 'No')),
    ),
    'boolean',
  );
  assert.equal(
    kind(
      'industry',
      Array.from({ length: n }, (_, i) => ['A', 'B', 'C'][i % 3] ?? 'A'),
    ),
    'categorical',
  );
  assert.equal(
    kind(
      'tech',
      Array.from({ length: n }, (_, i) => (i % 2 ? 'AWS; Slack' : 'AWS')),
    ),
    'multi',
  );
  assert.match(
    kind(
      'row',
      Array.from({ length: n }, (_, i) => String(i + 1)),
    ),
    /id-like/,
  );
  assert.match(
    kind(
      'account_id',
      Array.from({ length: n }, (_, i) => String(i * 7919)),
    ),
    /id-like/,
  );
  assert.match(
    kind(
      'email',
      Array.from({ length: n }, (_, i) => `u${i}@x.test`),
    ),
    /id-like/,
  );
  assert.match(
    kind(
      'country',
      Array.from({ length: n }, () => 'US'),
    ),
    /constant/,
  );
  assert.match(
    kind(
      'notes',
      Array.from({ length: n }, (_, i) => (i % 2 ? 'NA' : '')),
    ),
    /all values missing/,
  );
  const mixed = detectColumn(
    'size',
    Array.from({ length: n }, (_, i) => (i % 50 === 0 ? 'unknown' : String(i % 17))),
  );
  assert.ok(!isIgnored(mixed) && mixed.kind === 'numeric');
  assert.ok(
    mixed.notes.some((note) => note.includes('non-numeric values in a numeric column treated as missing')),
  );
});

test('10,000 categories are capped; rare levels grouped as other', () => {
  const n = 30_000;
  const values = Array.from({ length: n }, (_, i) => (i % 3 === 0 ? `common${i % 5}` : `cat${i % 10_000}`));
  const { spec, matrix } = buildFeatures({ names: ['city'], columns: [values], rowCount: n });
  const plan = spec.plans[0];
  assert.ok(plan && plan.kind === 'categorical');
  assert.ok(plan.levels.length <= 50);
  assert.ok(plan.other);
  assert.equal(matrix.cols, plan.levels.length + 1);
  assert.ok(plan.notes.some((note) => note.includes('grouped')));
});

test('encoding new rows uses the training spec; explanations name features', () => {
  const table = {
    names: ['industry', 'employees'],
    columns: [
      Array.from({ length: 100 }, (_, i) => (i % 2 ? 'Software' : 'Retail')),
      Array.from({ length: 100 }, (_, i) => String(10 + i)),
    ],
    rowCount: 100,
  };
  const { spec } = buildFeatures(table);
  const x = encodeTable(spec, { names: ['industry'], columns: [['Software']], rowCount: 1 });
  assert.equal(x.cols, spec.features.length);
  const weights = Float64Array.from(spec.features.map((f) => (f.name === 'industry = Software' ? 1 : 0)));
  const factors = explainRow(spec, { weights }, x, 0);
  assert.equal(factors.positive[0]?.feature, 'industry = Software');
  assert.ok(Number.isFinite(linearScore({ intercept: 0, weights, iterations: 0, converged: true }, x, 0)));
});
