import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';

describe('openabm workspace delete', () => {
  // The suite's PostgreSQL server when there is one, else an embedded database in a temp dir.
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'openabm-ws-cli-'));
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: process.env.TEST_DATABASE_URL ?? '' };
  if (!process.env.TEST_DATABASE_URL) delete env.DATABASE_URL;
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, [path.resolve('bin/openabm.js'), ...args, '--data', dataDir], {
      encoding: 'utf8',
      timeout: 120_000,
      env,
    });
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  test('needs --yes, and deletes the named workspace only', () => {
    const name = `Cli delete ${Math.random().toString(36).slice(2, 8)}`;
    const created = cli('workspace', 'create', '--name', name);
    assert.equal(created.status, 0, created.stderr);
    const [id, slug] = created.stdout.trim().split('\t');
    assert.ok(id && slug);
    const keep = cli('workspace', 'create', '--name', `${name} kept`);
    assert.equal(keep.status, 0, keep.stderr);

    const unconfirmed = cli('workspace', 'delete', '--workspace', slug);
    assert.equal(unconfirmed.status, 2);
    assert.match(unconfirmed.stderr, /--yes/);

    const deleted = cli('workspace', 'delete', '--workspace', slug, '--yes');
    assert.equal(deleted.status, 0, deleted.stderr);
    assert.match(deleted.stdout, new RegExp(`deleted workspace ${slug} \\(${id}\\)`));
    const listed = cli('workspace', 'list').stdout;
    assert.doesNotMatch(listed, new RegExp(`\\t${slug}\\t`));
    assert.match(listed, new RegExp(`\\t${slug}-kept\\t`));
  });
});
