import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import type { Database } from '../db/database.ts';
import { buildApp } from '../http/app.ts';
import { daysAgo, insertActivities, type TestActivity } from '../test/insert-activities.ts';
import { bearer, createTestWorkspace, openTestDatabase } from '../test/test-database.ts';
import { getAccountEngagement } from './account-engagement.ts';
import { startMomentumRefresher } from './momentum-refresher.ts';
import { recomputeWorkspace } from './recompute-workspace.ts';
import { refreshMomentum } from './refresh-momentum.ts';
import { replaceStageModel } from './stages/replace-stage-model.ts';

let database: Database;
before(async () => {
  database = await openTestDatabase();
});
after(async () => {
  await database.close();
});

/** A workspace with `n` accounts, one contact each (a VP: multiplier 1.5). */
async function setup(n: number) {
  const ws = await createTestWorkspace(database, 'Sort keys');
  const { db } = database;
  const accounts = await db
    .insertInto('accounts')
    .values(Array.from({ length: n }, (_, i) => ({ workspace_id: ws.workspaceId, name: `Account ${i}` })))
    .returning('id')
    .execute();
  const contacts = await db
    .insertInto('contacts')
    .values(
      accounts.map((a, i) => ({
        workspace_id: ws.workspaceId,
        account_id: a.id,
        email: `p${i}-${Math.random()}@sort.test`,
        title: 'VP Sales',
      })),
    )
    .returning(['id', 'account_id'])
    .execute();
  return { ...ws, accountIds: accounts.map((a) => a.id), contactIds: contacts.map((c) => c.id) };
}

const close = (actual: number | null, expected: number | null, tolerance = 1e-9) => {
  if (expected === null || actual === null) return assert.equal(actual, expected);
  assert.ok(
    Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected)),
    `${actual} ≉ ${expected}`,
  );
};

/** Each account's decayed score now, its score_key and the key expected from the score. */
async function scoreKeys(workspaceId: string) {
  const rows = await sql<{ account_id: string; score: number; score_key: number | null; expected: number }>`
    SELECT x.account_id, x.score, x.score_key,
      CASE WHEN x.score > 0 THEN ln(x.score) + date_part('epoch', now()) / 86400.0 * ln(2::float8) / x.h END AS expected
    FROM (
      SELECT e.account_id, e.score_key, s.half_life_days AS h,
        e.score * power(2::float8, -(date_part('epoch', now()) - date_part('epoch', e.as_of)) / 86400.0
          / s.half_life_days) AS score
      FROM account_engagement e JOIN signal_settings s USING (workspace_id)
      WHERE e.workspace_id = ${workspaceId}
    ) x`.execute(database.db);
  return rows.rows;
}

async function assertScoreKeys(workspaceId: string, expectedRows: number) {
  const rows = await scoreKeys(workspaceId);
  assert.equal(rows.length, expectedRows);
  for (const r of rows) close(r.score_key, r.expected, 1e-9);
  const positive = rows.filter((r) => r.score > 1e-12);
  const byScore = [...positive].sort((a, b) => b.score - a.score).map((r) => r.account_id);
  const byKey = [...positive]
    .sort((a, b) => (b.score_key ?? 0) - (a.score_key ?? 0))
    .map((r) => r.account_id);
  assert.deepEqual(byKey, byScore);
  assert.ok(
    rows.some((r) => r.score < 0 && r.score_key === null),
    'a negative score has no key',
  );
}

async function assertMomentum(workspaceId: string, accountIds: readonly string[]) {
  const { db } = database;
  const stored = await db
    .selectFrom('account_engagement')
    .select(['account_id', 'momentum', 'momentum_on'])
    .where('workspace_id', '=', workspaceId)
    .execute();
  assert.equal(stored.length, accountIds.length);
  for (const row of stored) {
    const engagement = await getAccountEngagement(db, workspaceId, row.account_id);
    close(row.momentum, engagement?.momentum.lift ?? null, 1e-9);
    assert.equal(row.momentum_on, new Date().toISOString().slice(0, 10));
  }
  return new Map(stored.map((r) => [r.account_id, r.momentum]));
}

