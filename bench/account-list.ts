/**
 * Filtered, sorted account list over a large workspace: seeds N realistic accounts with set-based SQL
 * (INSERT … SELECT generate_series) and their rows in the narrow per-account tables (fit, stage,
 * engagement), ANALYZEs, then times ~200 list requests through the HTTP app
 * (app.inject: routing, auth, validation, SQL, serialisation) across several query shapes, including
 * cursor pages. Prints median/p95/p99 per shape as JSON.
 *
 *   node --import tsx bench/account-list.ts --accounts 1000000 --db postgres
 *   node --import tsx bench/account-list.ts --accounts 20000 --db embedded
 *
 * --explain adds each shape's query plan (first and next page) to the output.
 * PostgreSQL: DATABASE_URL, else the openabm_bench database on 127.0.0.1:5432 (bench-database.ts).
 * The workspace it creates is left in place (drop the database afterwards, or pass --cleanup to
 * delete it).
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { ACCOUNT_LIST_FIELDS, ACCOUNT_SEARCH_COLUMNS } from '../src/accounts/account-list-fields.ts';
import { createApiKey } from '../src/auth/api-keys.ts';
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { buildApp } from '../src/http/app.ts';
import { buildListStatement } from '../src/records/build-list-statement.ts';
import { parseListQuery } from '../src/records/parse-list-query.ts';
import { createUser } from '../src/workspaces/create-user.ts';
import { createWorkspace } from '../src/workspaces/create-workspace.ts';
import { benchDatabaseUrl } from './bench-database.ts';

const { values: args } = parseArgs({
  options: {
    accounts: { type: 'string', default: '1000000' },
    db: { type: 'string', default: 'postgres' },
    requests: { type: 'string', default: '200' },
    owners: { type: 'string', default: '20' },
    cleanup: { type: 'boolean', default: false },
    explain: { type: 'boolean', default: false },
  },
});
const accounts = Number(args.accounts);
const requests = Number(args.requests);
const ownerCount = Number(args.owners);
if (!Number.isInteger(accounts) || accounts < 1) throw new Error('--accounts must be a positive integer');
if (args.db !== 'embedded' && args.db !== 'postgres') throw new Error('--db must be embedded or postgres');
const url = args.db === 'postgres' ? await benchDatabaseUrl() : undefined;

const database = await openDatabase({ url, dataDir: 'memory://', poolSize: 4 });
await migrateToLatest(database.db);
const { db } = database;
const ws = await createWorkspace(db, { name: `bench-accounts-${Date.now()}` });
const owners: string[] = [];
for (let i = 0; i < ownerCount; i++) {
  const user = await createUser(db, {
    workspaceId: ws.id,
    email: `owner${i}-${ws.slug}@bench.test`,
    role: 'sales',
  });
  owners.push(user.id);
}
const { key } = await createApiKey(db, {
  workspaceId: ws.id,
  role: 'sales',
  name: 'bench',
  createdBy: owners[0],
});

const seedStart = performance.now();
const chunk = 100_000;
const list = (values: string[]) => sql.raw(`(ARRAY[${values.map((v) => `'${v}'`).join(',')}])`);
const industries = list([
  'Software',
  'Software',
  'Software',
  'Manufacturing',
  'Manufacturing',
  'Financial Services',
  'Retail',
  'Healthcare',
  'Logistics',
  'Energy',
  'Telecommunications',
  'Education',
  'Construction',
  'Media',
  'Professional Services',
  'Food & Beverage',
  'Mining',
  'Government',
]);
const countries = list([
  'US',
  'US',
  'US',
  'US',
  'US',
  'GB',
  'GB',
  'DE',
  'DE',
  'DE',
  'FR',
  'NL',
  'SE',
  'DK',
  'DK',
  'NO',
  'FI',
  'IS',
  'EE',
  'JP',
  'JP',
  'CN',
  'CN',
  'IN',
  'BR',
  'CA',
  'AU',
  'ES',
  'IT',
  'PL',
]);
const prefixes = list([
  'Acme',
  'Nordic',
  'Blue',
  'Vatn',
  'Sakura',
  'Huang',
  'Baltic',
  'Northwind',
  'Contoso',
  'Fjord',
  'Rhein',
  'Atlas',
  'Zenith',
  'Polar',
  'Golden',
  'Summit',
  'Harbor',
  'Orion',
  'Vega',
  'Kestrel',
]);
const suffixes = list([
  'Systems',
  'Logistics',
  'Foods',
  'Energy',
  'Analytics',
  'Robotics',
  'Bank',
  'Health',
  'Media',
  'Labs',
  'Industries',
  'Holdings',
  'Software',
  'Telecom',
  'Partners',
]);
const legal = list([
  'Inc.',
  'Ltd',
  'GmbH',
  'A/S',
  'ehf.',
  'OÜ',
  'AB',
  'K.K.',
  'Co., Ltd.',
  'B.V.',
  'SA',
  'LLC',
]);
const tlds = list(['com', 'com', 'com', 'io', 'de', 'dk', 'is', 'ee', 'jp', 'cn', 'co.uk', 'se']);
const techs = list([
  'Salesforce',
  'HubSpot',
  'Marketo',
  'Segment',
  'Snowflake',
  'AWS',
  'Azure',
  'SAP',
  'Shopify',
  'Zendesk',
]);
const ownerArray = sql.raw(`(ARRAY[${owners.map((o) => `'${o}'::uuid`).join(',')}])`);

for (let start = 1; start <= accounts; start += chunk) {
  const end = Math.min(accounts, start + chunk - 1);
  await sql`
    INSERT INTO accounts (workspace_id, name, domain, website, industry, employee_count, annual_revenue, currency,
      country, city, technologies, owner_id, lifecycle, is_target, tier, created_at, updated_at)
    SELECT ${ws.id}::uuid,
      ${prefixes}[1 + (g * 7 + floor(r1 * 20)::int) % 20] || ' ' || ${suffixes}[1 + floor(r2 * 15)::int] || ' ' || g || ' ' || ${legal}[1 + floor(r3 * 12)::int],
      'co' || g || '.' || ${tlds}[1 + floor(r4 * 12)::int],
      'https://www.co' || g || '.' || ${tlds}[1 + floor(r4 * 12)::int],
      CASE WHEN r5 < 0.05 THEN NULL ELSE ${industries}[1 + floor(r6 * 18)::int] END,
      CASE WHEN r7 < 0.10 THEN NULL ELSE floor(exp(r8 * 10))::int END,
      CASE WHEN r7 < 0.15 THEN NULL ELSE round((exp(r8 * 10) * (40000 + r9 * 260000))::numeric, -3) END,
      CASE WHEN r7 < 0.15 THEN NULL ELSE 'USD' END,
      CASE WHEN r10 < 0.03 THEN NULL ELSE ${countries}[1 + floor(r11 * 30)::int] END,
      'City ' || (g % 500),
      CASE WHEN r12 < 0.5 THEN '{}'::text[] ELSE ARRAY[${techs}[1 + floor(r12 * 10)::int], ${techs}[1 + floor(r13 * 10)::int]] END,
      CASE WHEN r14 < 0.2 THEN NULL ELSE ${ownerArray}[1 + floor(r15 * ${owners.length})::int] END,
      CASE WHEN r16 < 0.85 THEN 'prospect' WHEN r16 < 0.97 THEN 'customer' ELSE 'churned' END,
      r17 < 0.05,
      CASE WHEN r17 < 0.05 THEN 1 + floor(r18 * 3)::int WHEN r17 < 0.25 THEN 1 + floor(r18 * 3)::int ELSE NULL END,
      now() - (r19 * interval '1000 days') - interval '365 days',
      now() - (r19 * interval '365 days')
    FROM (
      SELECT g, random() r1, random() r2, random() r3, random() r4, random() r5, random() r6, random() r7,
        random() r8, random() r9, random() r10, random() r11, random() r12, random() r13, random() r14,
        random() r15, random() r16, random() r17, random() r18, random() r19
      FROM generate_series(${start}::int, ${end}::int) g
    ) s`.execute(db);
  process.stderr.write(`\rseeded ${end} / ${accounts} accounts`);
}
await sql`
  INSERT INTO account_domains (workspace_id, account_id, domain, is_primary)
  SELECT workspace_id, id, domain, true FROM accounts WHERE workspace_id = ${ws.id} AND domain IS NOT NULL`.execute(
  db,
);
// The narrow per-account tables the list joins: fit (95% scored, a few rows without a score),
// journey stages (70%, skewed to the early stages) and engagement (40%, score_key and momentum as
// src/signals maintains them, with the workspace's half-life).
await sql`
  INSERT INTO account_fit (workspace_id, account_id, score, grade, rule_score, probability)
  SELECT workspace_id, id, score,
    CASE WHEN score >= 80 THEN 'A' WHEN score >= 60 THEN 'B' WHEN score >= 40 THEN 'C' WHEN score >= 0 THEN 'D' END,
    score, score / 100.0
  FROM (SELECT workspace_id, id, CASE WHEN random() < 0.01 THEN NULL ELSE floor(random() * 101)::int END AS score
    FROM accounts WHERE workspace_id = ${ws.id} AND random() < 0.95) a`.execute(db);
await sql`INSERT INTO signal_settings (workspace_id) VALUES (${ws.id}) ON CONFLICT DO NOTHING`.execute(db);
await sql`
  INSERT INTO account_stages (workspace_id, account_id, stage, since, position)
  SELECT workspace_id, id, (ARRAY['unaware','aware','engaged','mqa','opportunity','customer'])[p + 1],
    now() - random() * interval '200 days', p
  FROM (SELECT workspace_id, id, floor(power(random(), 2) * 6)::int AS p
    FROM accounts WHERE workspace_id = ${ws.id} AND random() < 0.7) a`.execute(db);
await sql`
  INSERT INTO account_engagement (workspace_id, account_id, score, as_of, last_activity_at, score_key, momentum,
    momentum_on)
  SELECT workspace_id, id, score, as_of, as_of,
    ln(score) + extract(epoch FROM as_of)::float8 / 86400.0 * ln(2::float8) / 30,
    CASE WHEN random() < 0.3 THEN NULL ELSE round((random() * 4)::numeric, 2)::float8 END,
    (now() AT TIME ZONE 'UTC')::date
  FROM (SELECT workspace_id, id, 1 + floor(exp(random() * 5))::float8 AS score,
      now() - random() * interval '90 days' AS as_of
    FROM accounts WHERE workspace_id = ${ws.id} AND random() < 0.4) a`.execute(db);
await sql`ANALYZE accounts`.execute(db);
await sql`ANALYZE account_domains`.execute(db);
await sql`ANALYZE account_fit`.execute(db);
await sql`ANALYZE account_stages`.execute(db);
await sql`ANALYZE account_engagement`.execute(db);
const seedSeconds = (performance.now() - seedStart) / 1000;
process.stderr.write(`\nseeded in ${seedSeconds.toFixed(1)} s\n`);

const app = await buildApp({ database });
const headers = { authorization: `Bearer ${key}` };
const since = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);

/** A query shape; `pages` > 1 follows nextCursor that many pages (each page is one timed request). */
const shapes: { name: string; params: string; pages: number }[] = [
  {
    name: 'industry=Software sort=-annualRevenue',
    params: 'industry=Software&sort=-annualRevenue',
    pages: 1,
  },
  {
    name: 'country.in+employeeCount.gte sort=-employeeCount',
    params: 'country.in=DK,IS&employeeCount.gte=100&sort=-employeeCount',
    pages: 1,
  },
  { name: 'isTarget+tier.in sort=name', params: 'isTarget=true&tier.in=1,2&sort=name', pages: 1 },
  { name: 'name.contains sort=-annualRevenue', params: 'name.contains=nordic&sort=-annualRevenue', pages: 1 },
  { name: 'q= search', params: 'q=fjord%20lab', pages: 1 },
  { name: 'ownerId sort=-updatedAt', params: `ownerId=${owners[1]}&sort=-updatedAt`, pages: 1 },
  {
    name: 'annualRevenue range sort=annualRevenue',
    params: 'annualRevenue.gte=1e6&annualRevenue.lt=5e6&sort=annualRevenue',
    pages: 1,
  },
  { name: 'updatedAt.gte sort=-updatedAt', params: `updatedAt.gte=${since}&sort=-updatedAt`, pages: 1 },
  {
    name: 'lifecycle+country sort=-annualRevenue',
    params: 'lifecycle=customer&country=DE&sort=-annualRevenue',
    pages: 1,
  },
  { name: 'sort=name cursor pages', params: 'sort=name', pages: 5 },
  // Fields of the joined narrow tables (account_fit, account_stages, account_engagement).
  { name: 'sort=-fitScore cursor pages', params: 'sort=-fitScore', pages: 5 },
  { name: 'fitGrade=A sort=fitScore', params: 'fitGrade=A&sort=fitScore', pages: 2 },
  { name: 'fitGrade.in=A,B sort=name', params: 'fitGrade.in=A,B&sort=name', pages: 2 },
  { name: 'stage=mqa sort=-fitScore', params: 'stage=mqa&sort=-fitScore', pages: 2 },
  { name: 'sort=-stage cursor pages', params: 'sort=-stage', pages: 5 },
  { name: 'sort=-engagementScore cursor pages', params: 'sort=-engagementScore', pages: 5 },
  {
    name: 'engagementScore.gte sort=-engagementScore',
    params: 'engagementScore.gte=20&sort=-engagementScore',
    pages: 2,
  },
  { name: 'sort=-momentum', params: 'sort=-momentum', pages: 2 },
  { name: 'sort=-lastActivityAt', params: 'sort=-lastActivityAt', pages: 2 },
  {
    name: 'industry+fitGrade sort=-engagementScore',
    params: 'industry=Software&fitGrade=A&sort=-engagementScore',
    pages: 2,
  },
  {
    name: 'small set into the fit null tail',
    params: 'industry=Mining&country=IS&sort=-fitScore&limit=20',
    pages: 5,
  },
  { name: 'sort=-annualRevenue cursor pages', params: 'sort=-annualRevenue&limit=100', pages: 5 },
  {
    name: 'small set into nulls, cursor pages',
    params: 'industry=Mining&country=IS&sort=-annualRevenue&limit=20',
    pages: 5,
  },
];

