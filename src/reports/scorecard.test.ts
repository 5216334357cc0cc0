import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { useTestApp } from '../test/test-app.ts';
import { seedMeasurementWorld } from './measurement-fixture.ts';

describe('scorecard, drill-down, stage conversion and flows', () => {
  const t = useTestApp();

  type Figures = Record<string, number | null>;
  const figuresOf = (
    body: { segments: { segment: string; figures: Figures }[] },
    segment: string,
  ): Figures => {
    const s = body.segments.find((x) => x.segment === segment);
    assert.ok(s, `segment ${segment}`);
    return s.figures;
  };

  test('scorecard of a quarter: hand-computed figures per segment, velocity, win rate, cycle length', async () => {
    const ws = await t.workspace('Scorecard');
    const w = await seedMeasurementWorld(t.database.db, ws.workspaceId);
    const res = await t.call('GET', '/reports/scorecard?period=2026-Q1', ws.keys.sales);
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.equal(body.period.start, '2026-01-01T00:00:00.000Z');
    assert.equal(body.period.end, '2026-04-01T00:00:00.000Z');
    assert.equal(body.period.previous, '2025-Q4');
    assert.deepEqual(body.membership, { source: 'accounts' });
    const targets = figuresOf(body, 'targets');
    assert.equal(targets.accounts, 2);
    assert.equal(targets.reached, 2);
    assert.equal(targets.engaged, 1);
    assert.equal(targets.mqa, 1);
    assert.equal(targets.withOpportunity, 2);
    assert.equal(targets.won, 1);
    assert.equal(targets.touches, 5); // A: 4 (the unsubscribe is no touch), B: 1
    assert.equal(targets.points, 40); // 1 + 3 + 15 + 20, and B's page view 1
    assert.equal(targets.oppsCreated, 2);
    assert.equal(targets.pipelineCreated, 15_000);
    assert.equal(targets.oppsClosed, 2);
    assert.equal(targets.winRate, 0.5);
    assert.equal(targets.averageDealSize, 10_000);
    assert.equal(targets.salesCycleDays, 30);
    assert.equal(targets.pipelineVelocity, 333.33); // 2 × 10 000 × 0.5 ÷ 30
    assert.equal(targets.daysFirstTouchToOpportunity, 40.58); // 01-05 10:00 → 02-15
    assert.equal(targets.contactsStart, 1);
    assert.equal(targets.contactsEnd, 3);
    assert.equal(targets.contactsPerAccount, 1.5);
    assert.equal(targets.contactsGrowth, 2);
    assert.equal(targets.engagedPeoplePerAccount, 1.5); // A: c1, c2; B: b1
    const all = figuresOf(body, 'all');
    assert.equal(all.accounts, 4);
    assert.equal(all.winRate, 0.6667);
    assert.equal(all.wonRevenue, 30_000);
    assert.equal(all.averageDealSize, 15_000);
    assert.equal(all.salesCycleDays, 60.5); // (30 + 91) / 2
    assert.equal(all.pipelineVelocity, 330.58); // 2 × 15 000 × 2/3 ÷ 60.5
    const others = figuresOf(body, 'non_targets');
    assert.equal(others.reached, 1);
    assert.equal(others.engaged, 0);
    assert.equal(others.people, 0); // D's visit is anonymous
    assert.equal(others.pipelineVelocity, 0);
    assert.equal(figuresOf(body, 'tier_1').accounts, 1);
    assert.equal(figuresOf(body, 'tier_2').pipelineCreated, 5_000);
    assert.equal(figuresOf(body, 'tier_3').winRate, null);

    // Every drill-down matches its figure: account counts, and amounts added up over the rows.
    const drill = async (segment: string, figure: string) => {
      const r = await t.call(
        'GET',
        `/reports/scorecard/drilldown?period=2026-Q1&segment=${segment}&figure=${figure}`,
        ws.keys.sales,
      );
      assert.equal(r.statusCode, 200, r.body);
      return r.json().data as {
        accountId: string;
        pipelineCreated: number;
        wonRevenue: number;
        stageMax: string;
      }[];
    };
    const ids = async (segment: string, figure: string) =>
      (await drill(segment, figure)).map((r) => r.accountId).sort();
    assert.deepEqual(await ids('targets', 'reached'), [w.A, w.B].sort());
    assert.deepEqual(await ids('targets', 'engaged'), [w.A]);
    assert.deepEqual(await ids('targets', 'winRate'), [w.A, w.B].sort());
    assert.deepEqual(await ids('all', 'won'), [w.A, w.C].sort());
    assert.deepEqual(await ids('non_targets', 'reached'), [w.D]);
    assert.deepEqual(await ids('targets', 'advanced:engaged'), [w.A]);
    assert.deepEqual(await ids('targets', 'entered:unaware'), [w.A, w.B].sort());
    for (const segment of ['all', 'targets', 'non_targets', 'tier_1', 'tier_2']) {
      const f = figuresOf(body, segment);
      for (const figure of ['accounts', 'reached', 'engaged', 'mqa', 'withOpportunity', 'won']) {
        assert.equal((await drill(segment, figure)).length, f[figure], `${segment} ${figure}`);
      }
      const rows = await drill(segment, 'pipelineCreated');
      assert.equal(
        rows.reduce((s, r) => s + r.pipelineCreated, 0),
        f.pipelineCreated,
      );
      const won = await drill(segment, 'wonRevenue');
      assert.equal(
        won.reduce((s, r) => s + r.wonRevenue, 0),
        f.wonRevenue,
      );
    }
    assert.equal((await drill('targets', 'engaged'))[0]?.stageMax, 'customer');

    // Paging: a cursor continues after the last id.
    const first = (
      await t.call(
        'GET',
        '/reports/scorecard/drilldown?period=2026-Q1&segment=all&figure=accounts&limit=3',
        ws.keys.sales,
      )
    ).json();
    assert.equal(first.data.length, 3);
    assert.ok(first.nextCursor);
    const next = (
      await t.call(
        'GET',
        `/reports/scorecard/drilldown?period=2026-Q1&segment=all&figure=accounts&limit=3&cursor=${first.nextCursor}`,
        ws.keys.sales,
      )
    ).json();
    assert.equal(next.data.length, 1);
    assert.equal(next.nextCursor, null);
  });

  test('stage conversion, time in stage and flows of a period', async () => {
    const ws = await t.workspace('Stages');
    await seedMeasurementWorld(t.database.db, ws.workspaceId);
    const res = await t.call(
      'GET',
      '/reports/stage-conversion?period=2026-Q1&segment=targets',
      ws.keys.sales,
    );
    assert.equal(res.statusCode, 200, res.body);
    const stages = Object.fromEntries(
      res.json().stages.map((s: { stage: string }) => [s.stage, s]),
    ) as Record<
      string,
      { entered: number; advanced: number; conversion: number | null; averageDaysInStage: number | null }
    >;
    assert.deepEqual(
      [stages.unaware?.entered, stages.unaware?.advanced, stages.unaware?.conversion],
      [2, 1, 0.5],
    );
    assert.equal(stages.engaged?.conversion, 1);
    assert.equal(stages.engaged?.averageDaysInStage, 20);
    assert.equal(stages.mqa?.averageDaysInStage, 5);
    assert.equal(stages.opportunity?.averageDaysInStage, 30);
    assert.equal(stages.customer?.conversion, 0);
    const flows = (
      await t.call('GET', '/reports/journeys/flows?period=2026-Q1&segment=all', ws.keys.sales)
    ).json();
    assert.deepEqual(
      flows.links
        .map(
          (l: { source: string; target: string; accounts: number }) =>
            `${l.source}>${l.target}:${l.accounts}`,
        )
        .sort(),
      ['engaged>mqa:1', 'mqa>opportunity:1', 'opportunity>customer:1', 'unaware>engaged:1'],
    );
    assert.deepEqual(flows.atStart, { unaware: 3, aware: 1 });
    assert.deepEqual(flows.atEnd, { unaware: 2, aware: 1, customer: 1 });
  });

  test("a target list's period: members and tiers come from the list; a calendar period inside it uses it too", async () => {
    const ws = await t.workspace('Lists');
    const w = await seedMeasurementWorld(t.database.db, ws.workspaceId);
    const db = t.database.db;
    const list = await db
      .insertInto('target_lists')
      .values({
        workspace_id: ws.workspaceId,
        period: '2026',
        name: 'FY26',
        status: 'active',
        activated_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('target_list_members')
      .values({ workspace_id: ws.workspaceId, list_id: list.id, account_id: w.C, tier: 3 })
      .execute();
    const byList = (await t.call('GET', `/reports/scorecard?period=list:${list.id}`, ws.keys.sales)).json();
    assert.equal(byList.period.calendar, '2026');
    assert.equal(byList.membership.source, 'list');
    assert.equal(figuresOf(byList, 'targets').accounts, 1);
    assert.equal(figuresOf(byList, 'tier_3').wonRevenue, 20_000);
    const quarter = (await t.call('GET', '/reports/scorecard?period=2026-Q1', ws.keys.sales)).json();
    assert.equal(quarter.membership.listId, list.id);
    assert.equal(figuresOf(quarter, 'targets').accounts, 1);
    assert.equal(figuresOf(quarter, 'non_targets').accounts, 3);
  });

  test('scorecard input errors, roles, CSV export and workspace isolation', async () => {
    const ws = await t.workspace('Errors');
    await seedMeasurementWorld(t.database.db, ws.workspaceId);
    for (const url of [
      '/reports/scorecard',
      '/reports/scorecard?period=2026-Q5',
      '/reports/scorecard?period=list:nope',
      '/reports/scorecard/drilldown?period=2026-Q1&figure=bogus',
      '/reports/scorecard/drilldown?period=2026-Q1&figure=reached&segment=tier_9',
      '/reports/scorecard?period=2026-Q1&format=csv&table=nope',
    ]) {
      const r = await t.call('GET', url, ws.keys.sales);
      assert.equal(r.statusCode, 400, `${url}: ${r.body}`);
      assert.ok(r.json().errors?.length, url);
    }
    const missing = await t.call(
      'GET',
      '/reports/scorecard?period=list:00000000-0000-4000-8000-000000000000',
      ws.keys.sales,
    );
    assert.equal(missing.statusCode, 404);
    assert.equal(
      (await t.call('GET', '/reports/scorecard?period=2026-Q1&refresh=true', ws.keys.sales)).statusCode,
      403,
    );
    assert.equal(
      (await t.call('GET', '/reports/scorecard?period=2026-Q1&refresh=true', ws.keys.marketer)).statusCode,
      200,
    );
    const csv = await t.call('GET', '/reports/scorecard?period=2026-Q1&format=csv', ws.keys.sales);
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-type']), /text\/csv/);
    const lines = csv.body.trim().split('\n');
    assert.match(lines[0] ?? '', /^segment,label,figures\.accounts,/);
    assert.equal(lines.length, 7);
    assert.match(lines.find((l) => l.startsWith('targets,')) ?? '', /,333\.33(,|$)/);
    const other = await t.workspace('Empty');
    const empty = (await t.call('GET', '/reports/scorecard?period=2026-Q1', other.keys.sales)).json();
    assert.equal(figuresOf(empty, 'all').accounts, 0);
    assert.equal(figuresOf(empty, 'all').winRate, null);
  });
});
