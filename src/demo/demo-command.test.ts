import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { prepareDemoDir, readDemoMarker } from './demo-data-dir.ts';
import { runDemo } from './run-demo.ts';

const root = mkdtempSync(path.join(tmpdir(), 'openabm-demo-test-'));
const bin = path.resolve('bin/openabm.js');
const env = { ...process.env };
delete env.DATABASE_URL;

function demo(...args: string[]) {
  return spawnSync(process.execPath, [bin, 'demo', '--no-serve', ...args], {
    env,
    encoding: 'utf8',
    timeout: 240_000,
  });
}

describe('openabm demo', () => {
  after(() => rmSync(root, { recursive: true, force: true }));

  test('--no-serve builds a world in a fresh dir, prints key and sign-in, then reuses it', async () => {
    const dir = path.join(root, 'world');
    const first = demo('--data', dir, '--accounts', '60', '--seed', '3');
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stdout, /60 accounts/);
    // The E-mail page's history holds a one-off send to a demo segment.
    assert.match(first.stderr, /Queued the demo send "Executive intro" to \d+ people of the segment "/);
    const key = /API key:\s+(oabm_\S+)/.exec(first.stdout)?.[1];
    const password = /Sign in:\s+admin@demo\.openabm\.dev \/ (\S+)/.exec(first.stdout)?.[1];
    assert.ok(key, 'prints an API key');
    assert.ok(password, 'prints the admin password');
    const marker = readDemoMarker(dir);
    assert.equal(marker?.accounts, 60);
    assert.equal(marker?.password, password);
    assert.equal(statSync(path.join(dir, 'demo.json')).mode & 0o077, 0, 'credentials file is private');

    // A second run reuses the finished world and prints the same sign-in with a fresh key.
    let printed = '';
    const second = await runDemo({
      dataDir: dir,
      seed: 3,
      accounts: 60,
      serve: false,
      port: 0,
      host: '127.0.0.1',
      stdout: (t) => {
        printed += t;
      },
      stderr: () => {},
    });
    await second.close();
    assert.equal(second.reused, true);
    assert.match(printed, /Reusing the demo world/);
    assert.match(printed, new RegExp(`admin@demo\\.openabm\\.dev / ${readDemoMarker(dir)?.password}`));
    assert.match(second.apiKey, /^oabm_/);
    assert.notEqual(second.apiKey, key);
  });

  test('bad options fail with a message and a non-zero exit', () => {
    const result = demo('--data', path.join(root, 'bad'), '--accounts', 'lots');
    assert.notEqual(result.status, 0);
    assert.match(result.stderr, /--accounts must be a whole number/);
  });

  test('never builds over a directory holding other data; clears an interrupted build', () => {
    const foreign = path.join(root, 'foreign');
    mkdirSync(foreign, { recursive: true });
    writeFileSync(path.join(foreign, 'notes.txt'), 'mine');
    assert.throws(() => prepareDemoDir(foreign), /not empty and holds no finished demo world/);
    assert.equal(readFileSync(path.join(foreign, 'notes.txt'), 'utf8'), 'mine');

    const interrupted = path.join(root, 'interrupted');
    prepareDemoDir(interrupted);
    writeFileSync(path.join(interrupted, 'half-written'), 'x');
    prepareDemoDir(interrupted);
    assert.throws(() => statSync(path.join(interrupted, 'half-written')));
    assert.equal(readDemoMarker(interrupted), null);
  });
});
