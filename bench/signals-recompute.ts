/**
 * Full recompute of engagement scores, weekly buckets, sort keys and stages for one workspace:
 * seeds N accounts (5 contacts each) and M activities on the server (INSERT … SELECT
 * generate_series in 1M-row chunks, nothing row by row from JS), then times recomputeWorkspace.
 * Run 1 rebuilds into empty score tables; every later run first changes the weights (as PUT
 * /signals/weights does), so every score, bucket and sort key is rewritten. Before each run the
 * score tables are vacuumed, as autovacuum would between two weight changes (the bench server runs
 * with autovacuum off). Target: 100k accounts / 10M activities < 60 s on PostgreSQL. Prints JSON.
 *
 *   node --import tsx bench/signals-recompute.ts --accounts 100000 --activities 10000000 --db postgres
 *   node --import tsx bench/signals-recompute.ts --accounts 10000 --activities 500000 --check   # validation
 *   node --import tsx bench/signals-recompute.ts --accounts 200 --activities 20000 --db embedded   # quick check
 *
 * PostgreSQL: DATABASE_URL, else the openabm_bench database on 127.0.0.1:5432 (bench-database.ts).
 * --topics N creates N intent topics first; --with-topics also recounts topic weeks (one more
 * pass). --work-mem sets the recompute's work_mem (default 1GB). --same-weights keeps the weights
 * between runs. --check verifies the rebuilt aggregates against direct counts over the activities
 * (one more scan). The workspace is left in place unless --cleanup; its id is printed, and
 * --workspace ID times the recompute of that workspace again without seeding (--accounts,
 * --activities and --topics are then read from it):
 *
 *   node --import tsx bench/signals-recompute.ts --workspace 3f0c… --runs 2 --db postgres
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { createTopic } from '../src/signals/intent/topics.ts';
import { recomputeWorkspace } from '../src/signals/recompute-workspace.ts';
import { updateSignalSettings } from '../src/signals/signal-settings.ts';
import { CURRENT_WEEK_SQL, MOMENTUM_FROM_SQL, momentumAggregateSql } from '../src/signals/sort-keys-sql.ts';
import { HORIZON_START_SQL } from '../src/signals/weekly-horizon.ts';
import { createWorkspace } from '../src/workspaces/create-workspace.ts';
import { benchDatabaseUrl } from './bench-database.ts';
import { seedAccounts, seedActivities } from './signals-seed.ts';

const { values: args } = parseArgs({
  options: {
    accounts: { type: 'string', default: '100000' },
    activities: { type: 'string', default: '10000000' },
    'contacts-per-account': { type: 'string', default: '5' },
    topics: { type: 'string', default: '3' },
    'with-topics': { type: 'boolean', default: false },
    db: { type: 'string', default: 'postgres' },
    runs: { type: 'string', default: '2' },
    'work-mem': { type: 'string', default: '1GB' },
    'same-weights': { type: 'boolean', default: false },
    check: { type: 'boolean', default: false },
    cleanup: { type: 'boolean', default: false },
    workspace: { type: 'string' },
  },
});
let accounts = Number(args.accounts);
let activities = Number(args.activities);
let contactsPerAccount = Number(args['contacts-per-account']);
let topics = Number(args.topics);
const runs = Number(args.runs);
for (const [k, v] of Object.entries({ accounts, activities, contactsPerAccount, runs }))
  if (!Number.isInteger(v) || v < 1) throw new Error(`--${k} must be a positive integer`);
if (args.db !== 'embedded' && args.db !== 'postgres') throw new Error('--db must be embedded or postgres');
const url = args.db === 'postgres' ? await benchDatabaseUrl() : undefined;

const database = await openDatabase({ url, dataDir: 'memory://', poolSize: 4 });
await migrateToLatest(database.db);
const { db } = database;
const seedMs = { accounts: 0, activities: 0 };
const ws = args.workspace ? await existingWorkspace(args.workspace) : await seededWorkspace();
process.stderr.write(`workspace ${ws.id} (reuse with --workspace ${ws.id})\n`);
const SCORE_TABLES = sql`contact_engagement, account_engagement, account_persona_engagement,
  account_weekly_activity, account_topic_weekly, account_stages, account_stage_history, signal_events`;
const timings = [];
for (let r = 0; r < runs; r++) {
  if (r > 0 && !args['same-weights']) {
    await updateSignalSettings(db, ws.id, {
      weights: [
        { type: 'page_view', points: 1 + r },
        { type: 'key_page', points: 5 },
        { type: 'form_fill', points: 10 + r },
        { type: 'email_open', points: 0.1 },
        { type: 'email_click', points: 3 },
        { type: 'meeting', points: 1, perMinute: true },
        { type: 'webinar_attended', points: 15 },
      ],
    });
  }
  if (database.kind === 'postgres') await sql`VACUUM (ANALYZE) ${SCORE_TABLES}`.execute(db);
  const t = performance.now();
  const result = await recomputeWorkspace(db, ws.id, {
    topics: args['with-topics'],
    workMem: args['work-mem'],
  });
  timings.push({ ...result, wallMs: Math.round(performance.now() - t) });
  process.stderr.write(`run ${r + 1}: ${Math.round(performance.now() - t)} ms\n`);
}
const check = await sql<{ accounts: number; contacts: number; weeks: number; stages: number }>`
  SELECT (SELECT count(*)::int FROM account_engagement WHERE workspace_id = ${ws.id}) AS accounts,
    (SELECT count(*)::int FROM contact_engagement WHERE workspace_id = ${ws.id}) AS contacts,
    (SELECT count(*)::int FROM account_weekly_activity WHERE workspace_id = ${ws.id}) AS weeks,
    (SELECT count(*)::int FROM account_stages WHERE workspace_id = ${ws.id}) AS stages`.execute(db);
const validation = args.check ? await validate(ws.id) : null;
console.log(
  JSON.stringify(
    {
      db: database.kind,
      accounts,
      contacts: Math.round(accounts * contactsPerAccount),
      activities,
      topics,
      workspace: ws.id,
      seedMs,
      recompute: timings,
      rows: check.rows[0],
      validation,
    },
    null,
    2,
  ),
);
if (args.cleanup) await db.deleteFrom('workspaces').where('id', '=', ws.id).execute();
await database.close();

/** A new workspace seeded with the requested accounts, contacts, activities and topics. */
async function seededWorkspace(): Promise<{ id: string }> {
  const created = await createWorkspace(db, { name: `bench-signals-${Date.now()}` });
  const counts = { accounts, contactsPerAccount };
  seedMs.accounts = Math.round(await seedAccounts(db, created.id, counts));
  seedMs.activities = Math.round(
    await seedActivities(db, created.id, counts, activities, 0, (done) =>
      process.stderr.write(`seeded ${done} activities\r`),
    ),
  );
  process.stderr.write('\n');
  for (let i = 0; i < topics; i++) {
    await createTopic(db, created.id, {
      name: `Topic ${i + 1}`,
      urlPatterns: [['/pricing', '/product/*', '/docs'][i % 3] ?? '/x'],
    });
  }
  return created;
}

