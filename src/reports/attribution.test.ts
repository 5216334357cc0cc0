import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { useTestApp } from '../test/test-app.ts';
import { splitAmount } from './attribution-models.ts';
import { seedMeasurementWorld } from './measurement-fixture.ts';

describe('attribution, spend and ROI', () => {
  const t = useTestApp();

  type Row = {
    key: string | null;
    pipeline: number;
    revenue: number;
    opportunities: number;
    touches: number;
  };
  const byKey = (rows: Row[]) => Object.fromEntries(rows.map((r) => [String(r.key), r]));

  test("attribution: one opportunity's touches, every model's credits summing to its amount", async () => {
    const ws = await t.workspace('Attribution');
    const w = await seedMeasurementWorld(t.database.db, ws.workspaceId);
    // Nothing stored yet: the report computes the period on first read.
    const report = await t.call('GET', '/reports/attribution?period=2026-Q1&model=linear', ws.keys.sales);
    assert.equal(report.statusCode, 200, report.body);
    const res = await t.call('GET', `/reports/attribution/opportunities/${w.A1}`, ws.keys.sales);
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.equal(body.amount, 10_000);
    const touches = body.touches as {
      kind: string;
      channel: string;
      campaign: string | null;
      asset: string | null;
      event: string | null;
      credits: Record<string, number>;
    }[];
    // The unsubscribe is no touch; the meeting after creation is an influenced touch.
    assert.deepEqual(
      touches.map((x) => [x.kind, x.channel, x.campaign, x.asset]),
      [
        ['sourced', 'linkedin_ads', 'spring', '/pricing'],
        ['sourced', 'email', 'spring', null],
        ['sourced', 'events', null, 'ABM 101'],
        ['influenced', 'sales', null, null],
      ],
    );
    assert.equal(touches[2]?.event, 'ABM 101');
    const credits = (model: string) => touches.map((x) => x.credits[model]);
    assert.deepEqual(credits('first_touch'), [10_000, 0, 0, 0]);
    assert.deepEqual(credits('last_touch'), [0, 0, 10_000, 0]); // last before creation, not the meeting
    assert.deepEqual(credits('linear'), [2500, 2500, 2500, 2500]);
    assert.deepEqual(credits('u_shaped'), [4000, 1000, 4000, 1000]);
    assert.deepEqual(credits('w_shaped'), [3000, 3000, 3000, 1000]);
    // Time decay, half-life 7 days, ages 55, 40, 19 and 0 days before the last touch.
    const weights = [55, 40, 19, 0].map((d) => 2 ** (-d / 7));
    const sum = weights.reduce((a, b) => a + b, 0);
    assert.deepEqual(
      credits('time_decay'),
      splitAmount(
        10_000,
        weights.map((x) => x / sum),
      ),
    );
    // B1's only touch came after its creation: 100 % in every model.
    const b = (await t.call('GET', `/reports/attribution/opportunities/${w.B1}`, ws.keys.sales)).json();
    assert.equal(b.touches.length, 1);
    assert.deepEqual(Object.values(b.touches[0].credits), [5000, 5000, 5000, 5000, 5000, 5000]);
    // C1 has no touch.
    assert.deepEqual(
      (await t.call('GET', `/reports/attribution/opportunities/${w.C1}`, ws.keys.sales)).json().touches,
      [],
    );
  });

  test('attribution report: by channel, campaign and asset per model; sourced only; unattributed; half-life setting', async () => {
    const ws = await t.workspace('Attribution report');
    await seedMeasurementWorld(t.database.db, ws.workspaceId);
    const get = async (query: string) => {
      const r = await t.call('GET', `/reports/attribution?period=2026-Q1&${query}`, ws.keys.sales);
      assert.equal(r.statusCode, 200, r.body);
      return r.json();
    };
    const linear = await get('model=linear&by=channel&segment=targets');
    const rows = byKey(linear.rows);
    assert.deepEqual(Object.fromEntries(Object.entries(rows).map(([k, r]) => [k, [r.pipeline, r.revenue]])), {
      linkedin_ads: [2500, 2500],
      email: [2500, 2500],
      events: [2500, 2500],
      sales: [2500, 2500],
      organic_search: [5000, 0],
    });
    assert.equal(rows.linkedin_ads?.opportunities, 0.25);
    assert.deepEqual(linear.totals, {
      opportunitiesCreated: 2,
      pipelineCreated: 15_000,
      opportunitiesWon: 1,
      revenueWon: 10_000,
      unattributed: { opportunities: 0, pipeline: 0, wonDeals: 0, revenue: 0 },
    });
    const total = linear.rows.reduce((s: number, r: Row) => s + r.pipeline, 0);
    assert.equal(total, 15_000);
    const campaigns = byKey((await get('model=w_shaped&by=campaign&segment=targets')).rows);
    assert.equal(campaigns.spring?.pipeline, 6000);
    assert.equal(campaigns.null?.pipeline, 9000);
    const assets = byKey((await get('model=first_touch&by=asset&segment=targets')).rows);
    assert.equal(assets['/pricing']?.revenue, 10_000);
    assert.equal(assets['/blog/abm']?.pipeline, 5000);
    const sourced = byKey((await get('model=linear&by=channel&segment=targets&kind=sourced')).rows);
    assert.deepEqual(Object.keys(sourced).sort(), ['email', 'events', 'linkedin_ads']);
    const all = await get('model=linear&segment=all');
    assert.equal(all.totals.revenueWon, 30_000);
    assert.deepEqual(all.totals.unattributed, {
      opportunities: 0,
      pipeline: 0,
      wonDeals: 1,
      revenue: 20_000,
    });

    // A 14-day half-life, after a recompute, moves time-decay credit (recompute needs marketer).
    assert.equal(
      (await t.call('PUT', '/reports/attribution/settings', ws.keys.sales, { halfLifeDays: 14 })).statusCode,
      403,
    );
    const put = await t.call('PUT', '/reports/attribution/settings', ws.keys.marketer, { halfLifeDays: 14 });
    assert.deepEqual(put.json(), { halfLifeDays: 14, lookbackDays: 180 });
    assert.equal(
      (await t.call('PUT', '/reports/attribution/settings', ws.keys.marketer, { halfLifeDays: 0 }))
        .statusCode,
      400,
    );
    assert.equal(
      (await t.call('POST', '/reports/recompute', ws.keys.sales, { period: '2026-Q1' })).statusCode,
      403,
    );
    const run = await t.call('POST', '/reports/recompute', ws.keys.marketer, { period: '2026-Q1' });
    assert.equal(run.statusCode, 200, run.body);
    assert.equal(run.json().attribution.opportunities, 3);
    assert.equal(run.json().attribution.touches, 5);
    const decay = byKey((await get('model=time_decay&by=channel&segment=targets')).rows);
    const weights = [55, 40, 19, 0].map((d) => 2 ** (-d / 14));
    const sum = weights.reduce((a, b) => a + b, 0);
    assert.equal(decay.linkedin_ads?.revenue, Math.round(((10_000 * (weights[0] ?? 0)) / sum) * 100) / 100);
    // CSV of the rows
    const csv = await t.call(
      'GET',
      '/reports/attribution?period=2026-Q1&segment=targets&format=csv',
      ws.keys.sales,
    );
    assert.match(
      csv.body.split('\n')[0] ?? '',
      /^key,touches,accounts,opportunities,pipeline,wonDeals,revenue$/,
    );
  });

  test('costs: entered, changed, imported from LinkedIn and Google Ads reports (again without doubling), ROI per channel', async () => {
    const ws = await t.workspace('Costs');
    await seedMeasurementWorld(t.database.db, ws.workspaceId);
    const post = (body: unknown, key = ws.keys.marketer) =>
      t.call('POST', '/reports/costs', key, body as object);
    assert.equal(
      (await post({ startsOn: '2026-01-01', channel: 'email', amount: 1 }, ws.keys.sales)).statusCode,
      403,
    );
    for (const [body, path] of [
      [{ startsOn: '2026-02-30', channel: 'email', amount: 1 }, 'body.startsOn'],
      [{ startsOn: '2026-01-02', endsOn: '2026-01-01', channel: 'email', amount: 1 }, 'body.endsOn'],
      [{ startsOn: '2026-01-01', channel: 'E mail!', amount: 1 }, 'body.channel'],
      [{ startsOn: '2026-01-01', channel: 'email', amount: -5 }, 'body.amount'],
    ] as const) {
      const r = await post(body);
      assert.equal(r.statusCode, 400, r.body);
      assert.equal(r.json().errors[0].path, path);
    }
    const li = await post({
      startsOn: '2026-01-01',
      endsOn: '2026-01-31',
      channel: 'linkedin_ads',
      campaign: 'spring',
      amount: 3100,
      currency: 'eur',
    });
    assert.equal(li.statusCode, 201, li.body);
    assert.equal(li.json().currency, 'EUR');
    // 62 days, 31 of them in Q1: half counts.
    const email = await post({
      startsOn: '2025-12-01',
      endsOn: '2026-01-31',
      channel: 'email',
      amount: 6000,
    });
    const patched = await t.call('PATCH', `/reports/costs/${email.json().id}`, ws.keys.marketer, {
      amount: 6200,
    });
    assert.equal(patched.json().amount, 6200);
    assert.equal(
      (await t.call('PATCH', `/reports/costs/${email.json().id}`, ws.keys.marketer, { endsOn: '2025-01-01' }))
        .statusCode,
      400,
    );
    const gone = await post({ startsOn: '2026-01-01', channel: 'web', amount: 1 });
    assert.equal(
      (await t.call('DELETE', `/reports/costs/${gone.json().id}`, ws.keys.marketer)).statusCode,
      204,
    );
    assert.equal(
      (await t.call('DELETE', `/reports/costs/${gone.json().id}`, ws.keys.marketer)).statusCode,
      404,
    );

    const roi = (
      await t.call('GET', '/reports/roi?period=2026-Q1&model=linear&by=channel', ws.keys.sales)
    ).json();
    const rows = Object.fromEntries(roi.rows.map((r: { key: string }) => [r.key, r])) as Record<
      string,
      Record<string, number | null>
    >;
    assert.deepEqual(rows.linkedin_ads, {
      key: 'linkedin_ads',
      cost: 3100,
      reachedAccounts: 1,
      engagedAccounts: 1,
      opportunities: 0.25,
      pipeline: 2500,
      wonDeals: 0.25,
      revenue: 2500,
      roi: -0.1935,
      costPerEngagedAccount: 3100,
      costPerOpportunity: 12_400,
      costPerWonDeal: 12_400,
    });
    assert.equal(rows.email?.cost, 3100);
    assert.equal(rows.web?.reachedAccounts, 1); // D's anonymous visit
    assert.equal(rows.web?.engagedAccounts, 0);
    assert.equal(rows.web?.roi, null);
    assert.equal(roi.totals.cost, 6200);

    const linkedin = [
      '"Campaign Performance Report (in UTC)"',
      '"Report Start: 1/1/2026, 12:00 AM"',
      '"Date Generated: 2/1/2026, 9:00 AM"',
      '',
      '"Start Date (in UTC)","Account Name","Campaign Group Name","Campaign Name","Campaign ID","Currency","Total Spent","Impressions","Clicks"',
      '"1/15/2026","Nimbus","ABM","Spring ABM","123456","EUR","1,200.50","10000","50"',
      '"1/16/2026","Nimbus","ABM","Spring ABM","123456","EUR","799.50","9000","45"',
      '"13/40/2026","Nimbus","ABM","Spring ABM","123456","EUR","5","1","1"',
    ].join('\n');
    const imported = await t.call('POST', '/reports/costs/import', ws.keys.marketer, { csv: linkedin });
    assert.equal(imported.statusCode, 200, imported.body);
    assert.deepEqual(imported.json(), {
      format: 'linkedin',
      inserted: 2,
      updated: 0,
      rejected: [{ line: 8, message: 'not a date: 13/40/2026' }],
    });
    const again = (await t.call('POST', '/reports/costs/import', ws.keys.marketer, { csv: linkedin })).json();
    assert.deepEqual([again.inserted, again.updated], [0, 2]);
    const google = [
      'Campaign report',
      '"January 1, 2026 - January 31, 2026"',
      'Day,Campaign,Currency code,Cost,Impr.,Clicks',
      '2026-01-15,Brand - Nordics,EUR,"1,000.00",5000,120',
      '2026-01-16,Brand - Nordics,EUR,--,0,0',
      'Total: Account,,EUR,"1,000.00",5000,120',
    ].join('\n');
    const g = (await t.call('POST', '/reports/costs/import', ws.keys.marketer, { csv: google })).json();
    assert.deepEqual([g.format, g.inserted, g.rejected.length], ['google_ads', 1, 1]);
    const listed = (
      await t.call('GET', '/reports/costs?period=2026-01&channel=linkedin_ads', ws.keys.sales)
    ).json().data;
    assert.deepEqual(
      listed.map((c: { amount: number; source: string }) => [c.amount, c.source]),
      [
        [3100, 'manual'],
        [1200.5, 'import:linkedin'],
        [799.5, 'import:linkedin'],
      ],
    );
    const bad = await t.call('POST', '/reports/costs/import', ws.keys.marketer, { csv: 'a,b\n1,2' });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().errors[0].path, 'body.csv');
    const after = (await t.call('GET', '/reports/roi?period=2026-Q1&by=campaign', ws.keys.sales)).json();
    assert.equal(after.rows.find((r: { key: string }) => r.key === 'Spring ABM')?.cost, 2000);
  });
});
