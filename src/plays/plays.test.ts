import assert from 'node:assert/strict';
import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { insertActivities } from '../test/insert-activities.ts';
import { useTestApp } from '../test/test-app.ts';
import { claimDueSteps, recoverStaleSteps } from './claim-due-steps.ts';
import { consumePlayTriggers } from './consume-play-triggers.ts';
import { executeStep } from './execute-step.ts';
import { addDuration } from './steps/flow-steps.ts';

/** Run the engine until nothing is due: consume triggers, then claim and execute steps. */
async function drain(db: Parameters<typeof claimDueSteps>[0], workspaceId: string): Promise<number> {
  let executed = 0;
  for (let pass = 0; pass < 20; pass++) {
    await consumePlayTriggers(db, workspaceId, { settleMs: 0 });
    const claimed = await claimDueSteps(db, 100);
    for (const step of claimed) await executeStep(db, step);
    executed += claimed.length;
    if (claimed.length === 0) break;
  }
  return executed;
}

describe('plays', () => {
  const t = useTestApp();

  /** Two personas, accounts owned by the sales user, each with an end user and an approver. */
  async function world(accounts: number) {
    const ws = t.ws.workspaceId;
    const db = t.database.db;
    const [user, approver] = [randomUUID(), randomUUID()];
    await sql`INSERT INTO personas (workspace_id, id, name, committee_role) VALUES
      (${ws}, ${user}, ${`End user ${user.slice(0, 6)}`}, 'user'),
      (${ws}, ${approver}, ${`Approver ${approver.slice(0, 6)}`}, 'decision_maker')`.execute(db);
    const list = randomUUID();
    await sql`INSERT INTO target_lists (workspace_id, id, period, name) VALUES (${ws}, ${list}, '2026-Q4', ${`List ${list}`})`.execute(
      db,
    );
    const ids: { account: string; user: string; approver: string }[] = [];
    for (let i = 0; i < accounts; i++) {
      const [account, c1, c2] = [randomUUID(), randomUUID(), randomUUID()];
      await sql`INSERT INTO accounts (workspace_id, id, name, owner_id) VALUES (${ws}, ${account}, ${`Account ${i} ${account.slice(0, 4)}`}, ${t.ws.userIds.sales})`.execute(
        db,
      );
      await sql`INSERT INTO contacts (workspace_id, id, account_id, email) VALUES
        (${ws}, ${c1}, ${account}, ${`u-${c1}@example.test`}), (${ws}, ${c2}, ${account}, ${`a-${c2}@example.test`})`.execute(
        db,
      );
      await sql`INSERT INTO contact_personas (workspace_id, contact_id, persona_id) VALUES
        (${ws}, ${c1}, ${user}), (${ws}, ${c2}, ${approver})`.execute(db);
      await sql`INSERT INTO target_list_members (workspace_id, list_id, account_id, tier) VALUES (${ws}, ${list}, ${account}, ${1 + (i % 3)})`.execute(
        db,
      );
      ids.push({ account, user: c1, approver: c2 });
    }
    return { user, approver, list, ids };
  }

  test('the cross-persona play: a click by the end user starts the approver track at that account only', async () => {
    const db = t.database.db;
    const ws = t.ws.workspaceId;
    const w = await world(2);
    const received: { body: string; signature: string | undefined; key: string | undefined }[] = [];
    const hook = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        received.push({
          body,
          signature: req.headers['x-openabm-signature']?.toString(),
          key: req.headers['idempotency-key']?.toString(),
        });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    const port = (hook.address() as AddressInfo).port;
    try {
      const definition = {
        entry: { type: 'target_list', listId: w.list },
        goals: [{ type: 'opportunity_created' }],
        tracks: [
          {
            key: 'user',
            name: 'End user nurture',
            personaId: w.user,
            steps: [{ id: 'hello', type: 'alert', title: 'Nurture started' }],
          },
          {
            key: 'approver',
            name: 'Approver outreach',
            personaId: w.approver,
            start: { on: 'activity', activityType: 'email_click', personaId: w.user },
            steps: [
              { id: 'call', type: 'task', title: 'Call the approver', dueDays: 1 },
              {
                id: 'notify',
                type: 'webhook',
                url: `http://127.0.0.1:${port}/hook`,
                secret: 'a-secret-of-16-chars',
              },
              { id: 'pause', type: 'wait', days: 3 },
              { id: 'tag', type: 'set_field', field: 'abm_stage', value: 'approver engaged' },
            ],
          },
        ],
      };
      const created = await t.call('POST', '/plays', t.ws.keys.marketer, {
        name: 'Cross-persona',
        definition,
      });
      assert.equal(created.statusCode, 201, created.body);
      const play = created.json();
      const sim = (await t.call('POST', `/plays/${play.id}/simulate`, t.ws.keys.sales)).json();
      assert.equal(sim.entering, 2);
      assert.deepEqual(sim.tracks, [{ key: 'user', name: 'End user nurture', accounts: 2, people: 2 }]);
      assert.equal(
        (await t.call('POST', `/plays/${play.id}/status`, t.ws.keys.sales, { status: 'active' })).statusCode,
        403,
      );
      const active = await t.call('POST', `/plays/${play.id}/status`, t.ws.keys.marketer, {
        status: 'active',
      });
      assert.equal(active.json().runs.active, 2);

      assert.equal(await drain(db, ws), 2, 'the user track ran for both accounts');
      const [a, b] = w.ids;
      assert.ok(a && b);
      await insertActivities(db, ws, [
        { type: 'email_click', at: new Date(), contactId: a.user, accountId: a.account },
      ]);
      await drain(db, ws);

      const steps = await db
        .selectFrom('play_steps')
        .select(['track', 'step', 'contact_id', 'status', 'due_at'])
        .where('workspace_id', '=', ws)
        .where('track', '=', 'approver')
        .execute();
      assert.deepEqual(
        new Set(steps.map((s) => s.contact_id)),
        new Set([a.approver]),
        'only account A’s approver',
      );
      assert.deepEqual(steps.map((s) => [s.step, s.status]).sort(), [
        ['call', 'done'],
        ['notify', 'done'],
        ['pause', 'done'],
        ['tag', 'due'],
      ]);
      const tag = steps.find((s) => s.step === 'tag');
      assert.ok(tag && tag.due_at.getTime() > Date.now() + 2 * 86_400_000, 'the wait delays the next step');

      const inbox = (await t.call('GET', '/tasks', t.ws.keys.sales)).json().data;
      assert.equal(inbox.filter((x: { kind: string }) => x.kind === 'alert').length, 2);
      const task = inbox.find((x: { kind: string }) => x.kind === 'task');
      assert.equal(task.accountId, a.account);
      assert.match(task.reason, /Cross-persona.*Approver outreach/);
      assert.equal(
        (await t.call('PATCH', `/tasks/${task.id}`, t.ws.keys.sales, { status: 'done' })).statusCode,
        200,
      );

      assert.equal(received.length, 1);
      const sent = received[0];
      assert.ok(sent);
      assert.equal(
        sent.signature,
        `sha256=${createHmac('sha256', 'a-secret-of-16-chars').update(sent.body).digest('hex')}`,
      );
      assert.equal(JSON.parse(sent.body).accountId, a.account);
      assert.ok(sent.key?.includes(':approver:notify:'));

      // The goal: an opportunity at account A ends its run before the next step and cancels what is due.
      await sql`INSERT INTO opportunities (workspace_id, account_id, name, amount, stage)
        VALUES (${ws}, ${a.account}, 'Deal', 1000, 'qualification')`.execute(db);
      await db
        .updateTable('play_steps')
        .set({ due_at: new Date() })
        .where('workspace_id', '=', ws)
        .where('step', '=', 'tag')
        .execute();
      await drain(db, ws);
      const dossier = (await t.call('GET', `/accounts/${a.account}/plays`, t.ws.keys.sales)).json().data;
      assert.equal(dossier[0].status, 'goal');
      assert.deepEqual(dossier[0].next, []);
      const fields = await db
        .selectFrom('accounts')
        .select('custom')
        .where('workspace_id', '=', ws)
        .where('id', '=', a.account)
        .executeTakeFirstOrThrow();
      assert.equal(
        (fields.custom as Record<string, unknown>).abm_stage,
        undefined,
        'the goal came before the step',
      );
      const other = (await t.call('GET', `/accounts/${b.account}/plays`, t.ws.keys.sales)).json().data;
      assert.equal(other[0].status, 'active');
    } finally {
      hook.close();
    }
  });

  test('a control share is held out and recorded; held-out accounts get no steps', async () => {
    const db = t.database.db;
    const ws = t.ws.workspaceId;
    const w = await world(60);
    const definition = {
      entry: { type: 'target_list', listId: w.list, tiers: [1, 2] },
      guardrails: { controlShare: 0.5 },
      tracks: [{ key: 'acct', name: 'Account', steps: [{ id: 'alert', type: 'alert', title: 'Entered' }] }],
    };
    const play = (await t.call('POST', '/plays', t.ws.keys.marketer, { name: 'Holdout', definition })).json();
    const sim = (await t.call('POST', `/plays/${play.id}/simulate`, t.ws.keys.marketer)).json();
    assert.equal(sim.entering, 40, 'tiers 1 and 2 of 60 accounts');
    assert.equal(sim.heldOutExpected, 20);
    const runs = (
      await t.call('POST', `/plays/${play.id}/status`, t.ws.keys.marketer, { status: 'active' })
    ).json().runs;
    assert.equal(runs.active + runs.heldOut, 40);
    assert.ok(runs.heldOut >= 8 && runs.heldOut <= 32, `held out ${runs.heldOut} of 40`);
    await drain(db, ws);
    const alerts = await sql<{ n: number }>`SELECT count(*)::int AS n FROM owner_tasks t
      JOIN play_runs r ON r.workspace_id = t.workspace_id AND r.id = t.run_id
      WHERE t.workspace_id = ${ws} AND r.play_id = ${play.id} AND r.status = 'held_out'`.execute(db);
    assert.equal(alerts.rows[0]?.n, 0);
    const enrolled = await t.call('POST', `/plays/${play.id}/enroll`, t.ws.keys.marketer, {
      accountIds: w.ids.map((i) => i.account),
    });
    assert.equal(enrolled.json().skipped, 40, 'accounts already in (or held out) do not enter twice');
  });

  test('a step runs once: a second execution of a claim is refused, and a dead worker’s claim is recovered', async () => {
    const db = t.database.db;
    const ws = t.ws.workspaceId;
    const w = await world(1);
    const definition = {
      entry: { type: 'api' },
      tracks: [{ key: 'acct', name: 'Account', steps: [{ id: 'task', type: 'task', title: 'Follow up' }] }],
    };
    const play = (await t.call('POST', '/plays', t.ws.keys.marketer, { name: 'Once', definition })).json();
    const activated = await t.call('POST', `/plays/${play.id}/status`, t.ws.keys.marketer, {
      status: 'active',
    });
    assert.equal(activated.statusCode, 200, activated.body);
    const account = w.ids[0]?.account ?? '';
    assert.equal(
      (await t.call('POST', `/plays/${play.id}/enroll`, t.ws.keys.marketer, { accountIds: [account] })).json()
        .entered,
      1,
    );
    const all = await claimDueSteps(db, 1000);
    const claimed = all.find((s) => s.play_id === play.id);
    assert.ok(claimed);
    assert.ok(
      !(await claimDueSteps(db, 1000)).some((s) => s.id === claimed.id),
      'a claimed step is not claimed again',
    );
    for (const other of all) if (other !== claimed) await executeStep(db, other);
    assert.equal(await executeStep(db, claimed), 'done');
    assert.equal(await executeStep(db, claimed), 'lost');
    const tasks = await db
      .selectFrom('owner_tasks')
      .select('id')
      .where('workspace_id', '=', ws)
      .where('play_id', '=', play.id)
      .execute();
    assert.equal(tasks.length, 1);

    // A worker that died after claiming: nothing started outside → due again; an outside effect started → uncertain.
    const run = await db
      .selectFrom('play_runs')
      .select('id')
      .where('workspace_id', '=', ws)
      .where('play_id', '=', play.id)
      .executeTakeFirstOrThrow();
    const stale = new Date(Date.now() - 600_000);
    await db
      .insertInto('play_steps')
      .values([
        { workspace_id: ws, run_id: run.id, track: 'x', step: 'a', status: 'running', claimed_at: stale },
        { workspace_id: ws, run_id: run.id, track: 'x', step: 'b', status: 'running', claimed_at: stale },
      ])
      .execute();
    await db
      .insertInto('play_effects')
      .values({
        workspace_id: ws,
        effect_key: `${run.id}:x:b:-`,
        run_id: run.id,
        kind: 'webhook',
        account_id: account,
        status: 'started',
      })
      .execute();
    const [requeued, uncertain] = await recoverStaleSteps(db);
    assert.ok(requeued >= 1 && uncertain >= 1);
    const after = await db
      .selectFrom('play_steps')
      .select(['step', 'status'])
      .where('workspace_id', '=', ws)
      .where('track', '=', 'x')
      .orderBy('step')
      .execute();
    assert.deepEqual(
      after.map((s) => s.status),
      ['due', 'uncertain'],
    );
  });

  test('an e-mail step queues one send per person in the send log under its effect key', async () => {
    const db = t.database.db;
    const ws = t.ws.workspaceId;
    const w = await world(2);
    const template = randomUUID();
    await sql`INSERT INTO content_templates (workspace_id, id, name) VALUES (${ws}, ${template}, ${`Intro ${template}`})`.execute(
      db,
    );
    await sql`INSERT INTO content_template_versions (workspace_id, template_id, version, subject, html)
      VALUES (${ws}, ${template}, 1, 'Hello {{ contact.first_name }}', '<p>Hi</p>')`.execute(db);
    const definition = {
      entry: { type: 'target_list', listId: w.list },
      tracks: [
        {
          key: 'users',
          name: 'Users',
          personaId: w.user,
          steps: [{ id: 'intro', type: 'email', templateId: template }],
        },
      ],
    };
    const created = await t.call('POST', '/plays', t.ws.keys.marketer, { name: 'Mail play', definition });
    assert.equal(created.statusCode, 201, created.body);
    const play = created.json();
    await t.call('POST', `/plays/${play.id}/status`, t.ws.keys.marketer, { status: 'active' });
    await drain(db, ws);
    const sends = await db
      .selectFrom('email_sends')
      .select(['contact_id', 'send_key'])
      .where('workspace_id', '=', ws)
      .where('send_key', 'like', '%:users:intro:%')
      .execute();
    assert.deepEqual(new Set(sends.map((s) => s.contact_id)), new Set(w.ids.map((i) => i.user)));
    const bad = await t.call('POST', '/plays', t.ws.keys.marketer, {
      name: 'Missing template',
      definition: {
        ...definition,
        tracks: [{ ...definition.tracks[0], steps: [{ id: 'x', type: 'email', templateId: randomUUID() }] }],
      },
    });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /tracks\.0\.steps\.0\.templateId/);
  });

  test('bad definitions are 400s naming the field; other workspaces see nothing', async () => {
    const bad = await t.call('POST', '/plays', t.ws.keys.marketer, {
      name: 'Bad',
      definition: {
        entry: { type: 'api' },
        tracks: [{ key: 'a', name: 'A', steps: [{ id: 's', type: 'trigger_track', track: 'nope' }] }],
      },
    });
    assert.equal(bad.statusCode, 400, bad.body);
    assert.match(JSON.stringify(bad.json().errors), /tracks\.0\.steps\.0\.track/);
    const noSteps = await t.call('POST', '/plays', t.ws.keys.marketer, {
      name: 'Empty',
      definition: { entry: { type: 'segment' }, tracks: [] },
    });
    assert.equal(noSteps.statusCode, 400);
    const play = (
      await t.call('POST', '/plays', t.ws.keys.marketer, {
        name: 'Mine',
        definition: {
          entry: { type: 'api' },
          tracks: [{ key: 'a', name: 'A', steps: [{ id: 's', type: 'alert', title: 'x' }] }],
        },
      })
    ).json();
    const other = await t.workspace();
    assert.equal((await t.call('GET', `/plays/${play.id}`, other.keys.admin)).statusCode, 404);
    assert.equal(
      (await t.call('POST', `/plays/${play.id}/status`, other.keys.admin, { status: 'active' })).statusCode,
      404,
    );
    assert.equal((await t.call('GET', '/plays', other.keys.admin)).json().data.length, 0);
    const edited = await t.call('PATCH', `/plays/${play.id}`, t.ws.keys.marketer, {
      definition: {
        entry: { type: 'api' },
        tracks: [{ key: 'a', name: 'A', steps: [{ id: 's', type: 'alert', title: 'y' }] }],
      },
    });
    assert.equal(edited.json().version, 2, 'an edit is a new version');
  });

  test('business-day waits skip weekends', () => {
    const friday = new Date('2026-12-04T10:00:00Z');
    assert.equal(addDuration(friday, 1, 0, true).toISOString(), '2026-12-07T10:00:00.000Z');
    assert.equal(addDuration(friday, 1, 0, false).toISOString(), '2026-12-05T10:00:00.000Z');
    assert.equal(addDuration(friday, 5, 0, true).toISOString(), '2026-12-11T10:00:00.000Z');
  });
});