async function timed(path: string): Promise<{ ms: number; next: string | null }> {
  const t0 = performance.now();
  const res = await app.inject({ method: 'GET', url: `/api/v1/accounts?${path}`, headers });
  const ms = performance.now() - t0;
  if (res.statusCode !== 200) throw new Error(`${path}: ${res.statusCode} ${res.body.slice(0, 300)}`);
  const body: unknown = res.json();
  const next =
    typeof body === 'object' && body !== null && 'nextCursor' in body && typeof body.nextCursor === 'string'
      ? body.nextCursor
      : null;
  return { ms, next };
}

/**
 * The plans PostgreSQL picks for a page of a shape (first page, or the page after `cursor`): one per
 * branch (a joined field's null tail is a second branch, run only when the values run out).
 */
async function explain(params: string, cursor: string | null): Promise<string[]> {
  const query = Object.fromEntries(new URLSearchParams(cursor ? `${params}&cursor=${cursor}` : params));
  const parsed = parseListQuery(query, {
    fields: ACCOUNT_LIST_FIELDS,
    defaultSort: 'name',
    searchColumns: ACCOUNT_SEARCH_COLUMNS,
  });
  const lines: string[] = [];
  for (const [i, branch] of buildListStatement('accounts', ws.id, parsed).entries()) {
    const plan = await sql<{ 'QUERY PLAN': string }>`EXPLAIN ${branch(parsed.limit + 1)}`.execute(db);
    lines.push(`-- branch ${i + 1}`, ...plan.rows.map((r) => r['QUERY PLAN']));
  }
  return lines;
}

