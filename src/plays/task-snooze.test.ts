import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { useTestApp } from '../test/test-app.ts';

describe("the seller's inbox: snooze", () => {
  const t = useTestApp();

  test('a snoozed task leaves the open list until its time, can be listed and woken; bad input is a 400', async () => {
    const db = t.database.db;
    const ws = t.ws.workspaceId;
    const account = randomUUID();
    await sql`INSERT INTO accounts (workspace_id, id, name, owner_id) VALUES (${ws}, ${account}, 'Snooze Co', ${t.ws.userIds.sales})`.execute(
      db,
    );
    const task = await db
      .insertInto('owner_tasks')
      .values({
        workspace_id: ws,
        account_id: account,
        owner_id: t.ws.userIds.sales,
        kind: 'task',
        title: 'Call the approver',
        reason: 'Play "X", track "Approver", step "call"',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const open = async (query = '') =>
      (await t.call('GET', `/tasks${query}`, t.ws.keys.sales)).json().data.map((x: { id: string }) => x.id);
    assert.deepEqual(await open(), [task.id]);

    const until = new Date(Date.now() + 86_400_000).toISOString();
    const snoozed = await t.call('PATCH', `/tasks/${task.id}`, t.ws.keys.sales, { snoozeUntil: until });
    assert.equal(snoozed.statusCode, 200, snoozed.body);
    assert.equal(snoozed.json().status, 'open');
    assert.equal(new Date(snoozed.json().snoozedUntil).toISOString(), until);
    assert.deepEqual(await open(), [], 'hidden while snoozed');
    assert.deepEqual(await open('?snoozed=only'), [task.id]);

    const woken = await t.call('PATCH', `/tasks/${task.id}`, t.ws.keys.sales, { snoozeUntil: null });
    assert.equal(woken.json().snoozedUntil, null);
    assert.deepEqual(await open(), [task.id]);

    const bad = await t.call('PATCH', `/tasks/${task.id}`, t.ws.keys.sales, { snoozeUntil: 'tomorrow' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /body\.snoozeUntil/);
    const empty = await t.call('PATCH', `/tasks/${task.id}`, t.ws.keys.sales, {});
    assert.equal(empty.statusCode, 400);
    const other = await t.workspace();
    assert.equal(
      (await t.call('PATCH', `/tasks/${task.id}`, other.keys.admin, { snoozeUntil: until })).statusCode,
      404,
    );
    // Completing a snoozed task ends the snooze: it is listed among the done ones.
    await t.call('PATCH', `/tasks/${task.id}`, t.ws.keys.sales, { snoozeUntil: until });
    const done = await t.call('PATCH', `/tasks/${task.id}`, t.ws.keys.sales, { status: 'done' });
    assert.equal(done.json().status, 'done');
    assert.equal(done.json().snoozedUntil, null);
    assert.deepEqual(await open(), []);
    assert.deepEqual(await open('?status=done'), [task.id]);
  });
});
