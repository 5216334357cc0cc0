import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import type { Database } from '../../db/database.ts';
import { buildApp } from '../../http/app.ts';
import { daysAgo, insertActivities } from '../../test/insert-activities.ts';
import { bearer, createTestWorkspace, openTestDatabase } from '../../test/test-database.ts';
import { addDays, mondayOf } from '../momentum.ts';
import { SURGE_PARAMETERS } from './surge-sql.ts';
import { createTopic } from './topics.ts';

let database: Database;
before(async () => {
  database = await openTestDatabase();
});
after(async () => {
  await database.close();
});

async function setup(domain = `acme-${Math.random().toString(36).slice(2, 8)}.com`) {
  const ws = await createTestWorkspace(database, 'Intent');
  const { db } = database;
  const account = await db
    .insertInto('accounts')
    .values({ workspace_id: ws.workspaceId, name: 'Initech', domain })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('account_domains')
    .values({ workspace_id: ws.workspaceId, account_id: account.id, domain, is_primary: true })
    .execute();
  return { ...ws, accountId: account.id, domain };
}

const p = SURGE_PARAMETERS;
async function tail(x: number, s: number): Promise<number> {
  const r = await sql<{ p: number }>`
    SELECT signals_surge_tail(${x}, ${s}, ${p.baselineWeeks}, ${p.priorShape}, ${p.priorRate}) AS p`.execute(
    database.db,
  );
  return r.rows[0]?.p ?? Number.NaN;
}

/** Write a constructed weekly series (oldest first, the last is this week) for one account and topic. */
async function series(workspaceId: string, accountId: string, topicId: string, counts: number[]) {
  const thisWeek = mondayOf(new Date());
  await database.db
    .insertInto('account_topic_weekly')
    .values(
      counts.map((events, i) => ({
        workspace_id: workspaceId,
        account_id: accountId,
        topic_id: topicId,
        week_start: addDays(thisWeek, -7 * (counts.length - 1 - i)),
        events,
        third_party_score: null,
      })),
    )
    .execute();
}

