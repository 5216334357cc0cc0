/**
 * Sustained ingestion, end to end: `openabm serve` in a child process (with its inbound processor),
 * loaded from this process with autocannon over loopback through the Segment-compatible /v1/batch
 * (100 events a request, unique messageIds). An event counts once it is fully processed: stored as
 * an activity with its scores, weekly buckets, topic weeks and stage updated. The workspace is
 * seeded with accounts, contacts (known Segment user ids) and reverse-IP ranges, so every event is
 * attributed and scored: a quarter carry the user id of a known contact, the rest are anonymous
 * visits attributed to an account by IP.
 *
 * Phases: warm-up (then wait until processed), `--duration` s of load, then the time until the
 * inbound queue is empty (polled through the bench-only GET /v1/_queue), then the same load against
 * /v1/_discard (same auth, parsing and validation, nothing stored: the ceiling on this machine).
 * Prints JSON: accept rate and request p50/p99, processing rate under load and while draining,
 * end-to-end rate = events / (load time + drain time), the ratios to the ceiling, and checks that
 * every acknowledged event was stored and scored.
 *
 *   node --import tsx bench/ingest-load.ts --db postgres --duration 30 --connections 16
 *   node --import tsx bench/ingest-load.ts --db embedded --duration 30 --connections 4
 *
 * `--attribution none` runs the earlier benchmark's mix instead (anonymous visitors, no accounts or
 * IP ranges: stored, but nothing to score), for comparison with figures measured before.
 *
 * PostgreSQL: DATABASE_URL, else the openabm_bench database on 127.0.0.1:5432 (bench-database.ts).
 * Embedded: a fresh temp data directory (removed afterwards). The workspace created on PostgreSQL
 * is left in place.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import { z } from 'zod';
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { createWriteKey } from '../src/ingest/write-keys.ts';
import { createTopic } from '../src/signals/intent/topics.ts';
import { storeIpRanges } from '../src/signals/reverse-ip/store-ip-ranges.ts';
import { createWorkspace } from '../src/workspaces/create-workspace.ts';
import { benchDatabaseUrl } from './bench-database.ts';
import { seedAccounts } from './signals-seed.ts';

const { values: args } = parseArgs({
  options: {
    db: { type: 'string', default: 'postgres' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '8' },
    batch: { type: 'string', default: '100' },
    visitors: { type: 'string', default: '5000' },
    accounts: { type: 'string', default: '256' },
    warmup: { type: 'string', default: '3' },
    /** `seeded` (default): events attributed and scored; `none`: the earlier benchmark's mix (anonymous, no ranges). */
    attribution: { type: 'string', default: 'seeded' },
    /** Write a V8 CPU profile of the server process into this directory (for finding hot spots). */
    'cpu-prof': { type: 'string' },
  },
});
if (args.attribution !== 'seeded' && args.attribution !== 'none') {
  throw new Error('--attribution must be seeded or none');
}
const seeded = args.attribution === 'seeded';
if (args.db !== 'embedded' && args.db !== 'postgres') throw new Error('--db must be embedded or postgres');
const duration = Number(args.duration);
const connections = Number(args.connections);
const batchSize = Number(args.batch);
const visitors = Number(args.visitors);
const accounts = Number(args.accounts);
const warmup = Number(args.warmup);
for (const [name, value] of Object.entries({ duration, connections, batchSize, visitors, accounts })) {
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer`);
}
const CONTACTS_PER_ACCOUNT = 4;
const url = args.db === 'postgres' ? await benchDatabaseUrl() : undefined;
const dataDir = mkdtempSync(path.join(tmpdir(), 'openabm-ingest-bench-'));
const runId = Math.random().toString(36).slice(2, 10);

/** Workspace, write key, accounts with contacts, user ids, one /24 per account, one intent topic. */
async function prepare(): Promise<{ workspaceId: string; key: string }> {
  const database = await openDatabase({ url, dataDir });
  try {
    const { db } = database;
    await migrateToLatest(db);
    const ws = await createWorkspace(db, { name: `Ingest bench ${runId}` });
    const { key } = await createWriteKey(db, { workspaceId: ws.id, name: 'bench' });
    if (!seeded) return { workspaceId: ws.id, key };
    await seedAccounts(db, ws.id, { accounts, contactsPerAccount: CONTACTS_PER_ACCOUNT });
    await sql`
      INSERT INTO identity_user_ids (workspace_id, user_id, contact_id)
      SELECT ${ws.id}, 'user-' || g, md5(${ws.id} || ':c:' || g::text)::uuid
      FROM generate_series(1, ${accounts * CONTACTS_PER_ACCOUNT}) g`.execute(db);
    const ids = await sql<{ id: string }>`
      SELECT md5(${ws.id} || ':a:' || g::text)::uuid AS id FROM generate_series(1, ${accounts}) g`.execute(
      db,
    );
    const ranges = Array.from({ length: 256 }, (_, k) => ({
      line: k + 1,
      family: 4 as const,
      start: (198n << 24n) | (51n << 16n) | (BigInt(k) << 8n),
      end: (198n << 24n) | (51n << 16n) | (BigInt(k) << 8n) | 255n,
      accountId: ids.rows[k % ids.rows.length]?.id ?? null,
      domain: null,
      confidence: 0.8,
      excluded: false,
      asn: null,
      country: null,
      label: null,
    }));
    await storeIpRanges(db, ws.id, ranges, { source: 'bench', replace: true });
    await createTopic(db, ws.id, { name: 'Security', tags: ['security'] });
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
    [
      ...(args['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${args['cpu-prof']}`] : []),
      'bin/openabm.js',
      'serve',
      '--port',
      '0',
      '--quiet',
      '--data',
      dataDir,
    ],
    { env, stdio: ['ignore', 'ignore', 'pipe'] },
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