describe('account sort keys (score_key, momentum, stage position)', () => {
  test('score_key orders like the decayed score: incremental, recompute, half-life change', async () => {
    const { workspaceId, contactIds, accountIds, keys } = await setup(5);
    const { db } = database;
    const [c0, c1, c2, c3, c4] = contactIds;
    await insertActivities(db, workspaceId, [
      { type: 'form_fill', at: daysAgo(40), contactId: c0 },
      { type: 'page_view', at: daysAgo(1), contactId: c1, properties: { url: 'https://x.test/pricing' } },
      { type: 'meeting', at: daysAgo(90), contactId: c2 },
    ]);
    await insertActivities(db, workspaceId, [
      { type: 'email_click', at: daysAgo(3), contactId: c0 },
      { type: 'unsubscribe', at: daysAgo(2), contactId: c3 },
      { type: 'page_view', at: daysAgo(200), contactId: c4 },
      { type: 'page_view', at: daysAgo(5), accountId: accountIds[4] ?? null },
    ]);
    await assertScoreKeys(workspaceId, 5);
    await recomputeWorkspace(db, workspaceId);
    await assertScoreKeys(workspaceId, 5);
    const app = await buildApp({ database });
    const res = await app.inject({
      method: 'PUT',
      url: '/api/v1/signals/weights',
      headers: bearer(keys.marketer),
      payload: { halfLifeDays: 7 },
    });
    assert.equal(res.statusCode, 200, res.body);
    await app.close();
    await assertScoreKeys(workspaceId, 5);
  });

  test('momentum is the lift of momentum(): per batch, by the recompute, and refreshed when days roll', async () => {
    const { workspaceId, contactIds, accountIds } = await setup(5);
    const { db } = database;
    const [c0, c1, c2, c3, c4] = contactIds;
    const view = (contactId: string | undefined, days: number): TestActivity => ({
      type: 'page_view',
      at: daysAgo(days),
      contactId: contactId ?? null,
      properties: { url: 'https://x.test/blog' },
    });
    // c0: today and the 3 prior weeks; c1: today only (no prior: null lift); c2: only 15–16 days ago,
    // inside the prior 21 days whatever the weekday (−100 %); c3: only long ago; c4: a late event into
    // a prior week after today's.
    await insertActivities(db, workspaceId, [
      view(c0, 0),
      view(c0, 0),
      view(c0, 7),
      view(c0, 14),
      view(c0, 21),
    ]);
    await insertActivities(db, workspaceId, [view(c1, 0), view(c2, 15), view(c2, 16), view(c3, 120)]);
    await insertActivities(db, workspaceId, [
      view(c4, 0),
      { type: 'form_fill', at: daysAgo(0), contactId: c4 },
    ]);
    await insertActivities(db, workspaceId, [view(c4, 14)]);
    const incremental = await assertMomentum(workspaceId, accountIds);
    assert.equal(incremental.get(accountIds[1] ?? ''), null);
    close(incremental.get(accountIds[2] ?? '') ?? null, -1);
    assert.equal(incremental.get(accountIds[3] ?? ''), null);
    assert.ok((incremental.get(accountIds[4] ?? '') ?? 0) > 0);

    await recomputeWorkspace(db, workspaceId);
    const recomputed = await assertMomentum(workspaceId, accountIds);
    for (const id of accountIds) close(recomputed.get(id) ?? null, incremental.get(id) ?? null, 1e-9);

    // A day boundary without events: rows computed for an older day are brought up to date.
    await db
      .updateTable('account_engagement')
      .set({ momentum: 42, momentum_on: '2001-01-01' })
      .where('workspace_id', '=', workspaceId)
      .execute();
    assert.equal(await refreshMomentum(db, workspaceId), accountIds.length);
    await assertMomentum(workspaceId, accountIds);
    assert.equal(await refreshMomentum(db, workspaceId), 0, 'nothing stale');
    assert.equal(await refreshMomentum(db, workspaceId, { accountIds: accountIds.slice(0, 2) }), 2);

    // What `openabm serve` runs: the periodic refresher brings every workspace's stale rows up to date.
    await db
      .updateTable('account_engagement')
      .set({ momentum: 42, momentum_on: '2001-01-01' })
      .where('workspace_id', '=', workspaceId)
      .execute();
    // A bucket that aged out of the weekly horizon goes with the same week rollover.
    await db
      .insertInto('account_weekly_activity')
      .values({
        workspace_id: workspaceId,
        account_id: accountIds[0] ?? '',
        week_start: '2001-01-01',
        points: 5,
        events: 1,
      })
      .execute();
    const refresher = startMomentumRefresher(db, { intervalMs: 3_600_000 });
    await refresher.runOnce();
    await refresher.stop();
    await assertMomentum(workspaceId, accountIds);
    const aged = await db
      .selectFrom('account_weekly_activity')
      .select('week_start')
      .where('workspace_id', '=', workspaceId)
      .where('week_start', '<', '2002-01-01')
      .execute();
    assert.deepEqual(aged, []);
  });

  test('account_stages.position follows stage changes and model replacement', async () => {
    const { workspaceId, contactIds, accountIds } = await setup(2);
    const { db } = database;
    const positions = async () =>
      new Map(
        (
          await db
            .selectFrom('account_stages')
            .select(['account_id', 'stage', 'position'])
            .where('workspace_id', '=', workspaceId)
            .execute()
        ).map((r) => [r.account_id, { stage: r.stage, position: r.position }]),
      );
    await insertActivities(db, workspaceId, [
      { type: 'page_view', at: daysAgo(2), contactId: contactIds[0] ?? null },
      ...Array.from({ length: 12 }, () => ({
        type: 'form_fill',
        at: daysAgo(3),
        contactId: contactIds[1] ?? null,
      })),
    ]);
    let now = await positions();
    assert.deepEqual(now.get(accountIds[0] ?? ''), { stage: 'aware', position: 1 });
    assert.deepEqual(now.get(accountIds[1] ?? ''), { stage: 'mqa', position: 3 });
    const changed = await replaceStageModel(db, workspaceId, [
      { key: 'unaware', name: 'Unaware', when: [] },
      { key: 'mqa', name: 'MQA', when: [[{ type: 'points', withinDays: 90, min: 1000 }]] },
      { key: 'aware', name: 'Aware', when: [[{ type: 'activity', withinDays: 30 }]] },
    ]);
    assert.equal(changed, 1, 'the MQA account is only aware under the new model');
    now = await positions();
    assert.deepEqual(now.get(accountIds[0] ?? ''), { stage: 'aware', position: 2 });
    assert.deepEqual(now.get(accountIds[1] ?? ''), { stage: 'aware', position: 2 });
  });
});