describe('intent surges', () => {
  test('the Poisson–Gamma tail matches the closed form and orders as expected', async () => {
    // Zero baseline: X ~ NegBin(r = 0.5, p = 4/5): P(X ≥ 1) = 1 − (4/5)^0.5.
    assert.ok(Math.abs((await tail(1, 0)) - (1 - 0.8 ** 0.5)) < 1e-12);
    assert.equal(await tail(0, 5), 1);
    assert.ok((await tail(3, 0)) < p.alpha);
    assert.ok((await tail(5, 8)) > p.alpha);
    assert.ok((await tail(8, 8)) < p.alpha);
    assert.ok((await tail(7, 8)) > (await tail(8, 8)));
    // The large-count normal approximation continues the exact tail sensibly.
    assert.ok((await tail(2400, 8000)) < 1e-6);
    assert.ok((await tail(2001, 8000)) > 0.4);
  });

  test('constructed series: surge and non-surge; /intent/surging and /accounts/:id/intent', async () => {
    const { workspaceId, accountId, keys } = await setup();
    const { db } = database;
    const app = await buildApp({ database });
    const topics = await Promise.all(
      ['Zero to three', 'Two to five', 'Two to eight', 'Zero to two', 'Hundred to 130', 'Hundred to 150'].map(
        (name) => createTopic(db, workspaceId, { name }),
      ),
    );
    const shapes = [
      [0, 0, 0, 0, 3],
      [2, 2, 2, 2, 5],
      [2, 2, 2, 2, 8],
      [0, 0, 0, 0, 2],
      [100, 100, 100, 100, 130],
      [100, 100, 100, 100, 150],
    ];
    for (const [i, t] of topics.entries()) await series(workspaceId, accountId, t.id, shapes[i] ?? []);
    const res = await app.inject({
      method: 'GET',
      url: '/api/v1/intent/surging',
      headers: bearer(keys.sales),
    });
    assert.equal(res.statusCode, 200, res.body);
    const surging = res
      .json()
      .data.map((r: { topic: string }) => r.topic)
      .sort();
    assert.deepEqual(surging, ['Hundred to 150', 'Two to eight', 'Zero to three']);
    const intent = await app.inject({
      method: 'GET',
      url: `/api/v1/accounts/${accountId}/intent?weeks=8`,
      headers: bearer(keys.sales),
    });
    assert.equal(intent.statusCode, 200);
    const byName = new Map(
      intent
        .json()
        .data.map(
          (t: { topic: string; current: { baselineEvents: number; surging: boolean }; weeks: unknown[] }) => [
            t.topic,
            t,
          ],
        ),
    );
    const five = byName.get('Two to five') as {
      current: { baselineEvents: number; surging: boolean };
      weeks: unknown[];
    };
    assert.equal(five.current.baselineEvents, 8);
    assert.equal(five.current.surging, false);
    assert.equal(five.weeks.length, 5);
    await app.close();
  });

  test('topics match incoming events by URL, tags and keywords', async () => {
    const { workspaceId, accountId, keys } = await setup();
    const { db } = database;
    const app = await buildApp({ database });
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/intent/topics',
      headers: bearer(keys.marketer),
      payload: {
        name: 'Analytics',
        urlPatterns: ['/product/analytics'],
        tags: ['BI'],
        keywords: ['data warehouse'],
      },
    });
    assert.equal(created.statusCode, 201, created.body);
    const dup = await app.inject({
      method: 'POST',
      url: '/api/v1/intent/topics',
      headers: bearer(keys.marketer),
      payload: { name: 'analytics' },
    });
    assert.equal(dup.statusCode, 409);
    const now = new Date();
    await insertActivities(db, workspaceId, [
      {
        type: 'page_view',
        at: now,
        accountId,
        properties: { url: 'https://x.test/product/analytics/pricing' },
      },
      {
        type: 'page_view',
        at: now,
        accountId,
        properties: { url: 'https://x.test/blog', tags: ['bi', 'news'] },
      },
      { type: 'page_view', at: now, accountId, properties: { title: 'What is a Data  Warehouse?' } },
      { type: 'page_view', at: now, accountId, properties: { title: 'Data warehousesque', url: '/about' } },
      { type: 'page_view', at: daysAgo(400), accountId, properties: { url: '/product/analytics' } },
    ]);
    const intent = await app.inject({
      method: 'GET',
      url: `/api/v1/accounts/${accountId}/intent`,
      headers: bearer(keys.sales),
    });
    const topic = intent.json().data[0];
    assert.equal(topic.topic, 'Analytics');
    assert.equal(topic.current.events, 3);
    assert.equal(topic.current.surging, true);
    // Changing the topic recounts history (the 400-day-old view is outside the 12-week series but counted).
    const patched = await app.inject({
      method: 'PATCH',
      url: `/api/v1/intent/topics/${created.json().id}`,
      headers: bearer(keys.marketer),
      payload: { keywords: [], tags: [] },
    });
    assert.equal(patched.statusCode, 200, patched.body);
    const total = await db
      .selectFrom('account_topic_weekly')
      .select((eb) => eb.fn.sum<number>('events').as('n'))
      .where('workspace_id', '=', workspaceId)
      .executeTakeFirst();
    assert.equal(Number(total?.n), 2);
    await app.close();
  });

  test('third-party intent import: rows reported by line, surge on score, MQA by surge with 2 people', async () => {
    const { workspaceId, accountId, domain, keys } = await setup();
    const { db } = database;
    const app = await buildApp({ database });
    const thisWeek = mondayOf(new Date());
    const csv = [
      'domain,topic,score,date',
      ...[4, 3, 2, 1].map((w) => `${domain},Cloud Security,40,${addDays(thisWeek, -7 * w)}`),
      `https://www.${domain}/x,Cloud Security,85,${thisWeek}`,
      `unknown-domain-h6b.com,Cloud Security,90,${thisWeek}`,
      `${domain},Cloud Security,abc,${thisWeek}`,
      `${domain},Cloud Security,50,31/12/2025`,
    ].join('\n');
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/intent/import',
      headers: { ...bearer(keys.marketer), 'content-type': 'text/csv' },
      payload: csv,
    });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.equal(body.stored, 5);
    assert.deepEqual(body.createdTopics, ['Cloud Security']);
    assert.deepEqual(
      body.errors.map((e: { line: number }) => e.line),
      [7, 8, 9],
    );
    assert.match(body.errors[0].message, /no account has the domain unknown-domain-h6b\.com/);
    const noHeader = await app.inject({
      method: 'POST',
      url: '/api/v1/intent/import',
      headers: { ...bearer(keys.marketer), 'content-type': 'text/csv' },
      payload: 'a,b\n1,2',
    });
    assert.equal(noHeader.statusCode, 400);
    assert.match(noHeader.body, /missing: domain, topic, score, date/);
    const surging = await app.inject({
      method: 'GET',
      url: '/api/v1/intent/surging',
      headers: bearer(keys.sales),
    });
    assert.equal(surging.json().data[0]?.thirdPartyScore, 85);
    // A surge alone is not MQA; with 2 engaged people within 30 days it is.
    const people = await db
      .insertInto('contacts')
      .values(
        [1, 2].map((i) => ({
          workspace_id: workspaceId,
          account_id: accountId,
          email: `x${i}@${domain}`,
          title: 'Engineer',
        })),
      )
      .returning('id')
      .execute();
    await insertActivities(db, workspaceId, [
      { type: 'page_view', at: daysAgo(1), contactId: people[0]?.id ?? '' },
    ]);
    const stage = async () =>
      (
        await db
          .selectFrom('account_stages')
          .select('stage')
          .where('workspace_id', '=', workspaceId)
          .where('account_id', '=', accountId)
          .executeTakeFirst()
      )?.stage;
    assert.equal(await stage(), 'aware');
    await insertActivities(db, workspaceId, [
      { type: 'page_view', at: daysAgo(2), contactId: people[1]?.id ?? '' },
    ]);
    assert.equal(await stage(), 'mqa');
    await app.close();
  });
});
