import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import type { Database } from '../db/database.ts';
import { up as clampPointsWindows } from '../db/migrations/0770_points_window_horizon.ts';
import { daysAgo, insertActivities } from '../test/insert-activities.ts';
import { createTestWorkspace, openTestDatabase } from '../test/test-database.ts';
import { getAccountEngagement } from './account-engagement.ts';
import { addDays, mondayOf } from './momentum.ts';
import { pruneWeeklyBuckets } from './prune-weekly-buckets.ts';
import { recomputeWorkspace } from './recompute-workspace.ts';
import { forgetStageModel, loadStageModel } from './stages/load-stage-model.ts';
import { StageConditionSchema } from './stages/stage-model.ts';
import { WEEKLY_HORIZON_DAYS, WEEKLY_HORIZON_WEEKS } from './weekly-horizon.ts';

describe('weekly horizon', () => {
  let database: Database;
  before(async () => {
    database = await openTestDatabase();
  });
  after(async () => {
    await database.close();
  });

  const thisWeek = () => mondayOf(new Date());
  const horizonStart = () => addDays(thisWeek(), -WEEKLY_HORIZON_DAYS);

  test('weeks older than the horizon are not stored; the engagement series computes them from activities', async () => {
    const ws = await createTestWorkspace(database, 'Horizon');
    const { db } = database;
    const account = await db
      .insertInto('accounts')
      .values({ workspace_id: ws.workspaceId, name: 'Initech' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const cmo = await db
      .insertInto('contacts')
      .values({ workspace_id: ws.workspaceId, account_id: account.id, title: 'CMO', email: 'c@initech.test' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const recent = daysAgo(2);
    const old = daysAgo(300);
    const older = daysAgo(250);
    await insertActivities(db, ws.workspaceId, [
      { type: 'page_view', at: recent, contactId: cmo.id }, // 1 × C-level 2 = 2
      { type: 'page_view', at: old, contactId: cmo.id }, // 2, 300 days ago: outside the horizon
      { type: 'email_click', at: older, accountId: account.id }, // 3 × other 0.5 = 1.5, anonymous
    ]);
    const stored = async () =>
      (
        await sql<{ week_start: string; points: number; events: number }>`
          SELECT week_start::text AS week_start, points, events FROM account_weekly_activity
          WHERE workspace_id = ${ws.workspaceId} ORDER BY week_start`.execute(db)
      ).rows;
    assert.deepEqual(await stored(), [{ week_start: mondayOf(recent), points: 2, events: 1 }]);

    const series = async () => {
      const e = await getAccountEngagement(db, ws.workspaceId, account.id, 52);
      assert.ok(e);
      return e.weekly;
    };
    const incremental = await series();
    assert.equal(incremental.length, 52);
    const week = (monday: string) => incremental.find((w) => w.weekStart === monday);
    assert.deepEqual(
      { points: week(mondayOf(old))?.points, events: week(mondayOf(old))?.events },
      { points: 2, events: 1 },
    );
    assert.deepEqual(
      { points: week(mondayOf(older))?.points, events: week(mondayOf(older))?.events },
      { points: 1.5, events: 1 },
    );
    assert.equal(week(mondayOf(recent))?.points, 2);
    const total = incremental.reduce((s, w) => s + w.events, 0);
    assert.equal(total, 3);

    // The old activities still count in the score (decayed with the default 30-day half-life; about
    // 0.007 of it, far above the tolerance).
    const decayed = (points: number, at: Date) =>
      points * 2 ** (-(Date.now() - at.getTime()) / 86_400_000 / 30);
    const expected = decayed(2, recent) + decayed(2, old) + decayed(1.5, older);
    const scored = await getAccountEngagement(db, ws.workspaceId, account.id);
    assert.ok(Math.abs((scored?.score ?? 0) - expected) < 1e-6, `${scored?.score} ≈ ${expected}`);
    await recomputeWorkspace(db, ws.workspaceId);
    assert.deepEqual(await stored(), [{ week_start: mondayOf(recent), points: 2, events: 1 }]);
    assert.deepEqual(await series(), incremental);
  });

  test('pruneWeeklyBuckets drops the weeks that aged out and keeps the rest', async () => {
    const ws = await createTestWorkspace(database, 'Prune');
    const { db } = database;
    const account = await db
      .insertInto('accounts')
      .values({ workspace_id: ws.workspaceId, name: 'Hooli' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const row = (week_start: string) => ({
      workspace_id: ws.workspaceId,
      account_id: account.id,
      week_start,
      points: 1,
      events: 1,
    });
    await db
      .insertInto('account_weekly_activity')
      .values([row(addDays(horizonStart(), -7)), row(horizonStart()), row(thisWeek())])
      .execute();
    assert.equal(await pruneWeeklyBuckets(db, ws.workspaceId), 1);
    const left = await sql<{ week_start: string }>`SELECT week_start::text AS week_start
      FROM account_weekly_activity WHERE workspace_id = ${ws.workspaceId} ORDER BY week_start`.execute(db);
    assert.deepEqual(
      left.rows.map((r) => r.week_start),
      [horizonStart(), thisWeek()],
    );
    assert.equal(await pruneWeeklyBuckets(db, ws.workspaceId), 0);
  });

  test('stage models saved with longer points windows are clamped to the horizon by the migration', async () => {
    const ws = await createTestWorkspace(database, 'Clamp');
    const { db } = database;
    await db.deleteFrom('journey_stages').where('workspace_id', '=', ws.workspaceId).execute();
    const stage = (position: number, key: string, when: unknown) => ({
      workspace_id: ws.workspaceId,
      key,
      position,
      name: key,
      conditions: JSON.stringify(when),
    });
    await db
      .insertInto('journey_stages')
      .values([
        stage(0, 'cold', []),
        stage(1, 'warm', [[{ type: 'activity', withinDays: 365 }]]),
        stage(2, 'hot', [
          [
            { type: 'points', withinDays: 365, min: 50 },
            { type: 'engagedPeople', withinDays: 400, min: 2 },
          ],
          [{ type: 'points', withinDays: 90, min: 200 }],
        ]),
      ])
      .execute();
    forgetStageModel(ws.workspaceId);
    // Before: the longer window does not parse, so the default model would be used.
    assert.notEqual((await loadStageModel(db, ws.workspaceId))[1]?.key, 'warm');
    await clampPointsWindows(db);
    forgetStageModel(ws.workspaceId);
    const model = await loadStageModel(db, ws.workspaceId);
    assert.deepEqual(
      model.map((s) => s.key),
      ['cold', 'warm', 'hot'],
    );
    assert.deepEqual(model[1]?.when, [[{ type: 'activity', withinDays: 365 }]]);
    assert.deepEqual(model[2]?.when, [
      [
        { type: 'points', withinDays: 182, min: 50 },
        { type: 'engagedPeople', withinDays: 400, min: 2 },
      ],
      [{ type: 'points', withinDays: 90, min: 200 }],
    ]);
  });

  test('points windows reach back at most to the horizon', () => {
    assert.equal(WEEKLY_HORIZON_DAYS, WEEKLY_HORIZON_WEEKS * 7);
    const ok = StageConditionSchema.safeParse({ type: 'points', withinDays: WEEKLY_HORIZON_DAYS, min: 1 });
    assert.equal(ok.success, true);
    const tooLong = StageConditionSchema.safeParse({
      type: 'points',
      withinDays: WEEKLY_HORIZON_DAYS + 1,
      min: 1,
    });
    assert.equal(tooLong.success, false);
    assert.match(tooLong.error?.issues[0]?.message ?? '', /at most 182 days/);
    // Other windows are not bound by the weekly buckets.
    assert.equal(StageConditionSchema.safeParse({ type: 'activity', withinDays: 365 }).success, true);
  });
});
