import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';

const root = mkdtempSync(path.join(tmpdir(), 'openabm-titles-'));
const bin = path.resolve('bin/openabm.js');

describe('openabm titles', () => {
  after(() => rmSync(root, { recursive: true, force: true }));

  test('classifies one title per line into title,function,seniority CSV', () => {
    const input = path.join(root, 'titles.txt');
    const output = path.join(root, 'out.csv');
    writeFileSync(input, '\uFEFFCFO & EVP\r\nFjármálastjóri\n\n営業部長\n"Head", of IT\n🚀\n');
    const run = spawnSync(process.execPath, [bin, 'titles', '--in', input, '--out', output], {
      encoding: 'utf8',
    });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stderr, /Classified 5 titles/);
    const rows: string[][] = parse(readFileSync(output));
    assert.deepEqual(rows[0], ['title', 'function', 'seniority', 'rule']);
    assert.deepEqual(
      rows.slice(1).map((r) => r.slice(0, 3)),
      [
        ['CFO & EVP', 'finance', 'c_level'],
        ['Fjármálastjóri', 'finance', 'c_level'],
        ['営業部長', 'sales', 'director'],
        ['"Head", of IT', 'it', 'director'],
        ['🚀', 'other', 'individual'],
      ],
    );
    assert.match(rows[1]?.[3] ?? '', /^en:\d+:cfo$/);
  });

  test('a missing input file is a clear error', () => {
    const run = spawnSync(process.execPath, [bin, 'titles', '--in', path.join(root, 'nope.txt')], {
      encoding: 'utf8',
    });
    assert.equal(run.status, 1);
    assert.match(run.stderr, /openabm: ENOENT.*nope\.txt/);
  });
});
