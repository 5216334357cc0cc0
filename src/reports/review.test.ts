import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { useTestApp } from '../test/test-app.ts';
import { seedMeasurementWorld } from './measurement-fixture.ts';

describe('target versus control, goals, notes, retrospective and journeys', () => {
  const t = useTestApp();

  test('target vs control: exact matching shown, z-test, Fisher for small counts, not enough data', async () => {
    const ws = await t.workspace('Control');
    const db = t.database.db;
    const w = ws.workspaceId;
    // 30 targets and 120 non-targets in one stratum; one more target in an industry no non-target has.
    await sql`
      INSERT INTO accounts (workspace_id, name, industry, employee_count, is_target, tier)
      SELECT ${w}, 'Acct ' || g, 'Software', 500, g <= 30, CASE WHEN g <= 30 THEN 1 END FROM generate_series(1, 150) g`.execute(
      db,
    );
    await sql`INSERT INTO accounts (workspace_id, name, industry, employee_count, is_target, tier)
      VALUES (${w}, 'Lonely', 'Mining', 500, true, 1)`.execute(db);
    // Engaged in the quarter: 21 of the 30 targets, 18 of the 120 non-targets.
    await sql`
      INSERT INTO account_stage_history (workspace_id, account_id, from_stage, to_stage, at)
      SELECT ${w}, id, 'unaware', 'engaged', '2026-02-01T00:00:00Z' FROM accounts
      WHERE workspace_id = ${w} AND name ~ '^Acct ' AND (split_part(name, ' ', 2)::int <= 21
        OR split_part(name, ' ', 2)::int BETWEEN 31 AND 48)`.execute(db);
    // New opportunities: 3 targets, 1 non-target (small counts → Fisher).
    await sql`
      INSERT INTO opportunities (workspace_id, account_id, name, stage, amount, created_date)
      SELECT ${w}, id, 'Deal', 'Proposal', 1000, '2026-02-10' FROM accounts
      WHERE workspace_id = ${w} AND name IN ('Acct 1', 'Acct 2', 'Acct 3', 'Acct 40')`.execute(db);
    const res = await t.call(
      'GET',
      '/reports/target-vs-control?period=2026-Q1&controlsPerTarget=3&seed=5',
      ws.keys.sales,
    );
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.equal(body.method.kind, 'exact');
    assert.match(body.method.description, /industry/);
    assert.deepEqual(body.groups, {
      targets: 31,
      matchedTargets: 30,
      unmatchedTargets: 1,
      controls: 90,
      strata: 1,
    });
    const metric = (m: string) => body.metrics.find((x: { metric: string }) => x.metric === m);
    const engaged = metric('engagementRate');
    assert.equal(engaged.test, 'two_proportion_z');
    assert.equal(engaged.target, 0.7);
    assert.ok(engaged.significant, JSON.stringify(engaged));
    assert.ok(engaged.interval.low > 0 && engaged.interval.high < 1);
    assert.ok(engaged.lift > 1);
    const opps = metric('opportunityRate');
    assert.equal(opps.test, 'fisher_exact');
    assert.equal(opps.target, 0.1);
    assert.equal(metric('winRate').status, 'not_enough_data');
    assert.match(metric('dealSize').reason, /at least 5/);
    // The same seed draws the same controls.
    const again = (
      await t.call(
        'GET',
        '/reports/target-vs-control?period=2026-Q1&controlsPerTarget=3&seed=5',
        ws.keys.sales,
      )
    ).json();
    assert.deepEqual(again.metrics, body.metrics);
    const csv = await t.call('GET', '/reports/target-vs-control?period=2026-Q1&format=csv', ws.keys.sales);
    assert.match(csv.body.split('\n')[0] ?? '', /^metric,label,status,reason,test,/);
    assert.equal(
      (await t.call('GET', '/reports/target-vs-control?period=2026-Q1&controlsPerTarget=0', ws.keys.sales))
        .statusCode,
      400,
    );
  });

  test('goals and notes: marketer sets goals, both teams write notes, authors or admins edit', async () => {
    const ws = await t.workspace('Notes');
    const goals = {
      goals: [
        { segment: 'targets', metric: 'pipelineCreated', target: 20_000 },
        { metric: 'salesCycleDays', target: 45 },
      ],
    };
    assert.equal(
      (await t.call('PUT', '/reports/periods/2026-Q1/goals', ws.keys.sales, goals)).statusCode,
      403,
    );
    const bad = await t.call('PUT', '/reports/periods/2026-Q1/goals', ws.keys.marketer, {
      goals: [{ metric: 'nonsense', target: 1 }],
    });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().errors[0].path, 'body.goals.0.metric');
    const put = await t.call('PUT', '/reports/periods/2026-Q1/goals', ws.keys.marketer, goals);
    assert.equal(put.statusCode, 200, put.body);
    assert.equal(put.json().goals.length, 2);
    assert.equal(
      (await t.call('GET', '/reports/periods/2026-Q1/goals', ws.keys.sales)).json().goals[0].metric,
      'pipelineCreated',
    );
    assert.equal((await t.call('GET', '/reports/periods/2026-Q9/goals', ws.keys.sales)).statusCode, 400);

    const heard = await t.call('POST', '/reports/periods/2026-Q1/notes', ws.keys.sales, {
      kind: 'heard',
      body: 'CFOs ask for ROI proof',
    });
    assert.equal(heard.statusCode, 201, heard.body);
    assert.equal(heard.json().team, 'sales');
    const change = await t.call('POST', '/reports/periods/2026-Q1/notes', ws.keys.marketer, {
      kind: 'change',
      body: 'More webinars',
    });
    assert.equal(change.json().team, 'marketing');
    assert.equal(
      (await t.call('POST', '/reports/periods/2026-Q1/notes', ws.keys.sales, { body: '  ' })).statusCode,
      400,
    );
    assert.equal(
      (await t.call('POST', '/reports/periods/2026-Q1/notes', ws.keys.sales, { body: 'x', kind: 'rant' }))
        .statusCode,
      400,
    );
    assert.equal(
      (await t.call('PATCH', `/reports/notes/${heard.json().id}`, ws.keys.marketer, { body: 'no' }))
        .statusCode,
      403,
    );
    const edited = await t.call('PATCH', `/reports/notes/${heard.json().id}`, ws.keys.sales, {
      body: 'CFOs ask for payback',
    });
    assert.equal(edited.json().body, 'CFOs ask for payback');
    assert.equal(
      (await t.call('DELETE', `/reports/notes/${change.json().id}`, ws.keys.admin)).statusCode,
      204,
    );
    const notes = (await t.call('GET', '/reports/periods/2026-Q1/notes', ws.keys.sales)).json().data;
    assert.deepEqual(
      notes.map((n: { body: string }) => n.body),
      ['CFOs ask for payback'],
    );
    const other = await t.workspace('Other');
    assert.equal(
      (await t.call('PATCH', `/reports/notes/${heard.json().id}`, other.keys.admin, { body: 'x' }))
        .statusCode,
      404,
    );
  });

  test('retrospective: scorecard against goals and the previous period, accounts, assets, gaps, suggestions', async () => {
    const ws = await t.workspace('Retro');
    const w = await seedMeasurementWorld(t.database.db, ws.workspaceId);
    await t.call('PUT', '/reports/periods/2026-Q1/goals', ws.keys.marketer, {
      goals: [
        { metric: 'pipelineCreated', target: 20_000 },
        { metric: 'salesCycleDays', target: 45 },
      ],
    });
    await t.call('POST', '/reports/periods/2026-Q1/notes', ws.keys.sales, {
      kind: 'heard',
      body: 'Budget freeze at Beta',
    });
    const res = await t.call('GET', '/reports/retrospective?period=2026-Q1&model=linear', ws.keys.sales);
    assert.equal(res.statusCode, 200, res.body);
    const r = res.json();
    assert.equal(r.previousPeriod, '2025-Q4');
    const row = (m: string) => r.scorecard.find((x: { metric: string }) => x.metric === m);
    assert.deepEqual(row('pipelineCreated'), {
      metric: 'pipelineCreated',
      current: 15_000,
      previous: 0,
      change: null,
      goal: 20_000,
      goalMet: false,
    });
    assert.deepEqual(row('salesCycleDays'), {
      metric: 'salesCycleDays',
      current: 30,
      previous: null,
      change: null,
      goal: 45,
      goalMet: true,
    });
    assert.equal(r.goals.length, 2);
    assert.deepEqual(
      r.bestAccounts.map((a: { accountId: string }) => a.accountId),
      [w.A, w.B],
    );
    assert.equal(r.bestAccounts[0].stageEnd, 'customer');
    const pricing = r.assets.find((a: { key: string }) => a.key === '/pricing');
    assert.equal(pricing.pipeline, 2500);
    assert.equal(pricing.accountsMoved, 1);
    assert.deepEqual(
      r.committeeGaps.map((g: { accountId: string }) => g.accountId).sort(),
      [w.A, w.B].sort(),
    );
    assert.ok(r.committeeGaps[0].missingRoles.includes('decision_maker'));
    assert.ok(
      r.roleGaps.some(
        (g: { role: string; accountsMissing: number }) =>
          g.role === 'decision_maker' && g.accountsMissing === 2,
      ),
    );
    assert.equal(r.notes[0].body, 'Budget freeze at Beta');
    assert.deepEqual(r.suggestions, []);
    // Next quarter nobody was touched: both targets to review. The quarter before: C's deal → add.
    const q2 = (await t.call('GET', '/reports/retrospective?period=2026-Q2', ws.keys.sales)).json();
    assert.deepEqual(
      q2.suggestions.map((s: { accountId: string; action: string }) => [s.accountId, s.action]).sort(),
      [
        [w.A, 'review'],
        [w.B, 'review'],
      ].sort(),
    );
    const q4 = (await t.call('GET', '/reports/retrospective?period=2025-Q4', ws.keys.sales)).json();
    const adds = q4.suggestions.filter((s: { action: string }) => s.action === 'add');
    assert.deepEqual(
      adds.map((s: { accountId: string; suggestedTier: number; reason: string }) => [
        s.accountId,
        s.suggestedTier,
      ]),
      [[w.C, 2]],
    );
    assert.match(adds[0].reason, /created 1 opportunity/);
    const csv = await t.call(
      'GET',
      '/reports/retrospective?period=2026-Q1&format=csv&table=committeeGaps',
      ws.keys.sales,
    );
    assert.equal(csv.statusCode, 200);
    assert.match(csv.body, /decision_maker/);
  });

  test("journey: one account's milestones in time order and touches per week", async () => {
    const ws = await t.workspace('Journey');
    const w = await seedMeasurementWorld(t.database.db, ws.workspaceId);
    const res = await t.call('GET', `/reports/journeys/accounts/${w.A}`, ws.keys.sales);
    assert.equal(res.statusCode, 200, res.body);
    const j = res.json();
    assert.deepEqual(
      j.events.map((e: { kind: string; at: string }) => `${e.at.slice(0, 10)} ${e.kind}`),
      [
        '2025-12-01 person_added',
        '2026-01-05 first_touch',
        '2026-01-21 stage',
        '2026-02-01 person_added',
        '2026-02-10 stage',
        '2026-02-15 stage',
        '2026-02-15 opportunity_created',
        '2026-03-17 stage',
        '2026-03-17 opportunity_won',
      ],
    );
    assert.equal(j.daysToFirstOpportunity, 40.58);
    assert.equal(j.daysToFirstWin, 70.58);
    assert.deepEqual(j.touchesByWeek[0], {
      week: '2026-01-05',
      channel: 'linkedin_ads',
      touches: 1,
      people: 1,
    });
    assert.equal(j.touchesByWeek.length, 4); // the unsubscribe is no touch
    assert.equal(
      (await t.call('GET', '/reports/journeys/accounts/00000000-0000-4000-8000-000000000000', ws.keys.sales))
        .statusCode,
      404,
    );
  });
});