/** A workspace seeded by an earlier run (--workspace): the reported counts are read from it. */
async function existingWorkspace(id: string): Promise<{ id: string }> {
  const found = await sql<{ accounts: number; contacts: number; activities: number; topics: number }>`
    SELECT (SELECT count(*)::int FROM accounts WHERE workspace_id = w.id) AS accounts,
      (SELECT count(*)::int FROM contacts WHERE workspace_id = w.id) AS contacts,
      (SELECT count(*)::int FROM activities WHERE workspace_id = w.id) AS activities,
      (SELECT count(*)::int FROM intent_topics WHERE workspace_id = w.id) AS topics
    FROM workspaces w WHERE w.id = ${id}::uuid`.execute(db);
  const row = found.rows[0];
  if (!row) throw new Error(`workspace ${id} not found`);
  accounts = row.accounts;
  activities = row.activities;
  topics = row.topics;
  contactsPerAccount = accounts > 0 ? row.contacts / accounts : 0;
  return { id };
}

/**
 * Direct counts over the activities against the rebuilt aggregates: events per account-week inside
 * the horizon (and no stored week outside it), active contacts, accounts with activity, and stored
 * momentum against the lift of the stored buckets (throws on a mismatch); reports how many accounts
 * rank differently by score_key than by decayed score (0 but for float ties).
 */
