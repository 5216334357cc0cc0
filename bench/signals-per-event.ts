/**
 * Cost of the incremental signals path as history grows: for each stored-activity size (default
 * 1M then 10M) it seeds history set-based, rebuilds the scores, then times B batches of 100 new
 * activities (insert + applyActivities in one transaction, as ingestion does). Prints, per size,
 * p50/p99 of applyActivities per batch and per event — they should stay flat (O(1) per event).
 *
 *   node --import tsx bench/signals-per-event.ts --accounts 100000 --sizes 1000000,10000000 --db postgres
 *   node --import tsx bench/signals-per-event.ts --accounts 200 --sizes 5000,20000 --batches 20 --db embedded  # quick check
 *
 * PostgreSQL: DATABASE_URL, else the openabm_bench database on 127.0.0.1:5432 (bench-database.ts).
 * --no-recompute skips the rebuild between sizes (score rows then only exist for keys touched by
 * the timed batches). The tables are vacuumed after each rebuild, as autovacuum would (the bench
 * server runs without it). --batch-size 2000 measures the large batches of the ingestion queue.
 * --warmup N (default 100) runs N untimed batches before each size's timed ones.
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { openDatabase } from '../src/db/database.ts';
import type { JsonObject } from '../src/db/json.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { applyActivities } from '../src/signals/apply-activities.ts';
import { createTopic } from '../src/signals/intent/topics.ts';
import { recomputeWorkspace } from '../src/signals/recompute-workspace.ts';
import { createWorkspace } from '../src/workspaces/create-workspace.ts';
import { benchDatabaseUrl } from './bench-database.ts';
import { seedAccounts, seedActivities } from './signals-seed.ts';

const { values: args } = parseArgs({
  options: {
    accounts: { type: 'string', default: '100000' },
    'contacts-per-account': { type: 'string', default: '5' },
    sizes: { type: 'string', default: '1000000,10000000' },
    batches: { type: 'string', default: '200' },
    warmup: { type: 'string', default: '100' },
    'batch-size': { type: 'string', default: '100' },
    db: { type: 'string', default: 'postgres' },
    'no-recompute': { type: 'boolean', default: false },
  },
});
const accounts = Number(args.accounts);
const contactsPerAccount = Number(args['contacts-per-account']);
const sizes = (args.sizes ?? '').split(',').map(Number);
const batches = Number(args.batches);
const warmup = Number(args.warmup);
const batchSize = Number(args['batch-size']);
for (const v of [accounts, contactsPerAccount, batches, batchSize, ...sizes])
  if (!Number.isInteger(v) || v < 1) throw new Error('counts must be positive integers');
if (!Number.isInteger(warmup) || warmup < 0) throw new Error('--warmup must be a whole number');
if (sizes.some((s, i) => i > 0 && s <= (sizes[i - 1] ?? 0))) throw new Error('--sizes must increase');
if (args.db !== 'embedded' && args.db !== 'postgres') throw new Error('--db must be embedded or postgres');
const url = args.db === 'postgres' ? await benchDatabaseUrl() : undefined;

const database = await openDatabase({ url, dataDir: 'memory://', poolSize: 4 });
await migrateToLatest(database.db);
const { db } = database;
const ws = await createWorkspace(db, { name: `bench-per-event-${Date.now()}` });
const counts = { accounts, contactsPerAccount };
await seedAccounts(db, ws.id, counts);
await createTopic(db, ws.id, { name: 'Pricing', urlPatterns: ['/pricing'] });
const contacts = await db
  .selectFrom('contacts')
  .select(['id', 'account_id'])
  .where('workspace_id', '=', ws.id)
  .limit(50_000)
  .execute();

const TABLES = sql`activities, contact_engagement, account_engagement, account_persona_engagement,
  account_weekly_activity, account_topic_weekly, account_stages, account_stage_history, signal_events`;
const TYPES = ['page_view', 'page_view', 'page_view', 'email_open', 'email_click', 'form_fill'];
let seq = 0;
function batch(): {
  account_id: string | null;
  contact_id: string | null;
  type: string;
  properties: JsonObject;
}[] {
  return Array.from({ length: batchSize }, () => {
    seq++;
    const c = contacts[(seq * 7919) % contacts.length];
    const anonymous = seq % 10 === 0;
    const type = TYPES[seq % TYPES.length] ?? 'page_view';
    const properties: JsonObject =
      type === 'page_view' ? { url: `https://www.example.com/${seq % 3 === 0 ? 'pricing' : 'blog'}` } : {};
    return {
      account_id: anonymous ? (c?.account_id ?? null) : null,
      contact_id: anonymous ? null : (c?.id ?? null),
      type,
      properties,
    };
  });
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
};

/** Insert one batch and fold it in (one transaction, as ingestion does); milliseconds of each part. */
async function timedBatch(): Promise<{ apply: number; total: number }> {
  const rows = batch();
  const t0 = performance.now();
  let apply = 0;
  await db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('activities')
      .values(rows.map((r) => ({ ...r, workspace_id: ws.id, occurred_at: new Date(), source: 'bench' })))
      .returning(['id', 'account_id', 'contact_id'])
      .returning(sql<string>`ctid::text`.as('ctid'))
      .execute();
    const t1 = performance.now();
    await applyActivities(
      trx,
      ws.id,
      inserted.map((r) => ({
        id: r.id,
        accountId: r.account_id,
        contactId: r.contact_id,
        // As the ingestion processor does: the batch is read back by address.
        ctid: r.ctid,
      })),
    );
    apply = performance.now() - t1;
  });
  return { apply, total: performance.now() - t0 };
}

const report = [];
let stored = 0;
for (const size of sizes) {
  await seedActivities(db, ws.id, counts, size - stored, stored, (done) =>
    process.stderr.write(`seeded ${stored + done} activities\r`),
  );
  process.stderr.write('\n');
  stored = size;
  const recompute = args['no-recompute'] ? null : await recomputeWorkspace(db, ws.id);
  // As autovacuum would after a bulk load (the bench server runs with autovacuum off).
  if (database.kind === 'postgres') await sql`VACUUM (ANALYZE) ${TABLES}`.execute(db);
  const apply: number[] = [];
  const total: number[] = [];
  // Untimed batches first: the sizes are measured one after the other in one workspace, right
  // after a bulk load and a rebuild, so without them the later size starts with colder caches.
  for (let b = 0; b < warmup; b++) await timedBatch();
  for (let b = 0; b < batches; b++) {
    const t = await timedBatch();
    apply.push(t.apply);
    total.push(t.total);
  }
  stored += (warmup + batches) * batchSize;
  report.push({
    storedActivities: size,
    recomputeMs: recompute?.milliseconds ?? null,
    batches,
    batchSize,
    applyMsPerBatch: { p50: +pct(apply, 50).toFixed(2), p99: +pct(apply, 99).toFixed(2) },
    applyMicrosPerEvent: { p50: +((pct(apply, 50) * 1000) / batchSize).toFixed(1) },
    insertPlusApplyMsPerBatch: { p50: +pct(total, 50).toFixed(2), p99: +pct(total, 99).toFixed(2) },
  });
}
console.log(
  JSON.stringify({ db: database.kind, accounts, contacts: accounts * contactsPerAccount, report }, null, 2),
);
await database.close();
