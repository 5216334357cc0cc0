import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { type Database, openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { createWorkspace } from '../workspaces/create-workspace.ts';

// The CLI runs in its own process: on the PostgreSQL server of TEST_DATABASE_URL, or else on an
// embedded data directory this test seeds first and then leaves to the CLI.
const url = process.env.TEST_DATABASE_URL;
const dir = mkdtempSync(path.join(os.tmpdir(), 'openabm-person-cli-'));
const email = 'cli.person@cli-person.test';
let slug = '';
let contactId = '';

function cli(...args: string[]) {
  return spawnSync(
    process.execPath,
    [path.resolve('bin/openabm.js'), 'person', ...args, '--workspace', slug, ...(url ? [] : ['--data', dir])],
    {
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, DATABASE_URL: url ?? '' },
    },
  );
}

async function open(): Promise<Database> {
  const database = await openDatabase({ url, dataDir: dir });
  await migrateToLatest(database.db);
  return database;
}

before(async () => {
  const database = await open();
  try {
    const ws = await createWorkspace(database.db, {
      name: `Person CLI ${Math.random().toString(36).slice(2, 8)}`,
    });
    slug = ws.slug;
    const row = await database.db
      .insertInto('contacts')
      .values({ workspace_id: ws.id, email, first_name: 'Clio', last_name: 'Personworth' })
      .returning('id')
      .executeTakeFirstOrThrow();
    contactId = row.id;
  } finally {
    await database.close();
  }
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('openabm person export / erase by email or contact id', async () => {
  const usage = cli('erase');
  assert.equal(usage.status, 2, usage.stderr);
  assert.match(usage.stderr, /exactly one of contactId or email/);

  const out = path.join(dir, 'person.json');
  const exported = cli('export', '--email', email.toUpperCase(), '--out', out);
  assert.equal(exported.status, 0, exported.stderr);
  const data = JSON.parse(readFileSync(out, 'utf8'));
  assert.equal(data.contact.id, contactId);
  assert.equal(data.contact.lastName, 'Personworth');

  const erased = cli('erase', '--contact', contactId);
  assert.equal(erased.status, 0, erased.stderr);
  const result = JSON.parse(erased.stdout);
  assert.equal(result.erased.contacts, 1);
  assert.equal(result.suppressed, 1);

  // Erased: the contact id is unknown now (each run opens the database: kept to a few runs).
  const again = cli('erase', '--contact', contactId);
  assert.equal(again.status, 1);
  assert.match(again.stderr, /No contact/);
});