const plans: Record<string, { firstPage: string[]; nextPage?: string[] }> = {};
if (args.explain) {
  for (const shape of shapes) {
    const first = await timed(shape.params);
    plans[shape.name] = {
      firstPage: await explain(shape.params, null),
      ...(first.next ? { nextPage: await explain(shape.params, first.next) } : {}),
    };
  }
}

const perShape = Math.max(1, Math.round(requests / shapes.length));
const results: Record<string, { requests: number; median: number; p95: number; p99: number; max: number }> =
  {};
const all: number[] = [];
for (const shape of shapes) {
  await timed(shape.params); // warm-up, not timed
  const times: number[] = [];
  while (times.length < perShape) {
    let cursor: string | null = null;
    for (let page = 0; page < shape.pages && times.length < perShape; page++) {
      const { ms, next } = await timed(cursor ? `${shape.params}&cursor=${cursor}` : shape.params);
      times.push(ms);
      cursor = next;
      if (!cursor) break;
    }
  }
  all.push(...times);
  results[shape.name] = { requests: times.length, ...stats(times) };
}

function stats(times: number[]): { median: number; p95: number; p99: number; max: number } {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0;
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    median: round(at(0.5)),
    p95: round(at(0.95)),
    p99: round(at(0.99)),
    max: round(sorted.at(-1) ?? 0),
  };
}

console.log(
  JSON.stringify(
    {
      bench: 'account-list',
      db: database.kind,
      accounts,
      seedSeconds: Math.round(seedSeconds * 10) / 10,
      unit: 'ms per request (app.inject, end to end)',
      overall: { requests: all.length, ...stats(all) },
      shapes: results,
      ...(args.explain ? { plans } : {}),
    },
    null,
    2,
  ),
);

await app.close();
if (args.cleanup) await db.deleteFrom('workspaces').where('id', '=', ws.id).execute();
await database.close();
