import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { acquireDataDirLock, DataDirBusyError, LOCK_FILE, readLockHolder } from './data-dir-lock.ts';

const root = mkdtempSync(path.join(tmpdir(), 'openabm-lock-test-'));
after(() => rmSync(root, { recursive: true, force: true }));

test('one holder at a time: a second acquire names the holder; release frees the directory', () => {
  const dir = path.join(root, 'one');
  const lock = acquireDataDirLock(dir, 'serve');
  assert.throws(
    () => acquireDataDirLock(dir, 'apikey create'),
    (error: unknown) =>
      error instanceof DataDirBusyError &&
      error.holder.pid === process.pid &&
      error.holder.command === 'serve' &&
      error.message.includes(`openabm process ${process.pid} (serve`),
  );
  assert.equal(readLockHolder(dir)?.socket, null);
  lock.publishSocket('/tmp/somewhere');
  assert.equal(readLockHolder(dir)?.socket, '/tmp/somewhere');
  lock.release();
  assert.equal(existsSync(path.join(dir, LOCK_FILE)), false);
  assert.equal(readLockHolder(dir), null);
  acquireDataDirLock(dir, 'serve').release();
});

test('a lock left by a process that no longer runs is stale and replaced', () => {
  const dir = path.join(root, 'stale');
  const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  });
  const deadPid = Number(gone.stdout);
  assert.ok(deadPid > 0);
  const first = acquireDataDirLock(dir, 'serve');
  first.release();
  writeFileSync(
    path.join(dir, LOCK_FILE),
    JSON.stringify({ pid: deadPid, command: 'serve', socket: dir, startedAt: 'x', token: 't' }),
  );
  assert.equal(readLockHolder(dir), null, 'a dead holder does not hold');
  const lock = acquireDataDirLock(dir, 'demo');
  assert.equal(JSON.parse(readFileSync(path.join(dir, LOCK_FILE), 'utf8')).pid, process.pid);
  lock.release();
});

test('an unreadable lock file is replaced; releasing never removes another holder’s lock', () => {
  const dir = path.join(root, 'garbled');
  acquireDataDirLock(dir, 'serve').release();
  writeFileSync(path.join(dir, LOCK_FILE), 'not json');
  const lock = acquireDataDirLock(dir, 'serve');
  // Someone replaced the file (e.g. after removing it by hand): our release leaves theirs alone.
  const theirs = JSON.stringify({
    pid: process.pid,
    command: 'other',
    socket: null,
    startedAt: 'x',
    token: 'other',
  });
  writeFileSync(path.join(dir, LOCK_FILE), theirs);
  lock.release();
  assert.equal(readFileSync(path.join(dir, LOCK_FILE), 'utf8'), theirs);
});
