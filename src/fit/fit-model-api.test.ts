import assert from 'node:assert/strict';
import { test } from 'node:test';
import { z } from 'zod';
import { useTestApp } from '../test/test-app.ts';
import { bearer } from '../test/test-database.ts';
import { loadAccountTable } from './account-table.ts';
import { encodeTable } from './feature-spec.ts';
import { insertPlantedWorld } from './insert-planted-world.ts';
import { linearScore } from './logistic-regression.ts';
import { calibrate } from './platt-scaling.ts';
import { rescoreAccounts } from './rescore-accounts.ts';
import { getActiveModel } from './stored-model.ts';

const t = useTestApp();

const icp = {
  criteria: [
    { weight: 20, field: 'industry', op: 'in', values: ['Retail', 'Software'] },
    { weight: 20, field: 'country', op: 'in', values: ['US', 'GB'] },
    { weight: 10, field: 'employeeCount', op: 'between', min: 50 },
  ],
};

const Metrics = z.object({
  auc: z.number(),
  rule_auc: z.number().nullable(),
  positives: z.number(),
  rows: z.number(),
  top_features: z.array(z.object({ column: z.string(), importance: z.number() })),
  lift_by_decile: z.array(z.object({ lift: z.number() })),
});

const Report = Metrics.extend({
  top_features: z.array(z.object({ column: z.string(), importance: z.number(), share: z.number() })),
  lift_by_decile: z.array(
    z.object({ decile: z.number(), rows: z.number(), lift: z.number(), cumulative_capture: z.number() }),
  ),
});

test('too little history: training is refused with a clear message and the rule score stays', async () => {
  const ws = await t.workspace('fit-thin');
  await insertPlantedWorld(t.database.db, ws.workspaceId, { count: 150, seed: 4, baseLogOdds: -4 });
  const put = await t.inject({
    method: 'PUT',
    url: '/api/v1/fit/icp',
    headers: bearer(ws.keys.marketer),
    payload: icp,
  });
  assert.equal(put.statusCode, 200, put.body);
  const res = await t.inject({
    method: 'POST',
    url: '/api/v1/fit/model/train',
    headers: bearer(ws.keys.marketer),
    payload: {},
  });
  assert.equal(res.statusCode, 422, res.body);
  assert.match(
    res.json().detail,
    /only \d+ accounts have a won opportunity or lifecycle customer; at least 50 are needed.*rule score stays/,
  );
  const model = await t.inject({ method: 'GET', url: '/api/v1/fit/model', headers: bearer(ws.keys.sales) });
  assert.equal(model.statusCode, 404);
  const rows = await t.database.db
    .selectFrom('account_fit')
    .select(['score', 'rule_score', 'model_version'])
    .where('workspace_id', '=', ws.workspaceId)
    .execute();
  assert.equal(rows.length, 150);
  assert.ok(rows.every((r) => r.score === r.rule_score && r.rule_score !== null && r.model_version === null));
  const sales = await t.inject({
    method: 'POST',
    url: '/api/v1/fit/model/train',
    headers: bearer(ws.keys.sales),
    payload: {},
  });
  assert.equal(sales.statusCode, 403);
});

