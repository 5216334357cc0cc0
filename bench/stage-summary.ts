/**
 * The dashboard funnel at scale: seeds N accounts (5 % targets) with set-based SQL, gives 70 % of them
 * a stage row (journey-shaped distribution) and ~1.5 stage-history rows per staged account spread over
 * 120 days, VACUUM ANALYZEs (index-only scans need the visibility map), then times
 * `GET /reports/stage-summary` (all accounts and `isTarget=true`) and `GET /reports/stage-arrivals`
 * through the HTTP app. Prints median/p95/max per request shape as JSON.
 *
 *   node --import tsx bench/stage-summary.ts --accounts 1000000 --db postgres
 *   node --import tsx bench/stage-summary.ts --accounts 20000 --db embedded
 *
 * --explain adds the plans of the summary's statements. PostgreSQL: DATABASE_URL, else
 * the openabm_bench database on 127.0.0.1:5432 (bench-database.ts). Pass --cleanup to delete the
 * workspace afterwards.
 */
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { createApiKey } from '../src/auth/api-keys.ts';
import { buildApp } from '../src/http/app.ts';
import { latencyStats, openBench } from './harness.ts';

const bench = await openBench(
  'stage-summary',
  {
    accounts: { type: 'string', default: '1000000' },
    requests: { type: 'string', default: '20' },
    explain: { type: 'boolean', default: false },
  },
  { defaultDb: 'postgres' },
);
const { args, database } = bench;
const accounts = Number(args.accounts);
const requests = Number(args.requests);
if (!Number.isInteger(accounts) || accounts < 1) throw new Error('--accounts must be a positive integer');
const { db } = database;
const ws = bench.workspace;
const { key } = await createApiKey(db, { workspaceId: ws.id, role: 'sales', name: 'bench', createdBy: null });

const seedStart = performance.now();
const chunk = 100_000;
for (let start = 1; start <= accounts; start += chunk) {
  const end = Math.min(accounts, start + chunk - 1);
  await sql`
    INSERT INTO accounts (workspace_id, name, domain, is_target)
    SELECT ${ws.id}::uuid, 'Account ' || g, 'co' || g || '.example', random() < 0.05
    FROM generate_series(${start}::int, ${end}::int) g`.execute(db);
  process.stderr.write(`\rseeded ${end} / ${accounts} accounts`);
}
// 30 % keep no stage row (first stage); the rest spread over the journey, fewer the deeper.
await sql`
  INSERT INTO account_stages (workspace_id, account_id, stage, since, position)
  SELECT workspace_id, id, s.stage, now() - random() * interval '120 days', s.position
  FROM (SELECT workspace_id, id, random() r FROM accounts WHERE workspace_id = ${ws.id}) a
  CROSS JOIN LATERAL (
    SELECT CASE WHEN a.r < 0.05 THEN 'unaware' WHEN a.r < 0.45 THEN 'aware' WHEN a.r < 0.60 THEN 'engaged'
      WHEN a.r < 0.66 THEN 'mqa' WHEN a.r < 0.69 THEN 'opportunity' ELSE 'customer' END AS stage,
    CASE WHEN a.r < 0.05 THEN 0 WHEN a.r < 0.45 THEN 1 WHEN a.r < 0.60 THEN 2
      WHEN a.r < 0.66 THEN 3 WHEN a.r < 0.69 THEN 4 ELSE 5 END AS position
  ) s
  WHERE a.r < 0.70`.execute(db);
await sql`
  INSERT INTO account_stage_history (workspace_id, account_id, from_stage, to_stage, at, reason)
  SELECT workspace_id, account_id, 'unaware', stage, since, 'activity' FROM account_stages
  WHERE workspace_id = ${ws.id}
  UNION ALL
  SELECT workspace_id, account_id, 'unaware', 'aware', since - interval '20 days', 'activity' FROM account_stages
  WHERE workspace_id = ${ws.id} AND stage <> 'aware' AND random() < 0.7`.execute(db);
for (const table of ['accounts', 'account_stages', 'account_stage_history']) {
  await sql`VACUUM ANALYZE ${sql.table(table)}`.execute(db);
}
const seedSeconds = (performance.now() - seedStart) / 1000;
process.stderr.write(`\nseeded in ${seedSeconds.toFixed(1)} s\n`);

const app = await buildApp({ database });
const headers = { authorization: `Bearer ${key}` };
const shapes = [
  { name: 'stage-summary (all accounts)', path: '/reports/stage-summary' },
  { name: 'stage-summary?isTarget=true', path: '/reports/stage-summary?isTarget=true' },
  { name: 'stage-arrivals?stage=mqa&limit=10', path: '/reports/stage-arrivals?stage=mqa&limit=10' },
];

async function timed(path: string): Promise<{ ms: number; body: string }> {
  const t0 = performance.now();
  const res = await app.inject({ method: 'GET', url: `/api/v1${path}`, headers });
  const ms = performance.now() - t0;
  if (res.statusCode !== 200) throw new Error(`${path}: ${res.statusCode} ${res.body.slice(0, 300)}`);
  return { ms, body: res.body };
}

const results: Record<string, { requests: number } & ReturnType<typeof latencyStats>> = {};
let sample = '';
for (const shape of shapes) {
  const warm = await timed(shape.path); // warm-up, not timed
  if (!sample) sample = warm.body;
  const times: number[] = [];
  for (let i = 0; i < requests; i++) times.push((await timed(shape.path)).ms);
  results[shape.name] = { requests: times.length, ...latencyStats(times) };
}

const plans: Record<string, string[]> = {};
if (args.explain) {
  const explain = async (name: string, statement: ReturnType<typeof sql>) => {
    const plan = await sql<{ 'QUERY PLAN': string }>`EXPLAIN (ANALYZE, BUFFERS) ${statement}`.execute(db);
    plans[name] = plan.rows.map((r) => r['QUERY PLAN']);
  };
  await explain(
    'staged counts',
    sql`SELECT stage, count(*)::int FROM account_stages WHERE workspace_id = ${ws.id} GROUP BY stage`,
  );
  await explain('account count', sql`SELECT count(*)::int FROM accounts WHERE workspace_id = ${ws.id}`);
  await explain(
    'entered in 30 days',
    sql`SELECT to_stage, count(DISTINCT account_id)::int FROM account_stage_history
        WHERE workspace_id = ${ws.id} AND at >= now() - interval '30 days' GROUP BY GROUPING SETS ((to_stage), ())`,
  );
}

bench.report({
  accounts,
  seedSeconds: Math.round(seedSeconds * 10) / 10,
  unit: 'ms per request (app.inject, end to end)',
  shapes: results,
  summary: JSON.parse(sample),
  ...(args.explain ? { plans } : {}),
});

await app.close();
await bench.close();