async function validate(workspaceId: string) {
  const result = await sql<{
    bucket_mismatches: number;
    contact_mismatch: boolean;
    account_mismatch: boolean;
    momentum_mismatches: number;
    order_mismatches: number;
  }>`
    WITH direct AS (
      SELECT coalesce(a.account_id, c.account_id) AS account_id,
        date_trunc('week', a.occurred_at AT TIME ZONE 'UTC')::date AS week_start, count(*)::int AS events
      FROM activities a LEFT JOIN contacts c ON c.workspace_id = a.workspace_id AND c.id = a.contact_id
      WHERE a.workspace_id = ${workspaceId}
      GROUP BY 1, 2
    ), stored AS (
      SELECT account_id, week_start, events FROM account_weekly_activity WHERE workspace_id = ${workspaceId}
    ), kept AS (
      SELECT * FROM direct WHERE week_start >= ${HORIZON_START_SQL}
    ), momentum AS (
      SELECT e.account_id, e.momentum, ${momentumAggregateSql(sql`w.week_start`, sql`w.points`)} AS lift
      FROM account_engagement e
      LEFT JOIN account_weekly_activity w ON w.workspace_id = e.workspace_id AND w.account_id = e.account_id
        AND w.week_start BETWEEN ${MOMENTUM_FROM_SQL} AND ${CURRENT_WEEK_SQL}
      WHERE e.workspace_id = ${workspaceId}
      GROUP BY e.account_id, e.momentum
    ), ranked AS (
      SELECT rank() OVER (ORDER BY e.score * power(2::float8, -(date_part('epoch', now())
          - date_part('epoch', e.as_of)) / 86400.0 / s.half_life_days) DESC) AS by_score,
        rank() OVER (ORDER BY e.score_key DESC) AS by_key
      FROM account_engagement e JOIN signal_settings s USING (workspace_id)
      WHERE e.workspace_id = ${workspaceId} AND e.score > 0
    )
    SELECT
      (SELECT count(*)::int FROM kept d FULL JOIN stored s USING (account_id, week_start)
        WHERE (d.account_id IS NOT NULL OR s.account_id IS NOT NULL) AND d.events IS DISTINCT FROM s.events)
        AS bucket_mismatches,
      (SELECT count(DISTINCT c.id) FROM activities a JOIN contacts c ON c.workspace_id = a.workspace_id
        AND c.id = a.contact_id WHERE a.workspace_id = ${workspaceId})
        <> (SELECT count(*) FROM contact_engagement WHERE workspace_id = ${workspaceId}) AS contact_mismatch,
      (SELECT count(DISTINCT account_id) FROM direct WHERE account_id IS NOT NULL)
        <> (SELECT count(*) FROM account_engagement WHERE workspace_id = ${workspaceId}) AS account_mismatch,
      (SELECT count(*)::int FROM momentum WHERE momentum IS DISTINCT FROM lift
        AND (momentum IS NULL OR lift IS NULL OR abs(momentum - lift) > 1e-9 * greatest(1, abs(lift))))
        AS momentum_mismatches,
      (SELECT count(*)::int FROM ranked WHERE by_score <> by_key) AS order_mismatches`.execute(db);
  const v = result.rows[0];
  if (!v || v.bucket_mismatches || v.contact_mismatch || v.account_mismatch || v.momentum_mismatches)
    throw new Error(`validation failed: ${JSON.stringify(v)}`);
  return v;
}
