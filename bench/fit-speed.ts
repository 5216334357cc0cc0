/**
 * Fit speed: (1) training the fit model (features, 5-fold CV, calibration, final fit) on N planted
 * accounts in memory; (2) scoring M generated accounts in the database into account_fit, each pass
 * ONE statement (ICP rule score + model probability + percentile score + grade), timed R times:
 *
 * - `train_score`: scoring with a newly trained model — probabilities, their quantiles and every
 *   row written (the first scoring of a workspace; account_fit is emptied before each run);
 * - `retrain_score`: the same over existing rows with a new model version (every row updated);
 * - `icp_change`: rescoring after an ICP change (every rule score changes; model kept);
 * - `rescore_unchanged`: rescoring with nothing changed (nothing written).
 *
 *   node --import tsx bench/fit-speed.ts --train 100000 --score 1000000 --db postgres
 *   node --import tsx bench/fit-speed.ts --train 100000 --score 1000000 --db embedded --runs 1 --data /tmp/fit-bench
 *
 * Targets: training 100k < 30 s; scoring 1M < 20 s on PostgreSQL. PostgreSQL: DATABASE_URL, else
 * the openabm_bench database on 127.0.0.1:5432 (bench-database.ts). Accounts are generated in SQL
 * (INSERT … SELECT generate_series), never through the API. The bench workspace is deleted at the
 * end unless --keep.
 */
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { IcpProfileSchema, resolveCriteria } from '../src/fit/icp-criteria.ts';
import { saveIcpProfile } from '../src/fit/icp-profile.ts';
import { plantedAccounts } from '../src/fit/planted-world.ts';
import { scoreAccounts } from '../src/fit/score-accounts.ts';
import { scoreWorkspace } from '../src/fit/score-workspace.ts';
import { trainFit } from '../src/fit/train-fit.ts';
import { createWorkspace } from '../src/workspaces/create-workspace.ts';
import { benchDatabaseUrl } from './bench-database.ts';

const { values: args } = parseArgs({
  options: {
    train: { type: 'string', default: '100000' },
    score: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '3' },
    db: { type: 'string', default: 'postgres' },
    keep: { type: 'boolean', default: false },
    /** Embedded only: a directory for the database files (default: in memory). */
    data: { type: 'string', default: 'memory://' },
  },
});
const trainRows = Number(args.train);
const scoreRows = Number(args.score);
const runs = Number(args.runs);
if (!Number.isInteger(trainRows) || trainRows < 200) throw new Error('--train must be an integer >= 200');
if (!Number.isInteger(scoreRows) || scoreRows < 1) throw new Error('--score must be a positive integer');
if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs must be a positive integer');
if (args.db !== 'embedded' && args.db !== 'postgres') throw new Error('--db must be embedded or postgres');
const seconds = (since: number) => Math.round((performance.now() - since) / 10) / 100;
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};
const log = (text: string) => process.stderr.write(`${text}\n`);

// (1) Training in memory.
const accounts = plantedAccounts(trainRows, 11);
const table = {
  names: ['industry', 'employees', 'revenue', 'country', 'region', 'technologies'],
  rowCount: trainRows,
  columns: [
    accounts.map((a) => a.industry),
    accounts.map((a) => a.employeeCount),
    accounts.map((a) => a.annualRevenue),
    accounts.map((a) => a.country),
    accounts.map((a) => a.region),
    accounts.map((a) => a.technologies),
  ],
};
const trainStart = performance.now();
const fit = trainFit(
  table,
  Uint8Array.from(accounts, (a) => (a.won ? 1 : 0)),
  { multiValueColumns: new Set(['technologies']), strictNumbers: true, allowDates: false },
);
const trainSeconds = seconds(trainStart);
log(`trained on ${trainRows} rows in ${trainSeconds} s`);

// (2) Scoring in the database.
const url = args.db === 'postgres' ? await benchDatabaseUrl() : undefined;
const database = await openDatabase({ url, dataDir: args.data, poolSize: 4 });
await migrateToLatest(database.db);
const { db } = database;
const ws = await createWorkspace(db, { name: `bench-fit-speed-${Date.now()}` });

