/**
 * Fit speed: (1) training the fit model (features, 5-fold CV, calibration, final fit) on N planted
 * accounts in memory; (2) scoring M accounts in the database, set-based: ICP rule score (one UPDATE)
 * and model score (probability + reasons UPDATE, percentiles, score/grade UPDATE).
 *
 *   node --import tsx bench/fit-speed.ts --train 100000 --score 1000000 --db postgres
 *   node --import tsx bench/fit-speed.ts --train 100000 --score 200000 --db embedded
 *
 * Targets: training 100k < 30 s; scoring 1M < 20 s on PostgreSQL. PostgreSQL: DATABASE_URL, else
 * postgres://postgres@127.0.0.1:5432/test. The bench workspace is deleted at the end unless --keep.
 */
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { IcpProfileSchema, resolveCriteria } from '../src/fit/icp-criteria.ts';
import { saveIcpProfile, scoreAccountsByRules } from '../src/fit/icp-profile.ts';
import { plantedAccounts } from '../src/fit/planted-world.ts';
import { scoreWorkspace } from '../src/fit/score-workspace.ts';
import { trainFit } from '../src/fit/train-fit.ts';
import { createWorkspace } from '../src/workspaces/create-workspace.ts';

const { values: args } = parseArgs({
  options: {
    train: { type: 'string', default: '100000' },
    score: { type: 'string', default: '1000000' },
    db: { type: 'string', default: 'postgres' },
    keep: { type: 'boolean', default: false },
  },
});
const trainRows = Number(args.train);
const scoreRows = Number(args.score);
if (!Number.isInteger(trainRows) || trainRows < 200) throw new Error('--train must be an integer >= 200');
if (!Number.isInteger(scoreRows) || scoreRows < 1) throw new Error('--score must be a positive integer');
if (args.db !== 'embedded' && args.db !== 'postgres') throw new Error('--db must be embedded or postgres');
const seconds = (since: number) => Math.round((performance.now() - since) / 100) / 10;

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
  {
    multiValueColumns: new Set(['technologies']),
    strictNumbers: true,
    allowDates: false,
  },
);
const trainSeconds = seconds(trainStart);

// (2) Scoring in the database.
const url =
  args.db === 'postgres'
    ? (process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test')
    : undefined;
const database = await openDatabase({ url, dataDir: 'memory://', poolSize: 4 });
await migrateToLatest(database.db);
const { db } = database;
const ws = await createWorkspace(db, { name: `bench-fit-speed-${Date.now()}` });
const seedStart = performance.now();
const chunk = 200_000;
for (let from = 1; from <= scoreRows; from += chunk) {
  const to = Math.min(scoreRows, from + chunk - 1);
  await sql`
    INSERT INTO accounts (workspace_id, name, industry, employee_count, annual_revenue, country, region, technologies)
    SELECT ${ws.id}, 'Account ' || g,
      (ARRAY['Software','Manufacturing','Retail','Healthcare','Financial Services','Education','Logistics'])[(g % 7) + 1],
      CASE WHEN g % 20 = 0 THEN NULL ELSE (10 + (hashint4(g) & 65535))::int END,
      CASE WHEN g % 10 = 0 THEN NULL ELSE ((hashint4(g + 7) & 1048575) * 1000)::numeric END,
      (ARRAY['US','CA','GB','DE','FR','JP','AU'])[((g / 7) % 7) + 1],
      (ARRAY['North America','EMEA','APAC'])[(g % 3) + 1],
      CASE g % 4 WHEN 0 THEN ARRAY['Snowflake','AWS'] WHEN 1 THEN ARRAY['Salesforce'] WHEN 2 THEN '{}'::text[] ELSE ARRAY['HubSpot','Slack','Zendesk'] END
    FROM generate_series(${from}::int, ${to}::int) g`.execute(db);
}
const seedSeconds = seconds(seedStart);

const icp = IcpProfileSchema.parse({
  criteria: [
    { weight: 30, field: 'industry', op: 'in', values: ['Software', 'Financial Services'] },
    { weight: 25, field: 'employeeCount', op: 'between', min: 200, max: 5000 },
    { weight: 20, field: 'technologies', op: 'includesAny', values: ['Snowflake', 'Salesforce'] },
    { weight: 15, field: 'country', op: 'in', values: ['US', 'GB'] },
    { weight: 10, field: 'annualRevenue', op: 'between', min: 1e8 },
  ],
});
await saveIcpProfile(db, ws.id, { criteria: resolveCriteria(icp.criteria) }, null);
const ruleStart = performance.now();
const ruleChanged = await scoreAccountsByRules(db, ws.id);
const ruleSeconds = seconds(ruleStart);

const modelStart = performance.now();
const { scored } = await scoreWorkspace(db, ws.id, 1, fit.spec, {
  intercept: fit.intercept,
  weights: fit.weights,
  platt: fit.platt,
});
const modelSeconds = seconds(modelStart);

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
      rule_score_seconds: ruleSeconds,
      rule_scores_written: ruleChanged,
      model_score_seconds: modelSeconds,
      model_scores_written: scored,
    },
    null,
    2,
  )}\n`,
);
if (!args.keep) await sql`DELETE FROM workspaces WHERE id = ${ws.id}`.execute(db);
await database.close();
