import assert from 'node:assert/strict';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { openDatabase } from '../src/db/database.ts';
import { drainInbound } from '../src/ingest/drain-inbound.ts';

const run = promisify(execFile);
const BIN = path.resolve('bin/openabm.js');
const pgUrl = process.env.TEST_DATABASE_URL;

function serverEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production' };
  delete env.DATABASE_URL;
  if (pgUrl) env.DATABASE_URL = pgUrl;
  return env;
}

async function cli(args: string[], dataDir: string): Promise<string> {
  const { stdout } = await run(process.execPath, [BIN, ...args, '--data', dataDir], { env: serverEnv() });
  return stdout;
}

/** Start `openabm serve` on a random loopback port; resolves with its base URL once it listens. */
function startServer(
  dataDir: string,
): Promise<{ child: ChildProcess; base: string; exited: Promise<unknown> }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--quiet', '--data', dataDir], {
    env: serverEnv(),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return new Promise((resolve, reject) => {
    let err = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      err += chunk.toString();
      const match = /serving (http:\/\/\S+)/.exec(err);
      if (match?.[1]) resolve({ child, base: match[1], exited });
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code}): ${err}`)));
  });
}

function batchOf(start: number, size: number, runId: string) {
  return Array.from({ length: size }, (_, i) => ({
    type: 'track',
    event: 'Crash Test',
    anonymousId: `visitor-${(start + i) % 7}`,
    messageId: `${runId}-${start + i}`,
    properties: { n: start + i },
  }));
}

test(`kill -9 during sustained ingestion and processing: every acknowledged event is stored exactly once (${pgUrl ? 'PostgreSQL' : 'embedded'})`, {
  timeout: 240_000,
}, async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'openabm-crash-'));
  const runId = Math.random().toString(36).slice(2, 10);
  try {
    const [workspaceId, slug] = (await cli(['workspace', 'create', '--name', `Crash ${runId}`], dataDir))
      .trim()
      .split('\t');
    assert.ok(workspaceId && slug);
    const keyOut = await cli(['writekey', 'create', '--name', 'crash', '--workspace', slug], dataDir);
    assert.match(keyOut, /^oabm_wk_[\w-]+\n$/, 'writekey create prints only the key');
    const auth = `Basic ${Buffer.from(`${keyOut.trim()}:`).toString('base64')}`;

    const acked = new Set<string>();
    const failed: ReturnType<typeof batchOf>[] = [];
    const send = async (base: string, batch: ReturnType<typeof batchOf>): Promise<boolean> => {
      try {
        const res = await fetch(`${base}/v1/batch`, {
          method: 'POST',
          headers: { authorization: auth, 'content-type': 'application/json' },
          body: JSON.stringify({ batch, sentAt: new Date().toISOString() }),
        });
        if (res.status === 200) {
          for (const e of batch) acked.add(e.messageId);
          return true;
        }
      } catch {
        // Connection reset by the kill: not acknowledged, the client will retry.
      }
      failed.push(batch);
      return false;
    };

    let server = await startServer(dataDir);
    let next = 0;
    let killed = false;
    // Two concurrent senders; the server is killed while both have requests in flight.
    const sender = async () => {
      while (!killed) {
        const batch = batchOf(next, 25, runId);
        next += 25;
        await send(server.base, batch);
      }
    };
    const senders = [sender(), sender()];
    while (acked.size < 300) await new Promise((r) => setTimeout(r, 20));
    server.child.kill('SIGKILL');
    killed = true;
    await Promise.all(senders);
    await server.exited;
    const ackedBeforeCrash = acked.size;

    server = await startServer(dataDir);
    // Clients retry what was not acknowledged (some of it may have been stored already), then go on.
    for (const batch of failed.splice(0))
      assert.ok(await send(server.base, batch), 'retry after restart succeeds');
    for (let i = 0; i < 4; i++) {
      assert.ok(await send(server.base, batchOf(next, 25, runId)));
      next += 25;
    }
    server.child.kill('SIGTERM');
    await server.exited;

    const database = await openDatabase({ url: pgUrl, dataDir: path.join(dataDir) });
    try {
      // The servers processed most of it (and were killed mid-batch once); process what is left.
      const drained = await drainInbound(database.db, workspaceId);
      assert.equal(drained.failed, 0, 'no event failed processing');
      const queued = await database.db
        .selectFrom('inbound_batches')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('workspace_id', '=', workspaceId)
        .executeTakeFirstOrThrow();
      assert.equal(queued.n, 0, 'the inbound queue is empty after the drain');
      const rows = await database.db
        .selectFrom('activities')
        .select('message_id')
        .where('workspace_id', '=', workspaceId)
        .execute();
      const ids = rows.map((r) => r.message_id);
      assert.equal(new Set(ids).size, ids.length, 'no messageId stored twice');
      const stored = new Set(ids);
      const missing = [...acked].filter((id) => !stored.has(id));
      assert.deepEqual(
        missing,
        [],
        `all ${acked.size} acknowledged events are stored (${ackedBeforeCrash} before the kill)`,
      );
      assert.equal(ids.length, next, 'after retries, every sent event is stored exactly once');
    } finally {
      await database.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