/**
 * Request bodies: `variants` templates with different visitors and users (rotated per request);
 * `__N__` becomes a per-request counter so every messageId is unique.
 */
function templates(variants = 64): string[] {
  const contacts = accounts * CONTACTS_PER_ACCOUNT;
  return Array.from({ length: variants }, (_, t) => {
    const events = Array.from({ length: batchSize }, (_, i) => {
      const n = t * batchSize + i;
      const known = seeded && i % 4 === 1;
      const common = {
        messageId: `${runId}-__N__-${i}`,
        anonymousId: `v-${(n * 7919) % visitors}`,
        ...(known ? { userId: `user-${((n * 104729) % contacts) + 1}` } : {}),
        timestamp: new Date().toISOString(),
        context: {
          ip: `198.51.${(n * 31) % 256}.${(i * 13) % 256}`,
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
            properties: { asset: `whitepaper-${i % 9}`, topic: 'security', category: 'security' },
            ...common,
          }
        : {
            type: 'page',
            name: 'Pricing',
            properties: { url: common.context.page.url, path: i % 2 ? '/pricing' : '/blog' },
            ...common,
          };
    });
    return JSON.stringify({ batch: events, sentAt: new Date().toISOString() });
  });
}

const authorization = (key: string) => `Basic ${Buffer.from(`${key}:`).toString('base64')}`;

async function load(base: string, route: string, key: string, seconds: number): Promise<autocannon.Result> {
  const bodies = templates();
  let n = 0;
  const tag = `${route.length}x${seconds}x${Date.now()}`;
  return autocannon({
    url: `${base}${route}`,
    method: 'POST',
    connections,
    duration: seconds,
    headers: { 'content-type': 'application/json', authorization: authorization(key) },
    requests: [
      {
        setupRequest: (request) => {
          const i = n++;
          const body = bodies[i % bodies.length] ?? '';
          return { ...request, body: body.replaceAll('__N__', `${tag}x${i}`) };
        },
      },
    ],
  });
}

const Queue = z.object({ pending: z.number() });

async function pending(base: string, key: string): Promise<number> {
  const res = await fetch(`${base}/v1/_queue`, { headers: { authorization: authorization(key) } });
  return Queue.parse(await res.json()).pending;
}

/** Wait until the inbound queue is empty; returns the milliseconds waited. */
async function waitDrained(base: string, key: string): Promise<number> {
  const started = performance.now();
  while ((await pending(base, key)) > 0) await new Promise((r) => setTimeout(r, 100));
  return performance.now() - started;
}

/**
 * CPU seconds used so far by this machine's PostgreSQL server processes and by the openabm server
 * (Linux /proc; clock ticks of 10 ms). Exited backends are not counted, so the pool's long-lived
 * connections are what it measures.
 */
function cpuSeconds(serverPid: number | undefined): { postgres: number; openabm: number } {
  const tick = 100;
  let postgres = 0;
  let openabm = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat = '';
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const fields = stat.slice(close + 2).split(' ');
    const used = (Number(fields[11]) + Number(fields[12])) / tick;
    if (comm === 'postgres') postgres += used;
    else if (Number(entry) === serverPid) openabm += used;
  }
  return { postgres, openabm };
}

const perSec = (events: number, ms: number) => (ms > 0 ? Math.round((events * 1000) / ms) : null);

function latency(result: autocannon.Result) {
  return { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max };
}

