/**
 * Sustained ingestion through the Segment-compatible /v1/batch (100 events a request, unique
 * messageIds) against `openabm serve` running in a child process, loaded from this process with
 * autocannon over loopback. Then the same batches against /v1/_discard (same auth, parsing and
 * validation, nothing stored — the ceiling on this machine). Prints JSON: events/s, p50/p99 latency
 * for both, the ratio, and how many events ended up stored.
 *
 *   node --import tsx bench/ingest-load.ts --db postgres --duration 30 --connections 16
 *   node --import tsx bench/ingest-load.ts --db embedded --duration 30 --connections 4
 *
 * PostgreSQL: DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test. Embedded: a fresh temp data
 * directory (removed afterwards). The workspace created on PostgreSQL is left in place.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { createWriteKey } from '../src/ingest/write-keys.ts';
import { createWorkspace } from '../src/workspaces/create-workspace.ts';

const { values: args } = parseArgs({
  options: {
    db: { type: 'string', default: 'postgres' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '8' },
    batch: { type: 'string', default: '100' },
    visitors: { type: 'string', default: '5000' },
    warmup: { type: 'string', default: '3' },
  },
});
if (args.db !== 'embedded' && args.db !== 'postgres') throw new Error('--db must be embedded or postgres');
const duration = Number(args.duration);
const connections = Number(args.connections);
const batchSize = Number(args.batch);
const visitors = Number(args.visitors);
const warmup = Number(args.warmup);
for (const [name, value] of Object.entries({ duration, connections, batchSize, visitors })) {
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer`);
}
const url =
  args.db === 'postgres'
    ? (process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test')
    : undefined;
const dataDir = mkdtempSync(path.join(tmpdir(), 'openabm-ingest-bench-'));
const runId = Math.random().toString(36).slice(2, 10);

/** Set up the workspace and write key before the server takes the (embedded) database. */
async function prepare(): Promise<{ workspaceId: string; key: string }> {
  const database = await openDatabase({ url, dataDir });
  try {
    await migrateToLatest(database.db);
    const ws = await createWorkspace(database.db, { name: `Ingest bench ${runId}` });
    const { key } = await createWriteKey(database.db, { workspaceId: ws.id, name: 'bench' });
    return { workspaceId: ws.id, key };
  } finally {
    await database.close();
  }
}

function startServer(): Promise<{ child: ChildProcess; base: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, OPENABM_BENCH: '1', NODE_ENV: 'production' };
  delete env.DATABASE_URL;
  if (url) env.DATABASE_URL = url;
  const child = spawn(
    process.execPath,
    ['bin/openabm.js', 'serve', '--port', '0', '--quiet', '--data', dataDir],
    {
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  return new Promise((resolve, reject) => {
    let err = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      err += chunk.toString();
      const match = /serving (http:\/\/\S+)/.exec(err);
      if (match?.[1]) resolve({ child, base: match[1] });
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code}): ${err}`)));
  });
}

/** A realistic batch template; `__N__` becomes a per-request counter so every messageId is unique. */
function template(): string {
  const events = Array.from({ length: batchSize }, (_, i) => {
    const visitor = `v-${(i * 7919) % visitors}`;
    const common = {
      messageId: `${runId}-__N__-${i}`,
      anonymousId: visitor,
      timestamp: new Date().toISOString(),
      context: {
        ip: `198.51.${i % 256}.${(i * 13) % 256}`,
        userAgent:
          'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36',
        page: {
          url: `https://www.example.com/pricing?utm_source=ads&utm_campaign=c${i % 5}`,
          title: 'Pricing',
          referrer: 'https://www.google.com/',
        },
        library: { name: 'analytics-node', version: '3.1.0' },
      },
    };
    return i % 4 === 0
      ? {
          type: 'track',
          event: 'Content Downloaded',
          properties: { asset: `whitepaper-${i % 9}`, topic: 'security' },
          ...common,
        }
      : {
          type: 'page',
          name: 'Pricing',
          properties: { url: common.context.page.url, path: '/pricing' },
          ...common,
        };
  });
  return JSON.stringify({ batch: events, sentAt: new Date().toISOString() });
}

async function load(
  base: string,
  route: string,
  key: string,
  seconds = duration,
): Promise<autocannon.Result> {
  const body = template();
  let n = 0;
  return autocannon({
    url: `${base}${route}`,
    method: 'POST',
    connections,
    duration: seconds,
    headers: {
      'content-type': 'application/json',
      authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}`,
    },
    requests: [
      {
        setupRequest: (request) => ({
          ...request,
          body: body.replaceAll('__N__', `${route.length}x${seconds}x${n++}`),
        }),
      },
    ],
  });
}

function summary(result: autocannon.Result) {
  const ok = result['2xx'];
  return {
    requests2xx: ok,
    non2xx: result.non2xx,
    errors: result.errors,
    eventsPerSec: Math.round((ok * batchSize) / result.duration),
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
  };
}

const { workspaceId, key } = await prepare();

const server = await startServer();
try {
  // Warm up (JIT, caches, connection pool) before each measured run; warm-up events are stored too.
  const warmed = warmup > 0 ? (await load(server.base, '/v1/batch', key, warmup))['2xx'] : 0;
  const store = summary(await load(server.base, '/v1/batch', key));
  if (warmup > 0) await load(server.base, '/v1/_discard', key, warmup);
  const discard = summary(await load(server.base, '/v1/_discard', key));
  server.child.kill('SIGTERM');
  await new Promise((r) => server.child.once('exit', r));
  const database = await openDatabase({ url, dataDir });
  const stored = await database.db
    .selectFrom('activities')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirstOrThrow();
  await database.close();
  const acknowledged = (warmed + store.requests2xx) * batchSize;
  const report = {
    database: args.db,
    durationSec: duration,
    connections,
    batchSize,
    store,
    discard,
    ratio: discard.eventsPerSec ? Number((store.eventsPerSec / discard.eventsPerSec).toFixed(3)) : null,
    /** Warm-up plus measured events that got a 2xx. */
    acknowledgedEvents: acknowledged,
    storedEvents: stored.n,
    // Requests still in flight when the clock ran out are committed but not counted by autocannon.
    everyAcknowledgedStored: stored.n >= acknowledged,
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
} finally {
  if (server.child.exitCode === null) server.child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
}
