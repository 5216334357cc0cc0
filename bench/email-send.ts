/**
 * Sustained e-mail sending to a local SMTP server: a producer queues one-off sends at a fixed rate
 * (batches every 100 ms) while the sender worker claims and delivers them through the pooled SMTP
 * transport, writing the send log and an `email_sent` activity per message. Reports the rate
 * sustained (sent ÷ time from the first queueing to the last send), queue-to-sent latency p50/p99
 * (queued_at → the send log's final write) and the load average.
 *
 *   node --import tsx bench/email-send.ts --db postgres --rate 250 --seconds 20
 *   node --import tsx bench/email-send.ts --db embedded --rate 120 --seconds 20
 *
 * PostgreSQL: DATABASE_URL, else the openabm_bench database on 127.0.0.1:5432 (bench-database.ts).
 * The SMTP server is a counting catcher in its own process (bench/email-catcher-process.ts).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { loadavg } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { systemContext } from '../src/auth/auth-context.ts';
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { EmailSettingsInputSchema, saveEmailSettings } from '../src/email/email-settings.ts';
import { queueOneOffSend } from '../src/email/queue-sends.ts';
import { startSenderWorker } from '../src/email/sender-worker.ts';
import { createWorkspace } from '../src/workspaces/create-workspace.ts';
import { benchDatabaseUrl } from './bench-database.ts';

const { values: args } = parseArgs({
  options: {
    db: { type: 'string', default: 'postgres' },
    rate: { type: 'string', default: '250' },
    seconds: { type: 'string', default: '20' },
    connections: { type: 'string', default: '8' },
  },
});
if (args.db !== 'embedded' && args.db !== 'postgres') throw new Error('--db must be embedded or postgres');
const rate = Number(args.rate);
const seconds = Number(args.seconds);
const total = rate * seconds;
const perTick = Math.max(1, Math.round(rate / 10));

const database = await openDatabase({
  url: args.db === 'postgres' ? await benchDatabaseUrl() : undefined,
  dataDir: 'memory://',
  poolSize: 8,
});
await migrateToLatest(database.db);
const { db } = database;
const child = spawn(
  process.execPath,
  ['--import', 'tsx', path.join(import.meta.dirname, 'email-catcher-process.ts')],
  {
    stdio: ['pipe', 'pipe', 'inherit'],
  },
);
const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
const nextLine = async () => String((await lines.next()).value ?? '');
const catcher = { host: '127.0.0.1', port: Number((await nextLine()).replace('port ', '')) };
const ws = await createWorkspace(db, { name: `bench-email-${Date.now()}` });
await saveEmailSettings(
  db,
  ws.id,
  EmailSettingsInputSchema.parse({
    smtp: { host: catcher.host, port: catcher.port, tls: 'none' },
    from: { address: 'bench@openabm.test', name: 'Bench' },
    publicUrl: 'https://abm.openabm.test',
    quietHours: null,
    frequencyCap: { perPersonPerWeek: 0, perAccountPerWeek: 0 },
    rateLimit: { perSecond: 5000, perDomainPerSecond: 5000, connections: Number(args.connections) },
  }),
);
await sql`
  INSERT INTO accounts (workspace_id, name, domain)
  SELECT ${ws.id}, 'Bench Account ' || g, 'bench' || g || '.test' FROM generate_series(1, ${Math.ceil(total / 10)}) g`.execute(
  db,
);
await sql`
  INSERT INTO contacts (workspace_id, account_id, email, first_name, country, consent_basis)
  SELECT ${ws.id}, a.id, 'p' || g || '@' || a.domain, 'Person ' || g, 'US', 'consent'
  FROM generate_series(1, ${total}) g
  JOIN LATERAL (SELECT id, domain FROM accounts WHERE workspace_id = ${ws.id} AND name = 'Bench Account ' || ((g - 1) / 10 + 1)) a ON true`.execute(
  db,
);
const contacts = (
  await db.selectFrom('contacts').select('id').where('workspace_id', '=', ws.id).orderBy('id').execute()
).map((c) => c.id);
process.stderr.write(
  `seeded ${contacts.length} contacts; sending ${total} at ${rate}/s for ${seconds} s (${args.db})\n`,
);

const sender = startSenderWorker(db, { workspaceId: ws.id, pollMs: 200, batchSize: 500 });
const ctx = systemContext(ws.id, 'bench');
const content = {
  subject: 'Hello {{ contact.firstName }} at {{ account.name }}',
  preheader: 'Bench',
  html: '<p>Hello {{ contact.firstName }},</p><p><a href="https://openabm.test/guide">Guide</a></p>',
};
const started = performance.now();
const loads: number[] = [];
for (let tick = 0; tick * perTick < total; tick++) {
  const due = started + tick * 100;
  const wait = due - performance.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  await queueOneOffSend(db, ctx, {
    name: `bench ${tick}`,
    kind: 'marketing',
    topic: null,
    content,
    audience: { contactIds: contacts.slice(tick * perTick, (tick + 1) * perTick) },
  });
  if (tick % 50 === 0) loads.push(loadavg()[0] ?? 0);
}
const queuedMs = performance.now() - started;
for (;;) {
  const left = await db
    .selectFrom('email_sends')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('workspace_id', '=', ws.id)
    .where('status', 'in', ['queued', 'claimed', 'sending'])
    .executeTakeFirstOrThrow();
  if (Number(left.n) === 0) break;
  await new Promise((resolve) => setTimeout(resolve, 100));
}
await sender.stop();
const stats = await sql<{ status: string; n: number; p50: number; p99: number; first: Date; last: Date }>`
  SELECT status, count(*)::int AS n,
    percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM updated_at - queued_at)) * 1000 AS p50,
    percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM updated_at - queued_at)) * 1000 AS p99,
    min(queued_at) AS first, max(updated_at) AS last
  FROM email_sends WHERE workspace_id = ${ws.id} GROUP BY status`.execute(db);
const activities = await db
  .selectFrom('activities')
  .select((eb) => eb.fn.countAll<number>().as('n'))
  .where('workspace_id', '=', ws.id)
  .where('type', '=', 'email_sent')
  .executeTakeFirstOrThrow();
child.stdin.write('count\n');
const caught = Number((await nextLine()).replace('count ', ''));
const sent = stats.rows.find((r) => r.status === 'sent');
const spanS = sent ? (new Date(sent.last).getTime() - new Date(sent.first).getTime()) / 1000 : 0;
console.log(
  JSON.stringify(
    {
      db: args.db,
      targetRate: rate,
      messages: total,
      statuses: Object.fromEntries(stats.rows.map((r) => [r.status, r.n])),
      caught,
      emailSentActivities: Number(activities.n),
      queueingSeconds: Number((queuedMs / 1000).toFixed(1)),
      sustainedPerSecond: sent ? Math.round(sent.n / spanS) : 0,
      queueToSentMs: sent ? { p50: Math.round(sent.p50), p99: Math.round(sent.p99) } : null,
      loadAverage1m: { atStart: loads[0], max: Math.max(...loads), atEnd: loadavg()[0] },
    },
    null,
    2,
  ),
);
child.stdin.end();
await once(child, 'exit');
await database.close();