const { workspaceId, key } = await prepare();
const server = await startServer();
try {
  let warmed = 0;
  if (warmup > 0) {
    warmed = (await load(server.base, '/v1/batch', key, warmup))['2xx'] * batchSize;
    await waitDrained(server.base, key);
  }
  const cpuBefore = cpuSeconds(server.child.pid);
  const loaderBefore = process.cpuUsage();
  const loadStart = performance.now();
  const stored = await load(server.base, '/v1/batch', key, duration);
  const loadMs = performance.now() - loadStart;
  const loader = process.cpuUsage(loaderBefore);
  const backlog = await pending(server.base, key);
  const cpuAtLoadEnd = cpuSeconds(server.child.pid);
  const drainMs = await waitDrained(server.base, key);
  const cpuAfter = cpuSeconds(server.child.pid);
  const accepted = stored['2xx'] * batchSize;
  if (warmup > 0) await load(server.base, '/v1/_discard', key, warmup);
  const discard = await load(server.base, '/v1/_discard', key, duration);
  const ceiling = perSec(discard['2xx'] * batchSize, discard.duration * 1000);
  server.child.kill('SIGTERM');
  await new Promise((r) => server.child.once('exit', r));

  const database = await openDatabase({ url, dataDir });
  const check = await sql<{
    activities: number;
    queued: number;
    failed: number;
    scored: number;
    staged: number;
  }>`
    SELECT (SELECT count(*) FROM activities WHERE workspace_id = ${workspaceId})::int AS activities,
      (SELECT count(*) FROM inbound_batches WHERE workspace_id = ${workspaceId})::int AS queued,
      (SELECT count(*) FROM inbound_failures WHERE workspace_id = ${workspaceId})::int AS failed,
      (SELECT count(*) FROM account_engagement WHERE workspace_id = ${workspaceId} AND score > 0)::int AS scored,
      (SELECT count(*) FROM account_stages WHERE workspace_id = ${workspaceId})::int AS staged`.execute(
    database.db,
  );
  await database.close();
  const totals = check.rows[0];
  const endToEnd = perSec(accepted, loadMs + drainMs);
  const acceptRate = perSec(accepted, loadMs);
  const cpuMicros = (key: 'postgres' | 'openabm') =>
    accepted > 0 ? Math.round(((cpuAfter[key] - cpuBefore[key]) * 1e6) / accepted) : null;
  // Measured once; the PostgreSQL server's CPU counts only when the benchmark runs on it.
  const cpu = {
    postgres: args.db === 'postgres' ? cpuMicros('postgres') : null,
    openabm: cpuMicros('openabm'),
    /** This process generating the load (autocannon), which shares the machine's cores. */
    loadGenerator: accepted > 0 ? Math.round((loader.user + loader.system) / accepted) : null,
  };
  const cpuTotal = (cpu.postgres ?? 0) + (cpu.openabm ?? 0) + (cpu.loadGenerator ?? 0);
  const cores = availableParallelism();
  const drainCpuMicros = (key: 'postgres' | 'openabm') =>
    backlog > 0 ? Math.round(((cpuAfter[key] - cpuAtLoadEnd[key]) * 1e6) / backlog) : null;
  const report = {
    database: args.db,
    attribution: args.attribution,
    durationSec: duration,
    connections,
    batchSize,
    accept: {
      eventsPerSec: acceptRate,
      requests2xx: stored['2xx'],
      non2xx: stored.non2xx,
      errors: stored.errors,
      latencyMs: latency(stored),
    },
    processing: {
      /** Events processed per second while the load ran (accepted minus the backlog at its end). */
      underLoadPerSec: perSec(accepted - backlog, loadMs),
      backlogAtEndOfLoad: backlog,
      drainSec: Number((drainMs / 1000).toFixed(2)),
      /** Backlog processed per second once the load stopped (the processor alone). */
      drainPerSec: perSec(backlog, drainMs),
      /**
       * CPU per backlog event while draining (the processor alone): with one transaction at a time,
       * their sum bounds the drain rate at 1e6 / sum unless the two sides overlap.
       */
      drainCpuMicrosPerEvent: {
        postgres: args.db === 'postgres' ? drainCpuMicros('postgres') : null,
        openabm: drainCpuMicros('openabm'),
      },
    },
    /**
     * CPU used per accepted event from the start of the load to the empty queue (accept and
     * processing together), by the PostgreSQL server (all its processes; a PostgreSQL server only)
     * by the openabm server process and by this load generator (cpuBound turns their sum into a rate).
     */
    cpuMicrosPerEvent: cpu,
    /**
     * What the machine's cores could sustain at these costs with every core busy all the time:
     * cores × 1e6 / (PostgreSQL + openabm + load generator µs per event). End to end cannot exceed it.
     */
    cpuBound: { cores, eventsPerSec: cpuTotal > 0 ? Math.round((cores * 1e6) / cpuTotal) : null },
    /** Events fully processed per second: accepted / (load time + drain time). */
    endToEndEventsPerSec: endToEnd,
    discard: { eventsPerSec: ceiling, latencyMs: latency(discard) },
    ratio: {
      endToEndToCeiling: endToEnd && ceiling ? Number((endToEnd / ceiling).toFixed(3)) : null,
      acceptToCeiling: acceptRate && ceiling ? Number((acceptRate / ceiling).toFixed(3)) : null,
    },
    acknowledgedEvents: warmed + accepted,
    storedEvents: totals?.activities,
    // Requests still in flight when the clock ran out are stored but not counted by autocannon.
    everyAcknowledgedStored: (totals?.activities ?? 0) >= warmed + accepted,
    queueEmpty: totals?.queued === 0,
    failedEvents: totals?.failed,
    accountsScored: totals?.scored,
    accountsWithStage: totals?.staged,
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
} finally {
  if (server.child.exitCode === null) server.child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
}
