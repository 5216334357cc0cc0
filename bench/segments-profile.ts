/**
 * Where segment upkeep spends an ingestion batch: runs tracked page-view batches through
 * processEvents with the 20 active segments of bench/segments.ts, logs every statement's time,
 * prints the slowest statements (time, first line of SQL) and, with --explain, EXPLAIN (ANALYZE,
 * BUFFERS) of the top ones inside a transaction that is rolled back.
 *
 *   DATABASE_URL=postgres://… npx tsx bench/segments-profile.ts --accounts 20000 --explain 3
 *
 * Uses the workspace bench/segments.ts seeded for the same --accounts (run it first).
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Kysely, type LogEvent, PostgresDialect } from 'kysely';
import { systemContext } from '../src/auth/auth-context.ts';
import { openDatabase } from '../src/db/database.ts';
import type { DB } from '../src/db/schema.ts';
import { processEvents } from '../src/ingest/process-events.ts';
import { createSegment } from '../src/segments/segment-store.ts';
import { benchDatabaseUrl } from './bench-database.ts';
import { activeSegments, trackedPageViews } from './segment-rules.ts';

const { values: args } = parseArgs({
  options: {
    accounts: { type: 'string', default: '20000' },
    batches: { type: 'string', default: '3' },
    'batch-size': { type: 'string', default: '1000' },
    explain: { type: 'string', default: '0' },
    top: { type: 'string', default: '25' },
  },
});
const batchSize = Number(args['batch-size']);
const database = await openDatabase({ url: await benchDatabaseUrl() });
if (!database.pool) throw new Error('PostgreSQL only');
const logged: { sql: string; parameters: readonly unknown[]; ms: number }[] = [];
let logging = false;
const db = new Kysely<DB>({
  dialect: new PostgresDialect({ pool: database.pool }),
  log: (event: LogEvent) => {
    if (logging)
      logged.push({
        sql: event.query.sql,
        parameters: event.query.parameters,
        ms: event.queryDurationMillis,
      });
  },
});
const found = await db
  .selectFrom('workspaces')
  .select('id')
  .where('name', '=', `Segments bench ${args.accounts}`)
  .executeTakeFirstOrThrow();
const ws = found.id;
await db.deleteFrom('segments').where('workspace_id', '=', ws).execute();
for (const s of activeSegments())
  await createSegment(db, systemContext(ws, 'bench'), { ...s, description: '', type: 'dynamic' });

const perBatch: number[] = [];
for (let b = 0; b < Number(args.batches); b++) {
  logging = b > 0; // the first batch warms caches
  const list = trackedPageViews(9000 + b + Math.floor(Date.now() / 1000), batchSize, 50_000);
  const t = performance.now();
  await db.transaction().execute((trx) => processEvents(trx, ws, list));
  perBatch.push(performance.now() - t);
}
logging = false;
process.stdout.write(`batches (ms): ${perBatch.map((x) => x.toFixed(0)).join(', ')}\n`);
const total = logged.reduce((s, q) => s + q.ms, 0);
const byShape = new Map<string, { ms: number; n: number; sample: (typeof logged)[number] }>();
for (const q of logged) {
  const shape = q.sql.replace(/\s+/g, ' ').slice(0, 160);
  const e = byShape.get(shape) ?? { ms: 0, n: 0, sample: q };
  e.ms += q.ms;
  e.n += 1;
  if (q.ms > e.sample.ms) e.sample = q;
  byShape.set(shape, e);
}
const ranked = [...byShape.entries()].sort((a, b) => b[1].ms - a[1].ms);
process.stdout.write(`statements: ${logged.length}, ${total.toFixed(0)} ms in all\n`);
for (const [shape, e] of ranked.slice(0, Number(args.top)))
  process.stdout.write(
    `${e.ms.toFixed(0).padStart(7)} ms ${String(e.n).padStart(4)}× max ${e.sample.ms.toFixed(0)} ms  ${shape}\n`,
  );
const slowest = [...logged].sort((a, b) => b.ms - a.ms).slice(0, Number(args.explain));
for (const q of slowest) {
  process.stdout.write(`\n--- ${q.ms.toFixed(0)} ms\n${q.sql}\n`);
  const client = await database.pool.connect();
  try {
    await client.query('BEGIN');
    const plan = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${q.sql}`, [
      ...q.parameters,
    ]);
    for (const row of plan.rows) process.stdout.write(`${row['QUERY PLAN']}\n`);
  } finally {
    await client.query('ROLLBACK');
    client.release();
  }
}
await db.deleteFrom('segments').where('workspace_id', '=', ws).execute();
await database.close();
