import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { MatchInputError, matchCsvFiles } from './match-csv-files.ts';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'openabm-match-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const accounts = file(
  'accounts.csv',
  [
    'id,name,website,domains,country,industry',
    'a1,General Motors Company,https://www.gm.com,,US,auto',
    'a2,"General Mills, Inc.",generalmills.com,,US,food',
    'a3,Nordic Foods A/S,nordicfoods.dk,nordic-foods.com;nf.dk,DK,food',
    ',No Id Corp,x.com,,,',
    'a4,,nameless.com,,,',
    'a5,😀 Emoji Ltd,,,,',
  ].join('\n'),
);
const leads = file(
  'leads.csv',
  [
    'id,email,first_name,last_name,company,country',
    'l1,jane@gm.com,Jane,Doe,General Motors,US',
    'l2,bob@gmail.com,Bob,Roe,General Mills,US',
    'l3,ole@eu.nf.dk,Ole,Hansen,,',
    'l4,garbage,,,,',
    'l5,only,three',
    'l6,eve@gmail.com,Eve,,Nordic Feeds,DK',
    'l7,x@mailinator.com,,,,',
    `l8,${'y'.repeat(400)}@gm.com,,,${'z'.repeat(10_000)},US`,
    'l9,😀@😀.com,😀,😀,😀,😀',
    'l10,"unterminated',
  ].join('\n'),
);

describe('batch matching of CSV files', () => {
  test('the CLI writes one row per lead with account, confidence, method and evidence', async () => {
    const out = join(dir, 'out.csv');
    const { stderr } = await run('node', [
      'bin/openabm.js',
      'match',
      '--accounts',
      accounts,
      '--leads',
      leads,
      '--out',
      out,
      '--threshold',
      '0.8',
    ]);
    assert.match(stderr, /indexed 4 accounts/);
    assert.match(stderr, /line 5 skipped: empty id/);
    const rows: Record<string, string>[] = parse(readFileSync(out), { columns: true });
    assert.deepEqual(Object.keys(rows[0] ?? {}), [
      'lead_id',
      'account_id',
      'confidence',
      'method',
      'evidence',
    ]);
    const by = new Map(rows.map((r) => [r.lead_id, r]));
    assert.equal(by.get('l1')?.account_id, 'a1');
    assert.equal(by.get('l1')?.method, 'domain_name');
    assert.equal(by.get('l2')?.account_id, 'a2');
    assert.equal(by.get('l2')?.method, 'name_country');
    assert.equal(by.get('l3')?.account_id, 'a3');
    assert.equal(by.get('l3')?.method, 'subdomain');
    assert.equal(by.get('l4')?.account_id, '');
    assert.match(by.get('l4')?.evidence ?? '', /no usable domain/);
    assert.match(by.get('l5')?.evidence ?? '', /row has 3 fields, the header has 6/);
    assert.equal(by.get('l6')?.account_id, '');
    assert.match(by.get('l7')?.evidence ?? '', /disposable/);
    assert.equal(by.get('l9')?.account_id, '');
    assert.ok(
      rows.some((r) => /unreadable CSV record/.test(r.evidence ?? '')),
      'the unparsable tail is reported',
    );
    assert.ok(rows.length >= 10);
  });

  test('worker threads give the same rows in the same order', async () => {
    const inline = join(dir, 'inline.csv');
    const threaded = join(dir, 'threaded.csv');
    const a = await matchCsvFiles({ accountsPath: accounts, leadsPath: leads, outPath: inline, workers: 0 });
    const b = await matchCsvFiles({
      accountsPath: accounts,
      leadsPath: leads,
      outPath: threaded,
      workers: 2,
    });
    assert.equal(readFileSync(threaded, 'utf8'), readFileSync(inline, 'utf8'));
    assert.deepEqual(
      [b.leads, b.matched, b.weak, b.unmatched, b.badRows],
      [a.leads, a.matched, a.weak, a.unmatched, a.badRows],
    );
    assert.equal(a.matched, 3);
  });

  test('missing or unknown columns are a clear error naming them', async () => {
    const badAccounts = file('bad-accounts.csv', 'id,name,web\na1,Acme,acme.com\n');
    await assert.rejects(
      matchCsvFiles({ accountsPath: badAccounts, leadsPath: leads, outPath: join(dir, 'o1.csv') }),
      (e: unknown) =>
        e instanceof MatchInputError &&
        /missing column\(s\) website, domains, country, industry/.test(e.message) &&
        /"web"/.test(e.message),
    );
    const badLeads = file('bad-leads.csv', 'id,email,company,extra\n');
    await assert.rejects(
      matchCsvFiles({ accountsPath: accounts, leadsPath: badLeads, outPath: join(dir, 'o2.csv') }),
      (e: unknown) =>
        e instanceof MatchInputError &&
        /first_name, last_name, country/.test(e.message) &&
        /"extra"/.test(e.message),
    );
    await assert.rejects(
      matchCsvFiles({ accountsPath: join(dir, 'nope.csv'), leadsPath: leads, outPath: join(dir, 'o3.csv') }),
      /no such file/,
    );
    const empty = file('empty.csv', '');
    await assert.rejects(
      matchCsvFiles({ accountsPath: empty, leadsPath: leads, outPath: join(dir, 'o4.csv') }),
      /empty file/,
    );
  });

  test('the CLI exits with code 2 and a message for input errors', async () => {
    const badAccounts = file('bad2.csv', 'id\n');
    await assert.rejects(
      run('node', [
        'bin/openabm.js',
        'match',
        '--accounts',
        badAccounts,
        '--leads',
        leads,
        '--out',
        join(dir, 'o5.csv'),
      ]),
      (e: unknown) =>
        typeof e === 'object' &&
        e !== null &&
        'code' in e &&
        e.code === 2 &&
        'stderr' in e &&
        /missing column/.test(String(e.stderr)),
    );
  });
});