// Realistic accounts in SQL: log-normal-ish sizes, revenue that follows size, a few missing values,
// technology lists (each of 12 products with probability 1/4: thousands of distinct lists),
// countries with their regions, lifecycle, a custom segment; one domain each.
const seedStart = performance.now();
const chunk = 100_000;
for (let from = 1; from <= scoreRows; from += chunk) {
  const to = Math.min(scoreRows, from + chunk - 1);
  await sql`
    INSERT INTO accounts (workspace_id, name, domain, industry, employee_count, annual_revenue, country,
      region, city, lifecycle, technologies, custom)
    SELECT ${ws.id}, 'Account ' || g, 'account-' || g || '.example',
      (ARRAY['Software','Manufacturing','Retail','Healthcare','Financial Services','Education','Logistics'])[1 + (h1 % 7)],
      CASE WHEN h2 % 20 = 0 THEN NULL ELSE round(exp(2 + (h3 % 10000) / 1000.0))::int END,
      CASE WHEN h2 % 10 = 1 THEN NULL ELSE round(exp(2 + (h3 % 10000) / 1000.0) * (80000 + h4 % 200000))::numeric END,
      c.country, c.region, 'City ' || (h4 % 500),
      CASE WHEN h1 % 50 = 0 THEN 'customer' ELSE 'prospect' END,
      ARRAY(SELECT t FROM unnest(ARRAY['Snowflake','AWS','Salesforce','Slack','HubSpot','Zendesk','Segment',
        'Marketo','Azure','SAP','Shopify','Okta']) WITH ORDINALITY u(t, i) WHERE (h4 >> (2 * i::int)) & 3 = 0),
      jsonb_build_object('segment', (ARRAY['smb','mid','enterprise'])[1 + (h2 % 3)])
    FROM (SELECT g, (hashint4(g) & 2147483647) AS h1, (hashint4(g + 1000003) & 2147483647) AS h2,
        (hashint4(g + 2000003) & 2147483647) AS h3, (hashint4(g + 3000017) & 2147483647) AS h4
      FROM generate_series(${from}::int, ${to}::int) g) s
    CROSS JOIN LATERAL (SELECT (ARRAY['US','CA','GB','DE','FR','JP','AU'])[1 + (s.h3 % 7)] AS country,
      (ARRAY['North America','North America','EMEA','EMEA','EMEA','APAC','APAC'])[1 + (s.h3 % 7)] AS region) c`.execute(
    db,
  );
}
await sql`ANALYZE accounts`.execute(db);
const seedSeconds = seconds(seedStart);
log(`inserted ${scoreRows} accounts in ${seedSeconds} s`);

const icp = (weight: number) =>
  resolveCriteria(
    IcpProfileSchema.parse({
      criteria: [
        { weight, field: 'industry', op: 'in', values: ['Software', 'Financial Services'] },
        { weight: 25, field: 'employeeCount', op: 'between', min: 200, max: 5000 },
        { weight: 20, field: 'technologies', op: 'includesAny', values: ['Snowflake', 'Salesforce'] },
        { weight: 15, field: 'country', op: 'in', values: ['US', 'GB'] },
        { weight: 10, field: 'annualRevenue', op: 'between', min: 1e8 },
      ],
    }).criteria,
  );
await saveIcpProfile(db, ws.id, { criteria: icp(30) }, null);

const coefficients = { intercept: fit.intercept, weights: fit.weights, platt: fit.platt };
let version = 0;
/** Score with a new model version and store it as the active model (as training does). */
async function trainScore(): Promise<number> {
  version += 1;
  const { quantiles, scored } = await scoreWorkspace(db, ws.id, { version, spec: fit.spec, coefficients });
  await sql`UPDATE fit_models SET status = 'retired' WHERE workspace_id = ${ws.id} AND status = 'active'`.execute(
    db,
  );
  await db
    .insertInto('fit_models')
    .values({
      workspace_id: ws.id,
      version,
      options: { customFields: [], neverEngagedSample: 0, folds: 5 },
      metrics: JSON.stringify({}),
      feature_spec: JSON.stringify(fit.spec),
      coefficients: JSON.stringify(coefficients),
      score_quantiles: JSON.stringify(quantiles),
    })
    .execute();
  return scored;
}

const timings: Record<string, number[]> = {
  train_score: [],
  retrain_score: [],
  icp_change: [],
  rescore_unchanged: [],
};
const written: Record<string, number> = {};
async function measure(name: string, run: () => Promise<number>): Promise<void> {
  const start = performance.now();
  const rows = await run();
  const took = seconds(start);
  timings[name]?.push(took);
  written[name] = rows;
  log(`${name}: ${took} s, ${rows} rows written`);
}
for (let run = 0; run < runs; run++) {
  await sql`DELETE FROM account_fit WHERE workspace_id = ${ws.id}`.execute(db);
  if (args.db === 'postgres') await sql`VACUUM account_fit`.execute(db);
  await measure('train_score', trainScore);
  await measure('retrain_score', trainScore);
  await saveIcpProfile(db, ws.id, { criteria: icp(run % 2 === 0 ? 35 : 30) }, null);
  await measure('icp_change', async () => (await scoreAccounts(db, ws.id)).written);
  await measure('rescore_unchanged', async () => (await scoreAccounts(db, ws.id)).written);
}

process.stdout.write(
  `${JSON.stringify(
    {
      db: args.db,
      train_rows: trainRows,
      train_features: fit.spec.features.length,
      train_seconds_incl_5fold_cv: trainSeconds,
      train_cv_auc: fit.report.auc,
      score_accounts: scoreRows,
      seed_seconds: seedSeconds,
      runs,
      median_seconds: Object.fromEntries(
        Object.entries(timings).map(([k, v]) => [k, Math.round(median(v) * 100) / 100]),
      ),
      all_seconds: timings,
      rows_written: written,
    },
    null,
    2,
  )}\n`,
);
if (!args.keep) await sql`DELETE FROM workspaces WHERE id = ${ws.id}`.execute(db);
await database.close();
