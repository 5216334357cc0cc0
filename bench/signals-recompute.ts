/**
 * Full recompute of engagement scores, weekly buckets, topic weeks and stages for one workspace:
 * seeds N accounts (5 contacts each) and M activities set-based, then times recomputeWorkspace.
 * Target: 100k accounts / 10M activities < 60 s on PostgreSQL. Prints JSON.
 *
 *   node --import tsx bench/signals-recompute.ts --accounts 100000 --activities 10000000 --db postgres
 *   node --import tsx bench/signals-recompute.ts --accounts 200 --activities 20000 --db embedded   # quick check
 *
 * PostgreSQL: DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test. --topics N creates N intent
 * topics first (adds the topic pass). The workspace is left in place unless --cleanup.
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { createTopic } from '../src/signals/intent/topics.ts';
import { recomputeWorkspace } from '../src/signals/recompute-workspace.ts';
import { createWorkspace } from '../src/workspaces/create-workspace.ts';
import { seedAccounts, seedActivities } from './signals-seed.ts';

const { values: args } = parseArgs({
  options: {
    accounts: { type: 'string', default: '100000' },
    activities: { type: 'string', default: '10000000' },
    'contacts-per-account': { type: 'string', default: '5' },
    topics: { type: 'string', default: '3' },
    db: { type: 'string', default: 'postgres' },
    runs: { type: 'string', default: '2' },
    cleanup: { type: 'boolean', default: false },
  },
});
const accounts = Number(args.accounts);
const activities = Number(args.activities);
const contactsPerAccount = Number(args['contacts-per-account']);
const topics = Number(args.topics);
const runs = Number(args.runs);
for (const [k, v] of Object.entries({ accounts, activities, contactsPerAccount, runs }))
  if (!Number.isInteger(v) || v < 1) throw new Error(`--${k} must be a positive integer`);
if (args.db !== 'embedded' && args.db !== 'postgres') throw new Error('--db must be embedded or postgres');
const url =
  args.db === 'postgres'
    ? (process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test')
    : undefined;

const database = await openDatabase({ url, dataDir: 'memory://', poolSize: 4 });
await migrateToLatest(database.db);
const { db } = database;
const ws = await createWorkspace(db, { name: `bench-signals-${Date.now()}` });
const counts = { accounts, contactsPerAccount };
const seedAccountsMs = await seedAccounts(db, ws.id, counts);
const seedActivitiesMs = await seedActivities(db, ws.id, counts, activities, 0, (done) =>
  process.stderr.write(`seeded ${done} activities\r`),
);
process.stderr.write('\n');
for (let i = 0; i < topics; i++) {
  await createTopic(db, ws.id, {
    name: `Topic ${i + 1}`,
    urlPatterns: [['/pricing', '/product/*', '/docs'][i % 3] ?? '/x'],
  });
}
const timings = [];
for (let r = 0; r < runs; r++) {
  const t = performance.now();
  const result = await recomputeWorkspace(db, ws.id);
  timings.push({ ...result, wallMs: Math.round(performance.now() - t) });
}
const check = await sql<{ accounts: number; contacts: number; weeks: number; stages: number }>`
  SELECT (SELECT count(*)::int FROM account_engagement WHERE workspace_id = ${ws.id}) AS accounts,
    (SELECT count(*)::int FROM contact_engagement WHERE workspace_id = ${ws.id}) AS contacts,
    (SELECT count(*)::int FROM account_weekly_activity WHERE workspace_id = ${ws.id}) AS weeks,
    (SELECT count(*)::int FROM account_stages WHERE workspace_id = ${ws.id}) AS stages`.execute(db);
console.log(
  JSON.stringify(
    {
      db: database.kind,
      accounts,
      contacts: accounts * contactsPerAccount,
      activities,
      topics,
      seedMs: { accounts: Math.round(seedAccountsMs), activities: Math.round(seedActivitiesMs) },
      recompute: timings,
      rows: check.rows[0],
    },
    null,
    2,
  ),
);
if (args.cleanup) await db.deleteFrom('workspaces').where('id', '=', ws.id).execute();
await database.close();
