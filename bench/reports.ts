/**
 * Measurement at scale: seeds N accounts (5 % targets in three tiers, 10 industries), 2 contacts per
 * account, A activities per account spread over 2026 (a third with UTM or campaign properties), 0.2
 * opportunities per account (created in 2026, 60 % closed, half of those won) and ~1.5 stage-history
 * rows per account, all set-based; VACUUM ANALYZEs; then times, through the HTTP app:
 * - the period facts refresh for 2026-Q2 (the precompute), then the scorecard read;
 * - drill-down pages (targets reached, all won, entered MQA);
 * - the attribution recompute for the quarter, and the attribution, ROI, target-vs-control and
 *   retrospective reads.
 * Prints medians as JSON.
 *
 *   node --import tsx bench/reports.ts --accounts 1000000 --activities 10 --db postgres
 *   node --import tsx bench/reports.ts --accounts 5000 --db embedded
 *
 * PostgreSQL: DATABASE_URL, else the openabm_bench database on 127.0.0.1:5432.
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { createApiKey } from '../src/auth/api-keys.ts';
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { buildApp } from '../src/http/app.ts';
import { ensureSignalSettings } from '../src/signals/signal-config.ts';
import { createWorkspace } from '../src/workspaces/create-workspace.ts';
import { benchDatabaseUrl } from './bench-database.ts';

const { values: args } = parseArgs({
  options: {
    accounts: { type: 'string', default: '100000' },
    activities: { type: 'string', default: '10' },
    db: { type: 'string', default: 'postgres' },
    requests: { type: 'string', default: '5' },
    cleanup: { type: 'boolean', default: false },
  },
});
const accounts = Number(args.accounts);
const perAccount = Number(args.activities);
const requests = Number(args.requests);
if (!Number.isInteger(accounts) || accounts < 1) throw new Error('--accounts must be a positive integer');
if (args.db !== 'embedded' && args.db !== 'postgres') throw new Error('--db must be embedded or postgres');
const url = args.db === 'postgres' ? await benchDatabaseUrl() : undefined;
const database = await openDatabase({ url, dataDir: 'memory://', poolSize: 4 });
await migrateToLatest(database.db);
const { db } = database;
const ws = await createWorkspace(db, { name: `bench-reports-${Date.now()}` });
await ensureSignalSettings(db, ws.id);
const admin = (await createApiKey(db, { workspaceId: ws.id, role: 'admin', name: 'bench', createdBy: null }))
  .key;
const log = (s: string) => process.stderr.write(`${s}\n`);

const seedStart = performance.now();
const chunk = 100_000;
for (let start = 1; start <= accounts; start += chunk) {
  const end = Math.min(accounts, start + chunk - 1);
  await sql`
    INSERT INTO accounts (workspace_id, name, industry, employee_count, is_target, tier)
    SELECT ${ws.id}::uuid, 'Account ' || g, 'Industry ' || (g % 10), (10 + (g * 7919) % 20000),
      g % 20 = 0, CASE WHEN g % 20 = 0 THEN 1 + (g / 20) % 3 END
    FROM generate_series(${start}::int, ${end}::int) g`.execute(db);
  log(`accounts ${end}/${accounts}`);
}
await sql`
  INSERT INTO contacts (workspace_id, id, account_id, email, created_at)
  SELECT a.workspace_id, md5(a.id::text || k)::uuid, a.id, 'p' || k || '.' || a.id || '@bench.example',
    timestamptz '2025-10-01' + random() * interval '300 days'
  FROM accounts a CROSS JOIN generate_series(0, 1) k WHERE a.workspace_id = ${ws.id}`.execute(db);
log('contacts');
const types = [
  'page_view',
  'page_view',
  'page_view',
  'email_open',
  'email_click',
  'ad_click',
  'form_fill',
  'webinar_attended',
  'meeting',
  'page_view',
];
for (let k = 0; k < perAccount; k++) {
  await sql`
    INSERT INTO activities (workspace_id, account_id, contact_id, type, occurred_at, properties, source)
    SELECT a.workspace_id, a.id, CASE WHEN r < 0.3 THEN NULL ELSE md5(a.id::text || (CASE WHEN r < 0.65 THEN 0 ELSE 1 END))::uuid END,
      (${types}::text[])[1 + floor(random() * 10)::int],
      timestamptz '2026-01-01' + random() * interval '365 days',
      CASE WHEN r < 0.15 THEN jsonb_build_object('utm_source', 'linkedin', 'utm_medium', 'cpc', 'utm_campaign', 'c' || (floor(random() * 20))::int, 'url', 'https://x.example/pricing')
        WHEN r < 0.33 THEN jsonb_build_object('campaign', 'n' || (floor(random() * 10))::int, 'webinar', 'w' || (floor(random() * 5))::int)
        ELSE jsonb_build_object('url', 'https://x.example/p' || (floor(random() * 50))::int) END, 'bench'
    FROM (SELECT workspace_id, id, random() AS r FROM accounts WHERE workspace_id = ${ws.id}) a`.execute(db);
  log(`activities ${(k + 1) * accounts}`);
}
await sql`
  INSERT INTO opportunities (workspace_id, account_id, name, stage, amount, created_date, close_date, is_closed, is_won)
  SELECT workspace_id, id, 'Deal', CASE WHEN c < 0.3 THEN 'Closed Won' WHEN c < 0.6 THEN 'Closed Lost' ELSE 'Proposal' END,
    round((1000 + random() * 100000)::numeric, 2), d, CASE WHEN c < 0.6 THEN d + (14 + floor(random() * 120))::int END,
    c < 0.6, c < 0.3
  FROM (SELECT workspace_id, id, random() AS c, date '2026-01-01' + floor(random() * 300)::int AS d
        FROM accounts WHERE workspace_id = ${ws.id} AND random() < 0.2) a`.execute(db);
log('opportunities');
await sql`
  INSERT INTO account_stage_history (workspace_id, account_id, from_stage, to_stage, at, reason)
  SELECT workspace_id, id, 'unaware', 'engaged', at, 'activity' FROM (
    SELECT workspace_id, id, timestamptz '2026-01-01' + random() * interval '200 days' AS at FROM accounts
    WHERE workspace_id = ${ws.id} AND random() < 0.9) a
  UNION ALL
  SELECT workspace_id, id, 'engaged', 'mqa', timestamptz '2026-07-01' + random() * interval '150 days', 'activity'
  FROM accounts WHERE workspace_id = ${ws.id} AND random() < 0.6`.execute(db);
for (const table of ['accounts', 'contacts', 'activities', 'opportunities', 'account_stage_history']) {
  await sql`VACUUM ANALYZE ${sql.table(table)}`.execute(db);
}
const counts = (
  await sql<{ activities: number; opportunities: number }>`
    SELECT (SELECT count(*) FROM activities WHERE workspace_id = ${ws.id})::int AS activities,
      (SELECT count(*) FROM opportunities WHERE workspace_id = ${ws.id})::int AS opportunities`.execute(db)
).rows[0];
const seedSeconds = Math.round((performance.now() - seedStart) / 100) / 10;
log(`seeded in ${seedSeconds} s`);

const app = await buildApp({ database });
async function call(
  method: 'GET' | 'POST',
  path: string,
  payload?: object,
): Promise<{ ms: number; body: string }> {
  const t0 = performance.now();
  const res = await app.inject({
    method,
    url: `/api/v1${path}`,
    headers: { authorization: `Bearer ${admin}` },
    ...(payload ? { payload } : {}),
  });
  const ms = performance.now() - t0;
  if (res.statusCode !== 200) throw new Error(`${path}: ${res.statusCode} ${res.body.slice(0, 300)}`);
  return { ms, body: res.body };
}
const median = (xs: number[]) =>
  Math.round(([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0) * 10) / 10;
async function timed(path: string, n = requests): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) times.push((await call('GET', path)).ms);
  return median(times);
}

const results: Record<string, number> = {};
const factsRun = await call('GET', '/reports/scorecard?period=2026-Q2&refresh=true');
results['facts refresh + scorecard (2026-Q2, first computation), ms'] = Math.round(factsRun.ms);
results['scorecard read, median ms'] = await timed('/reports/scorecard?period=2026-Q2');
results['drill-down targets/reached page of 100, median ms'] = await timed(
  '/reports/scorecard/drilldown?period=2026-Q2&segment=targets&figure=reached',
);
results['drill-down all/won page of 100, median ms'] = await timed(
  '/reports/scorecard/drilldown?period=2026-Q2&segment=all&figure=won',
);
results['drill-down targets/entered:mqa page of 100, median ms'] = await timed(
  '/reports/scorecard/drilldown?period=2026-Q2&segment=targets&figure=entered:mqa',
);
const recompute = await call('POST', '/reports/recompute', { period: '2026-Q2' });
const run = JSON.parse(recompute.body).attribution;
results['recompute (facts + attribution, 2026-Q2), ms'] = Math.round(recompute.ms);
results['attribution by channel, median ms'] = await timed(
  '/reports/attribution?period=2026-Q2&segment=targets&by=channel',
);
results['attribution by channel (all accounts), median ms'] = await timed(
  '/reports/attribution?period=2026-Q2&segment=all&by=channel',
  3,
);
results['stage conversion (targets), median ms'] = await timed(
  '/reports/stage-conversion?period=2026-Q2&segment=targets',
  3,
);
results['ROI by channel, median ms'] = await timed('/reports/roi?period=2026-Q2&by=channel', 3);
results['target vs control, median ms'] = await timed('/reports/target-vs-control?period=2026-Q2', 3);
results['retrospective (targets), median ms'] = await timed('/reports/retrospective?period=2026-Q2', 3);

console.log(
  JSON.stringify(
    {
      bench: 'reports',
      db: database.kind,
      accounts,
      activities: counts?.activities,
      opportunities: counts?.opportunities,
      seedSeconds,
      attributionRun: run,
      results,
    },
    null,
    2,
  ),
);
await app.close();
if (args.cleanup) await db.deleteFrom('workspaces').where('id', '=', ws.id).execute();
await database.close();
