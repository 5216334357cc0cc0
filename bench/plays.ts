/**
 * Plays at scale (issue 20's targets): entry evaluation of a play over N target accounts (< 10 s at
 * 100k), step executions per second with two workers (≥ 500/s; steps: set_field, task and an e-mail
 * step that queues a send, delivered by the workers' senders to a counting SMTP catcher in its own
 * process), and trigger-to-step latency while activities are stored at a fixed rate (p95 < 2 s).
 * On PostgreSQL the two workers are `openabm worker --only plays,email` processes; embedded, two plays
 * workers and a sender in this process (one process owns PGlite).
 *
 *   DATABASE_URL=postgres://…/bench_x npx tsx bench/plays.ts --db postgres --accounts 100000
 *   npx tsx bench/plays.ts --db embedded --accounts 20000 --step-accounts 1000
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { sql } from 'kysely';
import { storeActivities } from '../src/activities/store-activities.ts';
import { systemContext } from '../src/auth/auth-context.ts';
import { EmailSettingsInputSchema, saveEmailSettings } from '../src/email/email-settings.ts';
import { startSenderWorker } from '../src/email/sender-worker.ts';
import { type PlayDefinitionInput, PlayDefinitionSchema } from '../src/plays/play-definition.ts';
import { createPlay, setPlayStatus } from '../src/plays/play-store.ts';
import { startPlayWorker } from '../src/plays/play-worker.ts';
import { simulatePlay } from '../src/plays/simulate-play.ts';
import { latencyStats, openBench, round } from './harness.ts';

const bench = await openBench(
  'plays',
  {
    accounts: { type: 'string', default: '100000' },
    'step-accounts': { type: 'string', default: '3000' },
    'events-per-second': { type: 'string', default: '1000' },
    'latency-seconds': { type: 'string', default: '20' },
  },
  { defaultDb: 'postgres', poolSize: 8 },
);
const db = bench.database.db;
const ws = bench.workspaceId;
const ctx = systemContext(ws, 'bench');
const N = Number(bench.args.accounts);
const M = Math.min(N, Number(bench.args['step-accounts']));
const RATE = Number(bench.args['events-per-second']);
const LATENCY_SECONDS = Number(bench.args['latency-seconds']);

// --- world: N accounts with one buyer each, two target lists (all N; the first M) -----------------
const catcherProcess = spawn(
  process.execPath,
  ['--import', 'tsx', path.join(import.meta.dirname, 'email-catcher-process.ts')],
  { stdio: ['pipe', 'pipe', 'inherit'] },
);
const catcherLines = createInterface({ input: catcherProcess.stdout })[Symbol.asyncIterator]();
const catcherLine = async () => String((await catcherLines.next()).value ?? '');
const catcherPort = Number((await catcherLine()).replace('port ', ''));
await saveEmailSettings(
  db,
  ws,
  EmailSettingsInputSchema.parse({
    smtp: { host: '127.0.0.1', port: catcherPort, tls: 'none' },
    from: { address: 'bench@openabm.test', name: 'Bench' },
    publicUrl: 'https://abm.openabm.test',
    quietHours: null,
    frequencyCap: { perPersonPerWeek: 0, perAccountPerWeek: 0 },
    rateLimit: { perSecond: 5000, perDomainPerSecond: 5000, connections: 4 },
  }),
);
const one = async (q: ReturnType<typeof sql<{ id: string }>>) => (await q.execute(db)).rows[0]?.id ?? '';
const personaId = await one(sql`INSERT INTO personas (workspace_id, name, committee_role)
  VALUES (${ws}, 'Buyer', 'decision_maker') RETURNING id`);
const allList = await one(sql`INSERT INTO target_lists (workspace_id, period, name)
  VALUES (${ws}, '2026-Q4', 'All targets') RETURNING id`);
const stepList = await one(sql`INSERT INTO target_lists (workspace_id, period, name)
  VALUES (${ws}, '2026-Q4', 'Throughput') RETURNING id`);
const templateId = await one(
  sql`INSERT INTO content_templates (workspace_id, name) VALUES (${ws}, 'Intro') RETURNING id`,
);
await sql`INSERT INTO content_template_versions (workspace_id, template_id, version, subject, html)
  VALUES (${ws}, ${templateId}, 1, 'Hello {{ contact.first_name }}', '<p>Hi {{ account.name }}</p>')`.execute(
  db,
);
await bench.time('seed', async () => {
  for (let from = 1; from <= N; from += 20_000) {
    const to = Math.min(N, from + 19_999);
    await sql`
      WITH a AS (
        INSERT INTO accounts (workspace_id, name)
        SELECT ${ws}, 'Bench account ' || i FROM generate_series(${from}::int, ${to}::int) i RETURNING id, name
      ), c AS (
        INSERT INTO contacts (workspace_id, account_id, email, first_name, country, consent_basis)
        SELECT ${ws}, a.id, 'buyer-' || replace(a.name, ' ', '-') || '@bench.test', 'Pat', 'US', 'consent' FROM a
        RETURNING id, account_id
      ), p AS (
        INSERT INTO contact_personas (workspace_id, contact_id, persona_id) SELECT ${ws}, c.id, ${personaId} FROM c
      )
      INSERT INTO target_list_members (workspace_id, list_id, account_id, tier) SELECT ${ws}, ${allList}, a.id, 1 FROM a`.execute(
      db,
    );
  }
  await sql`INSERT INTO target_list_members (workspace_id, list_id, account_id, tier)
    SELECT ${ws}, ${stepList}, account_id, 1 FROM target_list_members WHERE workspace_id = ${ws} AND list_id = ${allList}
    ORDER BY account_id LIMIT ${M}`.execute(db);
});

const newPlay = (name: string, definition: PlayDefinitionInput) =>
  createPlay(db, ctx, { name, definition: PlayDefinitionSchema.parse(definition) });

// --- 1. entry evaluation over N target accounts -----------------------------------------------------
const entryPlay = await newPlay('Entry', {
  entry: { type: 'target_list', listId: allList },
  tracks: [{ key: 'buyer', name: 'Buyer', personaId, steps: [{ id: 'later', type: 'wait', days: 30 }] }],
});
const simulation = await bench.time('simulate', () =>
  simulatePlay(
    db,
    ws,
    PlayDefinitionSchema.parse({
      entry: { type: 'target_list', listId: allList },
      tracks: [{ key: 'buyer', name: 'Buyer', personaId, steps: [{ id: 'later', type: 'wait', days: 30 }] }],
    }),
    entryPlay.id,
  ),
);
await bench.time('entry', () => setPlayStatus(db, ctx, entryPlay.id, 'active'));
await setPlayStatus(db, ctx, entryPlay.id, 'paused');
const entered = Number(
  (
    await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM play_runs WHERE workspace_id = ${ws} AND play_id = ${entryPlay.id}`.execute(
      db,
    )
  ).rows[0]?.n ?? 0,
);

// --- workers ----------------------------------------------------------------------------------------
const children: ChildProcess[] = [];
const inProcess: { stop(): Promise<void> }[] = [];
async function startWorkers(): Promise<void> {
  if (bench.db === 'embedded') {
    inProcess.push(startPlayWorker(db), startPlayWorker(db), startSenderWorker(db));
    return;
  }
  const url = bench.database.kind === 'postgres' ? (bench.args.url ?? process.env.DATABASE_URL) : undefined;
  await Promise.all(
    [0, 1].map(
      () =>
        new Promise<void>((resolve, reject) => {
          const child = spawn(
            process.execPath,
            [path.resolve('bin/openabm.js'), 'worker', '--only', 'plays,email'],
            {
              env: { ...process.env, ...(url ? { DATABASE_URL: url } : {}) },
              stdio: ['ignore', 'ignore', 'pipe'],
            },
          );
          children.push(child);
          let err = '';
          child.stderr?.on('data', (d: Buffer) => {
            err += d.toString();
            if (err.includes('openabm worker running')) resolve();
          });
          child.once('exit', (code) => reject(new Error(`worker exited (${code}): ${err}`)));
        }),
    ),
  );
}
await bench.time('workers start', startWorkers);

// --- 2. step executions per second with two workers ---------------------------------------------------
const stepPlay = await newPlay('Throughput', {
  entry: { type: 'target_list', listId: stepList },
  guardrails: { businessDays: false },
  tracks: [
    {
      key: 'buyer',
      name: 'Buyer',
      personaId,
      steps: [
        { id: 'tag', type: 'set_field', field: 'abm_stage', value: 'in play' },
        { id: 'call', type: 'task', title: 'Call the buyer', dueDays: 1 },
        { id: 'intro', type: 'email', templateId },
      ],
    },
  ],
});
await bench.time('enroll throughput play', () => setPlayStatus(db, ctx, stepPlay.id, 'active'));
const stepsWanted = M * 3;
await bench.time('steps executed', async () => {
  const deadline = Date.now() + 600_000;
  for (;;) {
    const done = await sql<{ n: number }>`SELECT count(*)::int AS n FROM play_steps s JOIN play_runs r
      ON r.workspace_id = s.workspace_id AND r.id = s.run_id
      WHERE s.workspace_id = ${ws} AND r.play_id = ${stepPlay.id} AND s.status NOT IN ('due', 'running')`.execute(
      db,
    );
    if (Number(done.rows[0]?.n ?? 0) >= stepsWanted || Date.now() > deadline) return;
    await new Promise((r) => setTimeout(r, 500));
  }
});
const span = await sql<{ n: number; seconds: number; by_status: string }>`
  SELECT count(*)::int AS n, extract(epoch FROM max(s.done_at) - min(s.claimed_at))::float8 AS seconds,
    string_agg(DISTINCT s.status, ',') AS by_status
  FROM play_steps s JOIN play_runs r ON r.workspace_id = s.workspace_id AND r.id = s.run_id
  WHERE s.workspace_id = ${ws} AND r.play_id = ${stepPlay.id}`.execute(db);
const stepsRow = span.rows[0];
await setPlayStatus(db, ctx, stepPlay.id, 'paused');

// --- 3. trigger-to-step latency while activities are stored at RATE/s ---------------------------------
const latencyPlay = await newPlay('Latency', {
  entry: { type: 'activity', activityType: 'pricing_visit', personaId },
  guardrails: { businessDays: false },
  tracks: [
    {
      key: 'buyer',
      name: 'Buyer',
      personaId,
      steps: [{ id: 'alert', type: 'alert', title: 'Pricing visit' }],
    },
  ],
});
await setPlayStatus(db, ctx, latencyPlay.id, 'active');
const contacts = await sql<{ id: string; account_id: string }>`
  SELECT id, account_id FROM contacts WHERE workspace_id = ${ws} ORDER BY id DESC LIMIT ${Math.max(M, 5000)}`.execute(
  db,
);
const people = contacts.rows;
let sent = 0;
let triggers = 0;
await bench.time('ingest at rate', async () => {
  const perTick = Math.max(1, Math.round(RATE / 10));
  const started = Date.now();
  for (let tick = 0; tick < LATENCY_SECONDS * 10; tick++) {
    const batch = Array.from({ length: perTick }, (_, i) => {
      const n = sent + i;
      // One event in 50 is a pricing visit by a buyer not yet in the play: the trigger.
      const trigger = n % 50 === 0;
      const person = trigger ? people[triggers++ % people.length] : people[(n * 7919) % people.length];
      return {
        type: trigger ? 'pricing_visit' : 'page',
        occurredAt: new Date(),
        contactId: person?.id ?? null,
        accountId: person?.account_id ?? null,
        properties: { url: trigger ? 'https://openabm.test/pricing' : `https://openabm.test/p/${n}` },
        source: 'api' as const,
        messageId: null,
      };
    });
    await db.transaction().execute((trx) => storeActivities(trx, ws, batch));
    sent += batch.length;
    const wait = started + (tick + 1) * 100 - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
});
const achievedRate = round(sent / (bench.steps['ingest at rate'] ?? 1), 0);
await new Promise((r) => setTimeout(r, 8000));
const latency = await sql<{ ms: number }>`
  SELECT extract(epoch FROM s.done_at - a.created_at)::float8 * 1000 AS ms
  FROM play_runs r
  JOIN play_steps s ON s.workspace_id = r.workspace_id AND s.run_id = r.id AND s.status = 'done'
  JOIN LATERAL (SELECT min(created_at) AS created_at FROM activities x WHERE x.workspace_id = r.workspace_id
    AND x.account_id = r.account_id AND x.type = 'pricing_visit') a ON true
  WHERE r.workspace_id = ${ws} AND r.play_id = ${latencyPlay.id}`.execute(db);
const missing = Math.min(triggers, people.length) - latency.rows.length;

for (const w of inProcess) await w.stop();
for (const child of children) child.kill('SIGTERM');
catcherProcess.stdin?.write('count\n');
const caught = Number((await catcherLine()).replace('count ', ''));
catcherProcess.kill();

bench.report({
  accounts: N,
  entry: {
    entered,
    seconds: bench.steps.entry,
    simulateSeconds: bench.steps.simulate,
    simulated: simulation.entering,
  },
  execution: {
    kinds: 'set_field, task, email (queues a send; delivered by the workers’ senders to a catcher process)',
    workers:
      bench.db === 'postgres'
        ? 'two `openabm worker --only plays,email` processes'
        : 'two in-process plays workers',
    executed: Number(stepsRow?.n ?? 0),
    seconds: round(Number(stepsRow?.seconds ?? 0), 2),
    perSecond: round(Number(stepsRow?.n ?? 0) / Math.max(0.001, Number(stepsRow?.seconds ?? 0)), 0),
    statuses: stepsRow?.by_status,
    emailsCaught: caught,
  },
  latency: {
    eventsPerSecondAsked: RATE,
    eventsPerSecondStored: achievedRate,
    triggers,
    stepsDone: latency.rows.length,
    notYetDone: missing,
    ms: latencyStats(latency.rows.map((r) => Number(r.ms))),
  },
});
await bench.close();
