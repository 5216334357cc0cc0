import { loadDemoWorld } from '../src/demo/load-demo-world.ts';
import { DEMO_WIN_DRIVERS } from '../src/demo/win-drivers.ts';
import { IcpProfileSchema, resolveCriteria } from '../src/fit/icp-criteria.ts';
import { saveIcpProfile } from '../src/fit/icp-profile.ts';
import { scoreAccounts } from '../src/fit/score-accounts.ts';
import { trainAccountModel } from '../src/fit/train-account-model.ts';
import { openBench } from './harness.ts';

// The demo loader creates the workspace.
const bench = await openBench(
  'fit-quality',
  { accounts: { type: 'string', default: '5000' }, seed: { type: 'string', default: '42' } },
  { workspace: false },
);
const { args, database } = bench;
const accounts = Number(args.accounts);
if (!Number.isInteger(accounts) || accounts < 100) throw new Error('--accounts must be an integer >= 100');
const { db } = database;
const started = performance.now();
const world = await loadDemoWorld(database, {
  accounts,
  seed: Number(args.seed),
  workspaceName: `bench-fit-quality-${Date.now()}`,
});
const loadSeconds = (performance.now() - started) / 1000;

// A plausible hand-written ICP: partly right (Software, mid-size, Salesforce), partly guesswork.
const icp = IcpProfileSchema.parse({
  criteria: [
    { weight: 30, field: 'industry', op: 'in', values: ['Software', 'Technology', 'Internet'] },
    { weight: 25, field: 'employeeCount', op: 'between', min: 500, max: 50000 },
    { weight: 20, field: 'technologies', op: 'includesAny', values: ['Salesforce', 'HubSpot'] },
    { weight: 15, field: 'country', op: 'in', values: ['US', 'GB', 'DE'] },
    { weight: 10, field: 'annualRevenue', op: 'between', min: 50_000_000 },
  ],
});
await saveIcpProfile(db, world.workspaceId, { criteria: resolveCriteria(icp.criteria) }, null);
await scoreAccounts(db, world.workspaceId);

const trainStart = performance.now();
const { metrics } = await trainAccountModel(db, world.workspaceId, {}, null);
const trainSeconds = (performance.now() - trainStart) / 1000;

const columnOf: Record<string, string> = {
  industry: 'industry',
  employeeCount: 'employees',
  technologies: 'technologies',
  country: 'country',
};
const ranking = metrics.top_features.map((f) => f.column);
const drivers = DEMO_WIN_DRIVERS.drivers.map((d) => {
  const column = columnOf[d.field] ?? d.field;
  const feature = metrics.top_features.find((f) => f.column === column);
  return {
    driver: d.description,
    true_coefficient: d.coefficient,
    column,
    importance_rank: ranking.indexOf(column) + 1,
    ...(column === 'country' ? { region_importance_rank: ranking.indexOf('region') + 1 } : {}),
    strongest_feature: feature?.top[0] ?? null,
  };
});
// region is a subdivision of country, so a country driver also shows up as region levels.
const driverColumns = new Set([...drivers.map((d) => d.column), 'region']);
const topN = ranking.slice(0, driverColumns.size);
bench.report({
  accounts,
  load_seconds: Math.round(loadSeconds * 10) / 10,
  train_and_score_seconds: Math.round(trainSeconds * 10) / 10,
  labelled_accounts: metrics.rows,
  positives: metrics.positives,
  model_cv_auc: metrics.auc,
  model_cv_auc_sd: metrics.auc_sd,
  rule_score_auc: metrics.rule_auc,
  model_beats_rules: metrics.rule_auc !== null && metrics.auc > metrics.rule_auc,
  drivers_on_top: topN.every((c) => driverColumns.has(c)),
  drivers,
  top_features: metrics.top_features
    .slice(0, 8)
    .map((f) => ({ column: f.column, share: f.share, top: f.top[0] })),
  lift_top_decile: metrics.lift_by_decile[0]?.lift,
});
await bench.close();
