import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { createWorkspace } from '../workspaces/create-workspace.ts';

// The CLI runs in its own process: on the PostgreSQL server of TEST_DATABASE_URL, or else on an
// embedded data directory this test seeds first and then leaves to the CLI.
const url = process.env.TEST_DATABASE_URL;
const dir = mkdtempSync(path.join(os.tmpdir(), 'openabm-segment-cli-'));
let slug = '';

function cli(...args: string[]) {
  return spawnSync(
    process.execPath,
    [
      path.resolve('bin/openabm.js'),
      'segment',
      ...args,
      '--workspace',
      slug,
      ...(url ? [] : ['--data', dir]),
    ],
    { encoding: 'utf8', timeout: 120_000, env: { ...process.env, DATABASE_URL: url ?? '' } },
  );
}

before(async () => {
  const database = await openDatabase({ url, dataDir: dir });
  try {
    await migrateToLatest(database.db);
    const ws = await createWorkspace(database.db, {
      name: `Segment CLI ${Math.random().toString(36).slice(2, 8)}`,
    });
    slug = ws.slug;
    await database.db
      .insertInto('accounts')
      .values([
        { workspace_id: ws.id, name: 'Oslo Oil', country: 'NO' },
        { workspace_id: ws.id, name: 'Lisbon Labs', country: 'PT' },
      ])
      .execute();
  } finally {
    await database.close();
  }
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('openabm segment count / create / list / members / rebuild', () => {
  const rule = JSON.stringify({ type: 'field', field: 'country', op: 'in', value: ['NO', 'SE'] });
  const count = cli('count', '--rule', rule);
  assert.equal(count.status, 0, count.stderr);
  assert.match(count.stdout, /^1 accounts/);
  assert.match(count.stdout, /Oslo Oil/);

  const bad = cli('count', '--rule', '{"type":"field","field":"country","op":"nope"}');
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /rule\.op/);

  const created = cli('create', '--name', 'Norway', '--rule', rule);
  assert.equal(created.status, 0, created.stderr);
  const segment = JSON.parse(created.stdout);
  assert.equal(segment.memberCount, 1);

  const list = cli('list');
  assert.match(list.stdout, new RegExp(`${segment.id}\\s+account\\s+dynamic\\s+1\\s+Norway`));

  const out = path.join(dir, 'members.csv');
  const members = cli('members', segment.id, '--out', out);
  assert.equal(members.status, 0, members.stderr);
  assert.match(readFileSync(out, 'utf8'), /^id,name,domain,account_id,entered_at\n[0-9a-f-]{36},Oslo Oil,/);

  const rebuilt = cli('rebuild', 'all');
  assert.equal(rebuilt.status, 0, rebuilt.stderr);
  assert.match(rebuilt.stdout, /Norway: 1 members \(\+0 −0\)/);
  assert.equal(cli('members', '00000000-0000-4000-8000-000000000000').status, 1);
});
