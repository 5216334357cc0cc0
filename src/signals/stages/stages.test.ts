import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Database } from '../../db/database.ts';
import { buildApp } from '../../http/app.ts';
import { daysAgo, insertActivities } from '../../test/insert-activities.ts';
import { bearer, createTestWorkspace, openTestDatabase } from '../../test/test-database.ts';
import { createTopic } from '../intent/topics.ts';
import { evaluateStages } from './evaluate-stages.ts';
import { replaceStageModel } from './replace-stage-model.ts';

let database: Database;
before(async () => {
  database = await openTestDatabase();
});
after(async () => {
  await database.close();
});

async function setup() {
  const ws = await createTestWorkspace(database, 'Stages');
  const { db } = database;
  const account = await db
    .insertInto('accounts')
    .values({ workspace_id: ws.workspaceId, name: 'Globex' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const people = await db
    .insertInto('contacts')
    .values(
      ['Director of IT', 'Engineer'].map((title, i) => ({
        workspace_id: ws.workspaceId,
        account_id: account.id,
        email: `s${i}-${Math.random()}@globex.test`,
        title,
      })),
    )
    .returning('id')
    .execute();
  return { ...ws, accountId: account.id, contactIds: people.map((p) => p.id) };
}

async function stageOf(workspaceId: string, accountId: string) {
  const { db } = database;
  const stage = await db
    .selectFrom('account_stages')
    .select('stage')
    .where('workspace_id', '=', workspaceId)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  const history = await db
    .selectFrom('account_stage_history')
    .select(['from_stage', 'to_stage', 'reason'])
    .where('workspace_id', '=', workspaceId)
    .where('account_id', '=', accountId)
    .orderBy('id')
    .execute();
  const events = await db
    .selectFrom('signal_events')
    .select(['type', 'payload'])
    .where('workspace_id', '=', workspaceId)
    .where('account_id', '=', accountId)
    .orderBy('id')
    .execute();
  return { stage: stage?.stage ?? 'unaware', history, events };
}

describe('journey stages', () => {
  test('a created account has a first-stage row (no history), so a stage filter lists it', async () => {
    const ws = await createTestWorkspace(database, 'First stage');
    const app = await buildApp({ database });
    try {
      const created = await app.inject({
        method: 'POST',
        url: '/api/v1/accounts',
        headers: bearer(ws.keys.marketer),
        payload: { name: 'Initech', domain: 'initech.com' },
      });
      assert.equal(created.statusCode, 201, created.body);
      const id = created.json<{ id: string }>().id;
      const row = await database.db
        .selectFrom('account_stages')
        .select(['stage', 'position'])
        .where('workspace_id', '=', ws.workspaceId)
        .where('account_id', '=', id)
        .executeTakeFirst();
      assert.deepEqual(row, { stage: 'unaware', position: 0 });
      const { history, events } = await stageOf(ws.workspaceId, id);
      assert.deepEqual([history.length, events.length], [0, 0], 'a first evaluation is not a change');
      const listed = await app.inject({
        method: 'GET',
        url: '/api/v1/accounts?stage=unaware',
        headers: bearer(ws.keys.marketer),
      });
      assert.equal(listed.statusCode, 200, listed.body);
      const data = listed.json<{ data: { id: string; stage: string | null }[] }>().data;
      assert.deepEqual(
        data.map((a) => [a.id, a.stage]),
        [[id, 'unaware']],
      );
    } finally {
      await app.close();
    }
  });

  test('bottom-up: the deepest stage that holds wins, every change is recorded and emitted', async () => {
    const { workspaceId, accountId, contactIds } = await setup();
    const { db } = database;
    const [director = '', engineer = ''] = contactIds;
    // Old activity only: stays unaware (nothing within 30 days), no history.
    await insertActivities(db, workspaceId, [{ type: 'page_view', at: daysAgo(200), contactId: engineer }]);
    assert.equal((await stageOf(workspaceId, accountId)).stage, 'unaware');
    assert.equal((await stageOf(workspaceId, accountId)).history.length, 0);
    // One recent page view by an individual contributor (0.5 points): aware.
    await insertActivities(db, workspaceId, [{ type: 'page_view', at: daysAgo(1), contactId: engineer }]);
    assert.equal((await stageOf(workspaceId, accountId)).stage, 'aware');
    // A director's form fill: 12.5 points in 90 days ≥ 10 → engaged.
    await insertActivities(db, workspaceId, [{ type: 'form_fill', at: daysAgo(1), contactId: director }]);
    assert.equal((await stageOf(workspaceId, accountId)).stage, 'engaged');
    // 100+ points in 90 days → MQA (no fit needed on that branch).
    await insertActivities(
      db,
      workspaceId,
      Array.from({ length: 8 }, () => ({ type: 'form_fill', at: daysAgo(3), contactId: director })),
    );
    assert.equal((await stageOf(workspaceId, accountId)).stage, 'mqa');
    // An open opportunity → opportunity (applied by the lead's wiring through evaluateStages).
    const opp = await db
      .insertInto('opportunities')
      .values({ workspace_id: workspaceId, account_id: accountId, name: 'Deal', stage: 'Discovery' })
      .returning('id')
      .executeTakeFirstOrThrow();
    assert.equal(await evaluateStages(db, workspaceId, [accountId], 'opportunity'), 1);
    assert.equal((await stageOf(workspaceId, accountId)).stage, 'opportunity');
    // Won → customer, the deepest stage, even though the opportunity branch no longer holds.
    await db
      .updateTable('opportunities')
      .set({ is_closed: true, is_won: true })
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', opp.id)
      .execute();
    await evaluateStages(db, workspaceId, [accountId], 'opportunity');
    // Re-evaluating with no change records nothing.
    assert.equal(await evaluateStages(db, workspaceId, [accountId], 'opportunity'), 0);
    const { stage, history, events } = await stageOf(workspaceId, accountId);
    assert.equal(stage, 'customer');
    assert.deepEqual(
      history.map((h) => [h.from_stage, h.to_stage]),
      [
        ['unaware', 'aware'],
        ['aware', 'engaged'],
        ['engaged', 'mqa'],
        ['mqa', 'opportunity'],
        ['opportunity', 'customer'],
      ],
    );
    assert.equal(history[3]?.reason, 'opportunity');
    assert.equal(events.length, 5);
    assert.ok(events.every((e) => e.type === 'stage_changed'));
    assert.deepEqual(events[4]?.payload, { from: 'opportunity', to: 'customer', reason: 'opportunity' });
  });

  test('MQA by fit grade A/B with 30 points', async () => {
    const { workspaceId, accountId, contactIds } = await setup();
    const { db } = database;
    await insertActivities(
      db,
      workspaceId,
      Array.from({ length: 3 }, () => ({
        type: 'form_fill',
        at: daysAgo(2),
        contactId: contactIds[0] ?? '',
      })),
    );
    assert.equal((await stageOf(workspaceId, accountId)).stage, 'engaged'); // 37.5 points, no fit grade
    await db
      .insertInto('account_fit')
      .values({ workspace_id: workspaceId, account_id: accountId, grade: 'A' })
      .execute();
    await evaluateStages(db, workspaceId, [accountId], 'fit');
    assert.equal((await stageOf(workspaceId, accountId)).stage, 'mqa');
  });

  test('a custom stage model via the API re-evaluates every account; invalid models are 400', async () => {
    const { workspaceId, accountId, contactIds, keys } = await setup();
    const app = await buildApp({ database });
    await insertActivities(database.db, workspaceId, [
      { type: 'page_view', at: daysAgo(1), contactId: contactIds[1] ?? '' },
    ]);
    assert.equal((await stageOf(workspaceId, accountId)).stage, 'aware');
    const bad = await app.inject({
      method: 'PUT',
      url: '/api/v1/signals/stages',
      headers: bearer(keys.marketer),
      payload: { stages: [{ key: 'cold', name: 'Cold', when: [[{ type: 'activity', withinDays: 7 }]] }] },
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /body\.stages/);
    const res = await app.inject({
      method: 'PUT',
      url: '/api/v1/signals/stages',
      headers: bearer(keys.marketer),
      payload: {
        stages: [
          { key: 'cold', name: 'Cold', when: [] },
          { key: 'warm', name: 'Warm', when: [[{ type: 'engagedPeople', withinDays: 30, min: 1 }]] },
          { key: 'hot', name: 'Hot', when: [[{ type: 'score', min: 1000 }]] },
        ],
      },
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal((await stageOf(workspaceId, accountId)).stage, 'warm');
    const outbox = await app.inject({
      method: 'GET',
      url: '/api/v1/signals/events?type=stage_changed',
      headers: bearer(keys.sales),
    });
    assert.equal(outbox.statusCode, 200);
    const last = outbox.json().data.at(-1);
    assert.deepEqual(last.payload, { from: 'aware', to: 'warm', reason: 'model_change' });
    await app.close();
  });

  test('whole-workspace evaluation (set-based facts) agrees with per-account evaluation', async () => {
    const ws = await createTestWorkspace(database, 'Stages all');
    const { db } = database;
    const { workspaceId } = ws;
    await createTopic(db, workspaceId, { name: 'Pricing', urlPatterns: ['/pricing'] });
    const accounts = await db
      .insertInto('accounts')
      .values(Array.from({ length: 6 }, (_, i) => ({ workspace_id: workspaceId, name: `A${i}` })))
      .returning('id')
      .execute();
    const contacts = await db
      .insertInto('contacts')
      .values(
        accounts.flatMap((a, i) =>
          [0, 1].map((j) => ({
            workspace_id: workspaceId,
            account_id: a.id,
            email: `c${i}-${j}-${Math.random()}@all.test`,
            title: 'Manager',
          })),
        ),
      )
      .returning(['id', 'account_id'])
      .execute();
    const person = (account: number, n: number) => contacts[account * 2 + n]?.id ?? null;
    const pricing = { url: 'https://all.test/pricing' };
    await insertActivities(db, workspaceId, [
      // A0: a surge this week with 2 people engaged; A1: points 100 days ago only; A2: a few recent
      // points; A3: one person engaged 10 days ago, one 60 days ago; A4: nothing; A5: negative.
      ...[0, 0, 1, 1].map((n) => ({
        type: 'page_view',
        at: daysAgo(0),
        contactId: person(0, n),
        properties: pricing,
      })),
      ...[0, 1, 2].map(() => ({ type: 'form_fill', at: daysAgo(100), contactId: person(1, 0) })),
      { type: 'email_click', at: daysAgo(5), contactId: person(2, 0) },
      { type: 'email_click', at: daysAgo(10), contactId: person(3, 0) },
      { type: 'email_click', at: daysAgo(60), contactId: person(3, 1) },
      { type: 'unsubscribe', at: daysAgo(1), contactId: person(5, 0) },
    ]);
    const all = await replaceStageModel(db, workspaceId, [
      { key: 'unaware', name: 'Unaware', when: [] },
      { key: 'cold', name: 'Cold', when: [[{ type: 'points', withinDays: 180, min: 5 }]] },
      {
        key: 'warm',
        name: 'Warm',
        when: [
          [{ type: 'points', withinDays: 30, min: 3 }],
          [{ type: 'engagedPeople', withinDays: 90, min: 2 }],
        ],
      },
      {
        key: 'hot',
        name: 'Hot',
        when: [
          [{ type: 'surge' }, { type: 'engagedPeople', withinDays: 30, min: 2 }],
          [{ type: 'score', min: 500 }],
        ],
      },
    ]);
    const stages = async () =>
      Object.fromEntries(
        (
          await db
            .selectFrom('account_stages')
            .select(['account_id', 'stage'])
            .where('workspace_id', '=', workspaceId)
            .execute()
        ).map((r) => [r.account_id, r.stage]),
      );
    const viaAll = await stages();
    const names = accounts.map((a) => viaAll[a.id] ?? 'unaware');
    assert.deepEqual(names, ['hot', 'cold', 'warm', 'warm', 'unaware', 'unaware']);
    assert.ok(all >= 4);
    await db.deleteFrom('account_stages').where('workspace_id', '=', workspaceId).execute();
    await evaluateStages(
      db,
      workspaceId,
      accounts.map((a) => a.id),
      'check',
    );
    const viaEach = await stages();
    assert.deepEqual(
      accounts.map((a) => viaEach[a.id] ?? 'unaware'),
      names,
    );
  });
});
