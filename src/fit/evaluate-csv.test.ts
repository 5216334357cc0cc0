import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { evaluateCsv } from './evaluate-csv.ts';
import { FitInputError } from './fit-input-error.ts';
import { PLANTED_DRIVERS, plantedAccounts } from './planted-world.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'openabm-fit-'));
function csvFile(name: string, lines: string[]): string {
  const file = path.join(dir, name);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

function plantedCsv(name: string, rows: number, delimiter = ','): string {
  const header = ['Account ID', 'Industry', 'Employees', 'Country', 'Technologies', 'Notes', 'Stage'];
  const lines = [header.join(delimiter)];
  plantedAccounts(rows, 5).forEach((a, i) => {
    const employees =
      i % 40 === 0
        ? 'N/A'
        : i % 97 === 0
          ? 'lots'
          : a.employeeCount === null
            ? ''
            : a.employeeCount.toLocaleString('en-US');
    const tech = a.technologies.join('; ');
    const cells = [
      `A-${i}`,
      a.industry,
      employees,
      i % 30 === 0 ? 'Select' : a.country,
      tech,
      '',
      a.won ? 'Closed Won' : 'Closed Lost',
    ];
    lines.push(cells.map((c) => (c.includes(delimiter) || c.includes(',') ? `"${c}"` : c)).join(delimiter));
  });
  return csvFile(name, lines);
}

async function rejects(options: Parameters<typeof evaluateCsv>[0], pattern: RegExp): Promise<void> {
  await assert.rejects(evaluateCsv(options), (error: unknown) => {
    assert.ok(error instanceof FitInputError, String(error));
    assert.match(error.message, pattern);
    return true;
  });
}

test('evaluate recovers planted drivers from a ;-separated CRM export', async () => {
  const file = plantedCsv('planted.csv', 1500, ';');
  const report = await evaluateCsv({ file, label: 'stage', positive: 'Closed Won' });
  assert.equal(report.delimiter, ';');
  assert.equal(report.rows, 1500);
  assert.equal(report.folds, 5);
  assert.ok(report.auc > 0.7, `auc ${report.auc}`);
  assert.equal(report.lift_by_decile.length, 10);
  assert.ok((report.lift_by_decile[0]?.lift ?? 0) > 1.5);
  const top = report.top_features.slice(0, 3).map((f) => f.column);
  for (const driver of ['Industry', 'Technologies', 'Employees'])
    assert.ok(top.includes(driver), `${driver} in ${top}`);
  assert.ok(
    report.top_features.some((f) =>
      f.top.some((t) => t.feature === `Industry = ${PLANTED_DRIVERS.industry}`),
    ),
  );
  const ignored = new Map(report.ignored_columns.map((c) => [c.column, c.reason]));
  assert.match(ignored.get('Account ID') ?? '', /id-like/);
  assert.match(ignored.get('Notes') ?? '', /all values missing/);
  assert.equal(ignored.get('Stage'), 'the label');
  const employees = report.columns.find((c) => c.column === 'Employees');
  assert.ok(
    employees?.notes.some((n) => n.includes('non-numeric values in a numeric column treated as missing')),
  );
  assert.equal(report.columns.find((c) => c.column === 'Technologies')?.type, 'multi');
  // deterministic
  const again = await evaluateCsv({ file, label: 'Stage', positive: 'closed won' });
  assert.deepEqual(again.auc_by_fold, report.auc_by_fold);
});

test('bad input gives clear messages', async () => {
  const good = plantedCsv('good.csv', 300);
  await rejects(
    { file: good, label: 'Outcome' },
    /label column "Outcome" not found; columns are: Account ID, Industry/,
  );
  const auto = await evaluateCsv({ file: good, label: 'Stage' });
  assert.equal(auto.positive_value, 'closed won');
  const colours = csvFile('colours.csv', [
    'colour,size',
    ...Array.from({ length: 60 }, (_, i) => `${i % 2 ? 'red' : 'blue'},${i}`),
  ]);
  await rejects({ file: colours, label: 'colour' }, /label values are blue, red: pass --positive VALUE/);
  await rejects({ file: good, label: 'Stage', positive: 'Won!' }, /no row has label value "Won!"/);
  await rejects(
    { file: good, label: 'Stage', id: 'nope', positive: 'Closed Won' },
    /id column "nope" not found/,
  );
  await rejects({ file: path.join(dir, 'absent.csv'), label: 'x' }, /cannot read/);
  await rejects({ file: csvFile('empty.csv', ['']), label: 'x' }, /is empty/);
  await rejects({ file: csvFile('header.csv', ['a,b']), label: 'a' }, /no data rows/);
  const oneClass = csvFile('one.csv', ['won,size', ...Array.from({ length: 50 }, (_, i) => `yes,${i % 7}`)]);
  await rejects({ file: oneClass, label: 'won' }, /one class only \(50 positive, 0 negative/);
  const tiny = csvFile('tiny.csv', [
    'won,size',
    ...Array.from({ length: 14 }, (_, i) => `${i % 2 ? 'yes' : 'no'},${i % 5}`),
  ]);
  await rejects(
    { file: tiny, label: 'won' },
    /too little data: 7 positive and 7 negative rows; each class needs at least 10/,
  );
  const empty = csvFile('nofeatures.csv', [
    'won,a,b',
    ...Array.from({ length: 60 }, (_, i) => `${i % 2},NA,`),
  ]);
  await rejects(
    { file: empty, label: 'won' },
    /no usable feature columns: a \(all values missing\); b \(all values missing\)/,
  );
  const rare = csvFile('rare.csv', [
    'won,city',
    ...Array.from({ length: 400 }, (_, i) => `${i % 2},c${i % 300}`),
  ]);
  await rejects({ file: rare, label: 'won' }, /city \(too many rare values: 300 distinct/);
});

test('10,000 categories: capped and grouped, model still trains', async () => {
  const lines = ['won,category,size'];
  for (let i = 0; i < 20_000; i++) {
    const category = i % 2 === 0 ? `top${i % 20}` : `k${i % 10_000}`;
    lines.push(`${i % 3 === 0 ? 1 : 0},${category},${(i * 13) % 101}`);
  }
  const report = await evaluateCsv({ file: csvFile('many.csv', lines), label: 'won', folds: 3 });
  assert.equal(report.positive_value, '1');
  const category = report.columns.find((c) => c.column === 'category');
  assert.ok(category, JSON.stringify(report.ignored_columns));
  assert.ok(category.features <= 52);
  assert.ok(category.notes.some((n) => n.includes('distinct values: kept 10')));
});

test('the CLI prints one JSON object, and exits 2 with a message on bad input', () => {
  const file = plantedCsv('cli.csv', 400);
  const bin = path.resolve('bin/openabm.js');
  const ok = spawnSync(
    process.execPath,
    [bin, 'model', 'evaluate', '--csv', file, '--label', 'Stage', '--positive', 'Closed Won', '--folds', '4'],
    { encoding: 'utf8' },
  );
  assert.equal(ok.status, 0, ok.stderr);
  const report: unknown = JSON.parse(ok.stdout);
  assert.ok(
    typeof report === 'object' &&
      report !== null &&
      'auc' in report &&
      'top_features' in report &&
      'positives' in report,
  );
  assert.ok('folds' in report && report.folds === 4);
  const bad = spawnSync(process.execPath, [bin, 'model', 'evaluate', '--csv', file, '--label', 'Nope'], {
    encoding: 'utf8',
  });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /label column "Nope" not found/);
  assert.equal(bad.stdout, '');
  const folds = spawnSync(
    process.execPath,
    [bin, 'model', 'evaluate', '--csv', file, '--label', 'Stage', '--folds', 'x'],
    { encoding: 'utf8' },
  );
  assert.notEqual(folds.status, 0);
  assert.match(folds.stderr, /--folds must be a number/);
});
