import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { insertActivities } from '../test/insert-activities.ts';
import { useTestApp } from '../test/test-app.ts';
import { claimDueSteps } from './claim-due-steps.ts';
import { consumePlayTriggers } from './consume-play-triggers.ts';
import { executeStep } from './execute-step.ts';
import { PlayStatsSchema } from './play-stats-schema.ts';

describe('play dashboard stats', () => {
  const t = useTestApp();

  async function drain(): Promise<void> {
    for (let pass = 0; pass < 20; pass++) {
      await consumePlayTriggers(t.database.db, t.ws.workspaceId, { settleMs: 0 });
      const claimed = await claimDueSteps(t.database.db, 100);
      for (const step of claimed) await executeStep(t.database.db, step);
      if (claimed.length === 0) break;
    }
  }

  test('runs by status and accounts per step, with the cross-persona track counted at the clicking account only', async () => {
    const db = t.database.db;
    const ws = t.ws.workspaceId;
    const [user, approver, list] = [randomUUID(), randomUUID(), randomUUID()];
    await sql`INSERT INTO personas (workspace_id, id, name, committee_role) VALUES
      (${ws}, ${user}, 'Stats user', 'user'), (${ws}, ${approver}, 'Stats approver', 'decision_maker')`.execute(
      db,
    );
    await sql`INSERT INTO target_lists (workspace_id, id, period, name) VALUES (${ws}, ${list}, '2026-Q4', 'Stats list')`.execute(
      db,
    );
    const people: { account: string; user: string }[] = [];
    for (let i = 0; i < 3; i++) {
      const [account, c1, c2, c3] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
      await sql`INSERT INTO accounts (workspace_id, id, name, owner_id) VALUES (${ws}, ${account}, ${`Stats ${i}`}, ${t.ws.userIds.sales})`.execute(
        db,
      );
      // Two end users at each account: people count twice, accounts once.
      await sql`INSERT INTO contacts (workspace_id, id, account_id, email) VALUES
        (${ws}, ${c1}, ${account}, ${`u1-${c1}@example.test`}), (${ws}, ${c2}, ${account}, ${`u2-${c2}@example.test`}),
        (${ws}, ${c3}, ${account}, ${`a-${c3}@example.test`})`.execute(db);
      await sql`INSERT INTO contact_personas (workspace_id, contact_id, persona_id) VALUES
        (${ws}, ${c1}, ${user}), (${ws}, ${c2}, ${user}), (${ws}, ${c3}, ${approver})`.execute(db);
      await sql`INSERT INTO target_list_members (workspace_id, list_id, account_id, tier) VALUES (${ws}, ${list}, ${account}, 1)`.execute(
        db,
      );
      people.push({ account, user: c1 });
    }
    const definition = {
      entry: { type: 'target_list', listId: list },
      tracks: [
        {
          key: 'user',
          name: 'End users',
          personaId: user,
          steps: [
            { id: 'hello', type: 'alert', title: 'Started' },
            { id: 'pause', type: 'wait', days: 2 },
            { id: 'later', type: 'alert', title: 'Later' },
          ],
        },
        {
          key: 'approver',
          name: 'Approver',
          personaId: approver,
          start: { on: 'activity', activityType: 'email_click', personaId: user },
          steps: [{ id: 'call', type: 'task', title: 'Call the approver' }],
        },
      ],
    };
    const play = (
      await t.call('POST', '/plays', t.ws.keys.marketer, { name: 'Stats play', definition })
    ).json();
    const empty = await t.call('GET', `/plays/${play.id}/stats`, t.ws.keys.sales);
    assert.equal(empty.statusCode, 200, empty.body);
    assert.equal(empty.json().runs.entered, 0);
    assert.deepEqual(
      empty
        .json()
        .tracks.map((x: { key: string; steps: { id: string }[] }) => [x.key, x.steps.map((s) => s.id)]),
      [
        ['user', ['hello', 'pause', 'later']],
        ['approver', ['call']],
      ],
    );
    await t.call('POST', `/plays/${play.id}/status`, t.ws.keys.marketer, { status: 'active' });
    await drain();
    const first = people[0];
    assert.ok(first);
    await insertActivities(db, ws, [
      { type: 'email_click', at: new Date(), contactId: first.user, accountId: first.account },
    ]);
    await drain();

    const stats = PlayStatsSchema.parse(
      (await t.call('GET', `/plays/${play.id}/stats`, t.ws.keys.sales)).json(),
    );
    assert.deepEqual(stats.runs, { entered: 3, active: 3, heldOut: 0, goal: 0, exited: 0, stopped: 0 });
    const step = (track: string, id: string) => {
      const found = stats.tracks.find((x) => x.key === track)?.steps.find((s) => s.id === id);
      assert.ok(found, `${track}:${id}`);
      return found;
    };
    assert.deepEqual(
      ['hello', 'pause', 'later'].map((id) => step('user', id).accounts),
      [3, 3, 3],
    );
    assert.equal(step('user', 'hello').people, 6, 'two end users at each of 3 accounts');
    assert.equal(step('user', 'hello').done, 6);
    assert.equal(step('user', 'later').due, 6, 'waiting two days');
    assert.equal(step('approver', 'call').accounts, 1, 'only the clicking account');
    assert.equal(step('approver', 'call').done, 1);

    const other = await t.workspace();
    assert.equal((await t.call('GET', `/plays/${play.id}/stats`, other.keys.admin)).statusCode, 404);
    assert.equal((await t.call('GET', '/plays/not-a-uuid/stats', t.ws.keys.sales)).statusCode, 400);
  });
});