test('training, SQL scoring, report, explanation, rescoring and look-alikes', async () => {
  const ws = await t.workspace('fit-model');
  const { db } = t.database;
  const { ids } = await insertPlantedWorld(db, ws.workspaceId, {
    count: 1200,
    seed: 9,
    customerShare: 0.2,
    openShare: 0.15,
  });
  await t.inject({
    method: 'PUT',
    url: '/api/v1/fit/icp',
    headers: bearer(ws.keys.marketer),
    payload: icp,
  });
  const bad = await t.inject({
    method: 'POST',
    url: '/api/v1/fit/model/train',
    headers: bearer(ws.keys.marketer),
    payload: { folds: 1 },
  });
  assert.equal(bad.statusCode, 400);
  const res = await t.inject({
    method: 'POST',
    url: '/api/v1/fit/model/train',
    headers: bearer(ws.keys.marketer),
    payload: { customFields: ['segment', 'seats'] },
  });
  assert.equal(res.statusCode, 201, res.body);
  const body = z.object({ version: z.number(), metrics: Metrics }).parse(res.json());
  assert.equal(body.version, 1);
  assert.ok(body.metrics.auc > 0.7, `auc ${body.metrics.auc}`);
  assert.ok(
    body.metrics.rule_auc !== null && body.metrics.auc > body.metrics.rule_auc,
    `rule ${body.metrics.rule_auc}`,
  );
  // The planted drivers lead; revenue (which follows employees) is the only other column that may mix in.
  const top4 = body.metrics.top_features.slice(0, 4).map((f) => f.column);
  for (const driver of ['industry', 'technologies', 'employees'])
    assert.ok(top4.includes(driver), `${driver} in ${top4}`);
  assert.ok(
    top4.every((c) => ['industry', 'technologies', 'employees', 'revenue'].includes(c)),
    `${top4}`,
  );
  assert.ok((body.metrics.lift_by_decile[0]?.lift ?? 0) > 1.5);

  // The SQL scorer agrees with the JS model on every account.
  const model = await getActiveModel(db, ws.workspaceId);
  assert.ok(model);
  const { ids: loaded, table } = await loadAccountTable(db, ws.workspaceId, [
    'industry',
    'employees',
    'revenue',
    'country',
    'region',
    'technologies',
    'custom.segment',
    'custom.seats',
  ]);
  const x = encodeTable(model.spec, table);
  const stored = new Map(
    (
      await db
        .selectFrom('account_fit')
        .select([
          'account_id as id',
          'probability as fit_probability',
          'score as fit_score',
          'grade as fit_grade',
          'model_version as fit_model_version',
        ])
        .where('workspace_id', '=', ws.workspaceId)
        .execute()
    ).map((r) => [r.id, r]),
  );
  const weights = Float64Array.from(model.coefficients.weights);
  let samePercentile = 0;
  loaded.forEach((id, row) => {
    const z = linearScore(
      { intercept: model.coefficients.intercept, weights, iterations: 0, converged: true },
      x,
      row,
    );
    const expected = calibrate(model.coefficients.platt, z);
    const got = stored.get(id);
    assert.ok(
      got && got.fit_probability !== null && Math.abs(got.fit_probability - expected) < 1e-5,
      `${id}: ${got?.fit_probability} vs ${expected}`,
    );
    assert.equal(got.fit_model_version, 1);
    // The score is the probability's percentile: how many of the 101 stored quantiles lie below it.
    const percentile = Math.min(100, model.quantiles.filter((q) => q < expected).length);
    assert.ok(Math.abs((got.fit_score ?? -1) - percentile) <= 1, `${id}: ${got.fit_score} vs ${percentile}`);
    if (got.fit_score === percentile) samePercentile++;
  });
  assert.ok(samePercentile >= loaded.length * 0.99, `${samePercentile} of ${loaded.length}`);
  assert.equal(stored.size, loaded.length);
  const scores = [...stored.values()].map((r) => r.fit_score ?? -1);
  assert.ok(Math.min(...scores) >= 0 && Math.max(...scores) === 100);
  assert.equal(
    [...stored.values()].filter((r) => r.fit_grade === 'A').length,
    [...stored.values()].filter((r) => (r.fit_score ?? 0) >= 80).length,
  );

  // Rescoring with the same model and ICP writes nothing.
  const rescore = await t.inject({
    method: 'POST',
    url: '/api/v1/fit/score',
    headers: bearer(ws.keys.marketer),
  });
  assert.deepEqual(rescore.json(), { ruleScoresChanged: 0, modelScored: 0, modelVersion: 1 });

  // Account lists filter and sort on the fit columns.
  const listed = await t.inject({
    method: 'GET',
    url: '/api/v1/accounts?fitGrade=A&sort=-fitScore&limit=5',
    headers: bearer(ws.keys.sales),
  });
  assert.equal(listed.statusCode, 200, listed.body);
  const gradeA = [...stored.values()].filter((r) => r.fit_grade === 'A');
  assert.equal(listed.json().data.length, Math.min(5, gradeA.length));
  const topIds: string[] = listed.json().data.map((a: { id: string }) => a.id);
  const topScores = topIds.map((id) => stored.get(id)?.fit_score ?? -1);
  assert.deepEqual(
    topScores,
    [...topScores].sort((a, b) => b - a),
  );
  assert.equal(topScores[0], 100);

  const report = await t.inject({
    method: 'GET',
    url: '/api/v1/fit/model',
    headers: bearer(ws.keys.sales),
  });
  assert.equal(report.statusCode, 200);
  const metrics = Report.parse(report.json().metrics);
  assert.equal(metrics.auc, body.metrics.auc);
  // The in-app report: cross-validated AUC, lift by decile and feature importance.
  assert.ok(metrics.auc > 0.5 && metrics.auc <= 1);
  assert.deepEqual(
    metrics.lift_by_decile.map((d) => d.decile),
    [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
  );
  assert.equal(
    metrics.lift_by_decile.reduce((sum, d) => sum + d.rows, 0),
    metrics.rows,
  );
  assert.equal(metrics.lift_by_decile.at(-1)?.cumulative_capture, 1);
  const [top, bottom] = [metrics.lift_by_decile[0], metrics.lift_by_decile[9]];
  assert.ok(top && bottom && top.lift > 1 && top.lift > bottom.lift, JSON.stringify(metrics.lift_by_decile));
  assert.ok(metrics.top_features.length >= 3);
  const shares = metrics.top_features.reduce((sum, f) => sum + f.share, 0);
  assert.ok(Math.abs(shares - 1) < 0.01, `importance shares sum to ${shares}`);

  const best = [...stored.entries()].sort(
    (a, b) => (b[1].fit_probability ?? 0) - (a[1].fit_probability ?? 0),
  )[0];
  assert.ok(best);
  const explain = await t.inject({
    method: 'GET',
    url: `/api/v1/fit/accounts/${best[0]}`,
    headers: bearer(ws.keys.sales),
  });
  assert.equal(explain.statusCode, 200);
  const fit = explain.json();
  assert.equal(fit.fitSource, 'model');
  assert.ok(fit.reasons.positive.length > 0, JSON.stringify(fit.reasons));
  assert.equal(fit.rule.matched.length + fit.rule.unmatched.length, 3);

  // An account change rescores it.
  const target = ids[0];
  assert.ok(target);
  await db
    .updateTable('accounts')
    .set({ industry: 'Software', technologies: ['Snowflake'], employee_count: 90_000 })
    .where('workspace_id', '=', ws.workspaceId)
    .where('id', '=', target)
    .execute();
  const before = stored.get(target)?.fit_probability ?? 0;
  await rescoreAccounts(db, ws.workspaceId, [target]);
  const afterRow = await db
    .selectFrom('account_fit')
    .select(['probability as fit_probability', 'score as fit_score'])
    .where('workspace_id', '=', ws.workspaceId)
    .where('account_id', '=', target)
    .executeTakeFirstOrThrow();
  assert.ok(
    (afterRow.fit_probability ?? 0) > before && (afterRow.fit_score ?? 0) >= 90,
    JSON.stringify(afterRow),
  );

  // Look-alikes of the won accounts share the drivers.
  const look = await t.inject({
    method: 'POST',
    url: '/api/v1/fit/lookalikes',
    headers: bearer(ws.keys.sales),
    payload: { seedFilter: { wonOpportunity: true }, limit: 20, excludeCustomers: true },
  });
  assert.equal(look.statusCode, 200, look.body);
  const found = look.json();
  assert.equal(found.data.length, 20);
  assert.equal(found.space, 'model v1');
  assert.ok(found.data.every((d: { sharedFeatures: string[] }) => d.sharedFeatures.length > 0));
  const neither = await t.inject({
    method: 'POST',
    url: '/api/v1/fit/lookalikes',
    headers: bearer(ws.keys.sales),
    payload: { limit: 5 },
  });
  assert.equal(neither.statusCode, 400);
  const unknown = await t.inject({
    method: 'POST',
    url: '/api/v1/fit/lookalikes',
    headers: bearer(ws.keys.sales),
    payload: { seedAccountIds: ['00000000-0000-4000-8000-000000000000'] },
  });
  assert.equal(unknown.statusCode, 422);

  // Retraining makes version 2 the active one.
  const again = await t.inject({
    method: 'POST',
    url: '/api/v1/fit/model/train',
    headers: bearer(ws.keys.admin),
    payload: { neverEngagedSample: 100 },
  });
  assert.equal(again.statusCode, 201, again.body);
  const list = await t.inject({ method: 'GET', url: '/api/v1/fit/models', headers: bearer(ws.keys.sales) });
  assert.deepEqual(
    list.json().data.map((m: { version: number; status: string }) => [m.version, m.status]),
    [
      [2, 'active'],
      [1, 'retired'],
    ],
  );
});
