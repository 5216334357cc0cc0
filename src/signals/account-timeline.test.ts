import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Database } from '../db/database.ts';
import { buildApp } from '../http/app.ts';
import { daysAgo, insertActivities } from '../test/insert-activities.ts';
import { bearer, createTestWorkspace, openTestDatabase } from '../test/test-database.ts';
import { addDays, momentum, mondayOf, weeklySeries } from './momentum.ts';

describe('momentum', () => {
  const w = (points: number[]) =>
    points.map((p, i) => ({ weekStart: addDays('2026-01-05', 7 * i), points: p, events: p }));
  test('the last 7 days against the mean week of the 21 days before, pro-rated from weekly buckets', () => {
    // On a Sunday (day 6) the current week is the whole last 7 days and the 3 weeks before it the prior 21.
    assert.deepEqual(momentum(w([70, 100, 10, 20, 30, 40]), 6), {
      last7Days: { points: 40, events: 40 },
      priorWeekMean: { points: 20, events: 20 },
      lift: 1,
      trend: 'up',
    });
    // On a Monday (day 0): today, 6/7 of last week; prior: 1/7 of last week, 2 weeks, 6/7 of the 5th back.
    const monday = momentum(w([70, 14, 10, 20, 7, 0]), 0);
    assert.deepEqual(monday.last7Days, { points: 6, events: 6 });
    assert.deepEqual(monday.priorWeekMean, {
      points: (1 + 10 + 20 + 12) / 3,
      events: (1 + 10 + 20 + 12) / 3,
    });
    // Steady activity reads flat on every day of the week, Monday morning included (no −100 %).
    for (let day = 0; day < 7; day++) {
      const steady = momentum(w([7, 7, 7, 7, 7, day + 1]), day);
      assert.equal(steady.trend, 'flat', `day ${day}`);
      assert.ok(Math.abs(steady.lift ?? 9) < 1e-9, `day ${day}: ${steady.lift}`);
    }
    assert.equal(momentum(w([10, 10, 10, 10, 5]), 6).trend, 'down');
    assert.equal(momentum(w([10, 10, 10, 10, 11]), 6).trend, 'flat');
    assert.equal(momentum(w([0, 0, 0, 0, 4]), 6).trend, 'new');
    assert.equal(momentum(w([0, 0, 0, 0, 4]), 3).lift, null);
    assert.equal(momentum([], 2).trend, 'none');
  });
  test('weekly series zero-fills and decays the score week by week', () => {
    const s = weeklySeries(
      [{ weekStart: '2026-01-05', points: 10, events: 2 }],
      '2026-01-05',
      '2026-01-19',
      7,
    );
    assert.deepEqual(
      s.map((x) => x.weekStart),
      ['2026-01-05', '2026-01-12', '2026-01-19'],
    );
    assert.ok(Math.abs((s[0]?.score ?? 0) - 10 * 2 ** -0.5) < 1e-9);
    assert.ok(Math.abs((s[2]?.score ?? 0) - 10 * 2 ** -2.5) < 1e-9);
    assert.equal(mondayOf(new Date('2026-01-11T23:59:59Z')), '2026-01-05');
  });
});

describe('account timeline and engagement API', () => {
  let database: Database;
  before(async () => {
    database = await openTestDatabase();
  });
  after(async () => {
    await database.close();
  });

  test('timeline: every activity of the account and its contacts, newest first, keyset paged', async () => {
    const ws = await createTestWorkspace(database, 'Timeline');
    const { db } = database;
    const app = await buildApp({ database });
    const account = await db
      .insertInto('accounts')
      .values({ workspace_id: ws.workspaceId, name: 'Umbrella' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const [alice, bob] = await db
      .insertInto('contacts')
      .values([
        {
          workspace_id: ws.workspaceId,
          account_id: account.id,
          first_name: 'Alice',
          last_name: 'Ng',
          title: 'CMO',
          email: 'a@u.test',
        },
        {
          workspace_id: ws.workspaceId,
          account_id: account.id,
          first_name: 'Bob',
          title: 'Analyst',
          email: 'b@u.test',
        },
      ])
      .returning('id')
      .execute();
    // Same timestamp for several rows, so the id tie-break is exercised.
    const same = daysAgo(3);
    const inserted = await insertActivities(db, ws.workspaceId, [
      ...Array.from({ length: 5 }, (_, i) => ({
        type: 'page_view',
        at: daysAgo(i + 0.5),
        contactId: alice?.id ?? '',
      })),
      ...Array.from({ length: 4 }, () => ({ type: 'email_click', at: same, contactId: bob?.id ?? '' })),
      { type: 'page_view', at: daysAgo(10), accountId: account.id },
    ]);
    const other = await db
      .insertInto('accounts')
      .values({ workspace_id: ws.workspaceId, name: 'Other' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await insertActivities(db, ws.workspaceId, [{ type: 'page_view', at: daysAgo(1), accountId: other.id }]);
    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url: string = `/api/v1/accounts/${account.id}/timeline?limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const res: {
        statusCode: number;
        body: string;
        json: () => { data: { id: number }[]; nextCursor: string | null };
      } = await app.inject({ method: 'GET', url, headers: bearer(ws.keys.sales) });
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json();
      seen.push(...body.data.map((e) => e.id));
      cursor = body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    assert.equal(pages, 4);
    assert.deepEqual(
      [...seen].sort((a, b) => a - b),
      inserted.map((a) => a.id).sort((a, b) => a - b),
    );
    const first = await app.inject({
      method: 'GET',
      url: `/api/v1/accounts/${account.id}/timeline?limit=1`,
      headers: bearer(ws.keys.sales),
    });
    const entry = first.json().data[0];
    assert.deepEqual(entry.contact, { id: alice?.id, name: 'Alice Ng', email: 'a@u.test', title: 'CMO' });
    assert.equal(entry.weight.weight, 2); // page view 1 × C-level 2
    const badCursor = await app.inject({
      method: 'GET',
      url: `/api/v1/accounts/${account.id}/timeline?cursor=nope`,
      headers: bearer(ws.keys.sales),
    });
    assert.equal(badCursor.statusCode, 400);
    assert.match(badCursor.body, /querystring\.cursor/);
    const missing = await app.inject({
      method: 'GET',
      url: '/api/v1/accounts/00000000-0000-4000-8000-000000000000/timeline',
      headers: bearer(ws.keys.sales),
    });
    assert.equal(missing.statusCode, 404);

    const eng = await app.inject({
      method: 'GET',
      url: `/api/v1/accounts/${account.id}/engagement?weeks=8`,
      headers: bearer(ws.keys.sales),
    });
    assert.equal(eng.statusCode, 200, eng.body);
    const e = eng.json();
    assert.deepEqual(e.counts, { days7: 9, days30: 10, days90: 10 });
    assert.deepEqual(e.engagedPeople, { days30: 2, days90: 2 });
    // 5 × (1 × 2) + 4 × (3 × 0.5) + 0.5 = 16.5 points in 90 days ≥ 10 → engaged.
    assert.equal(e.stage.key, 'engaged');
    assert.equal(e.stageHistory[0]?.to, 'engaged');
    const thisWeek = e.weekly.at(-1);
    assert.equal(thisWeek.weekStart, mondayOf(new Date()));
    assert.equal(e.weekly.length, 8);
    assert.ok(e.score > 0);
    assert.ok(e.personas.some((p: { personaKey: string }) => p.personaKey === 'marketing:c_level'));
    await app.close();
  });
});
