import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { acquireDataDirLock } from '../server/data-dir-lock.ts';
import { openCliDatabase } from './cli-database.ts';

const root = mkdtempSync(path.join(tmpdir(), 'openabm-cli-db-test-'));
after(() => rmSync(root, { recursive: true, force: true }));

test('a command refuses a directory whose server cannot be reached, naming the process and what to do', async () => {
  const saved = process.env.DATABASE_URL;
  delete process.env.DATABASE_URL;
  const dir = path.join(root, 'served');
  const lock = acquireDataDirLock(dir, 'serve');
  try {
    lock.publishSocket(path.join(root, 'no-such-socket-dir'));
    await assert.rejects(
      openCliDatabase({ data: dir }),
      new RegExp(
        `served by openabm process ${process.pid} \\(serve\\).*does not answer.*kill ${process.pid}`,
      ),
    );
  } finally {
    lock.release();
    if (saved !== undefined) process.env.DATABASE_URL = saved;
  }
});
