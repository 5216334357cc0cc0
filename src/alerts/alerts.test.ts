import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { type MailCatcher, startMailCatcher } from '../email/mail-catcher.ts';
import { manualSender, useCatcher } from '../test/email-test-kit.ts';
import { insertActivities } from '../test/insert-activities.ts';
import { useTestApp } from '../test/test-app.ts';
import { consumeAlertSignals } from './consume-alert-signals.ts';
import { deliverWebhooks } from './deliver-webhooks.ts';
import { sendDigests } from './send-digests.ts';

interface Hit {
  path: string;
  body: unknown;
}

/** A Slack-compatible incoming webhook: checks the Block Kit shape, answers per path. */
function slackServer(answer: (path: string, n: number) => number) {
  const hits: Hit[] = [];
  const problems: string[] = [];
  const counts = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => {
      raw += c;
    });
    req.on('end', () => {
      const path = req.url ?? '';
      const n = (counts.get(path) ?? 0) + 1;
      counts.set(path, n);
      try {
        if (req.headers['content-type'] !== 'application/json') throw new Error('content-type');
        const body = JSON.parse(raw);
        const [header, section, actions] = body.blocks;
        assert.equal(typeof body.text, 'string');
        assert.equal(header.type, 'header');
        assert.equal(header.text.type, 'plain_text');
        assert.ok(header.text.text.length <= 150);
        assert.equal(section.type, 'section');
        assert.equal(section.text.type, 'mrkdwn');
        assert.ok(section.fields.length >= 2 && section.fields.length <= 10);
        for (const f of section.fields) assert.equal(f.type, 'mrkdwn');
        assert.equal(actions.type, 'actions');
        assert.equal(actions.elements[0].type, 'button');
        assert.match(actions.elements[0].url, /^https:\/\/abm\.openabm\.test\/accounts\/[0-9a-f-]{36}$/);
        hits.push({ path, body });
      } catch (error) {
        problems.push(`${path}: ${String(error)}`);
        res.writeHead(400).end('invalid_payload');
        return;
      }
      const status = answer(path, n);
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'no');
    });
  });
  return {
    hits,
    problems,
    async start() {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('sales alerts', () => {
  const t = useTestApp();
  let catcher: MailCatcher;
  // /me fails once (500), then takes; /team takes; /gone is a revoked webhook (404).
  const slack = slackServer((path, n) => (path === '/me' && n === 1 ? 500 : path === '/gone' ? 404 : 200));
  let base = '';
  before(async () => {
    catcher = await startMailCatcher();
    base = await slack.start();
  });
  after(async () => {
    await catcher.close();
    await slack.close();
  });

  test('bad input is a 400 naming the field; team webhooks are for admins', async () => {
    const ws = t.ws;
    const cases: [string, string, Record<string, unknown>, string][] = [
      ['POST', '/alerts/webhooks', { name: 'x', url: 'ftp://example.com/x' }, 'url'],
      [
        'POST',
        '/alerts/webhooks',
        { name: 'x', url: 'https://hooks.example.com/x', kinds: ['gossip'] },
        'kinds',
      ],
      ['POST', '/alerts/webhooks', { url: 'https://hooks.example.com/x' }, 'name'],
      [
        'PUT',
        '/alerts/preferences',
        { kinds: ['mqa'], inbox: true, digest: 'weekly', throttleHours: 1 },
        'digest',
      ],
      [
        'PUT',
        '/alerts/preferences',
        { kinds: ['mqa'], inbox: true, digest: 'daily', throttleHours: -1 },
        'throttleHours',
      ],
    ];
    for (const [method, path, body, field] of cases) {
      const res = await t.call(method as 'POST', path, ws.keys.sales, body);
      assert.equal(res.statusCode, 400, `${path} ${JSON.stringify(body)}: ${res.body}`);
      assert.match(res.body, new RegExp(field));
    }
    const team = await t.call('POST', '/alerts/webhooks', ws.keys.sales, {
      name: 'Team',
      url: 'https://hooks.example.com/x',
      scope: 'team',
    });
    assert.equal(team.statusCode, 403);
    assert.equal((await t.call('GET', '/alerts?owner=all', ws.keys.sales)).statusCode, 403);
    assert.equal((await t.call('GET', '/alerts/deliveries', ws.keys.sales)).statusCode, 403);
    assert.equal((await t.call('POST', '/alerts/deliveries/abc/retry', ws.keys.marketer)).statusCode, 400);
    const prefs = await t.call('GET', '/alerts/preferences', ws.keys.sales);
    assert.deepEqual(prefs.json(), {
      kinds: ['mqa', 'surge', 'key_persona', 'committee_member', 'hand_raiser'],
      inbox: true,
      digest: 'daily',
      throttleHours: 24,
    });
  });

  test('signals become throttled alerts in the inbox, on Slack-compatible webhooks and in an e-mail digest', async () => {
    const ws = await t.workspace('Alerts');
    const db = t.database.db;
    await useCatcher(t, ws, catcher);
    const consume = () => consumeAlertSignals(db, ws.workspaceId, { settleMs: 0 });
    await consume(); // cursors start at the current end
    const make = async (body: Record<string, unknown>) => {
      const res = await t.call('POST', '/accounts', ws.keys.admin, body);
      assert.equal(res.statusCode, 201, res.body);
      return res.json().id as string;
    };
    const target = await make({
      name: 'Target <Corp>',
      domain: 'alert-target.com',
      ownerId: ws.userIds.sales,
      isTarget: true,
    });
    const other = await make({ name: 'Not a target', domain: 'alert-other.com', ownerId: ws.userIds.sales });
    const hooks = [
      [ws.keys.sales, { name: 'My Slack', url: `${base}/me` }],
      [ws.keys.admin, { name: 'Team channel', url: `${base}/team`, scope: 'team', kinds: ['mqa'] }],
      [ws.keys.admin, { name: 'Old channel', url: `${base}/gone`, scope: 'team', kinds: ['hand_raiser'] }],
    ] as const;
    for (const [key, body] of hooks) {
      const res = await t.call('POST', '/alerts/webhooks', key, body);
      assert.equal(res.statusCode, 201, res.body);
      assert.doesNotMatch(res.body, /\/me|\/team|\/gone/, 'the URL is not shown again');
    }
    await consume(); // the accounts' own outbox rows (stages, fit) are no MQA

    // MQA of a target (and of a non-target, which is not alerted), a new committee member, a form by them.
    const mqa = (account: string) =>
      sql`INSERT INTO signal_events (workspace_id, type, account_id, payload) VALUES (${ws.workspaceId}, 'stage_changed', ${account},
        ${JSON.stringify({ from: 'engaged', to: 'mqa', reason: 'fit A and 42 points in 90 days' })})`.execute(
        db,
      );
    await mqa(target);
    await mqa(other);
    const cfo = await t.call('POST', '/contacts', ws.keys.admin, {
      email: 'cfo@alert-target.com',
      firstName: 'Dana',
      lastName: 'Price',
      title: 'Chief Financial Officer',
    });
    assert.equal(cfo.statusCode, 201, cfo.body);
    const cfoId = cfo.json().id as string;
    await insertActivities(db, ws.workspaceId, [
      {
        type: 'form_fill',
        at: new Date(),
        contactId: cfoId,
        accountId: target,
        properties: { url: 'https://alert-target.com/demo' },
      },
    ]);
    // An intent surge this week at the target: nothing in the four weeks before, 6 events now.
    const topic = await sql<{
      id: string;
    }>`INSERT INTO intent_topics (workspace_id, name) VALUES (${ws.workspaceId}, 'Data governance') RETURNING id`.execute(
      db,
    );
    await sql`INSERT INTO account_topic_weekly (workspace_id, account_id, topic_id, week_start, events)
      VALUES (${ws.workspaceId}, ${target}, ${topic.rows[0]?.id}, date_trunc('week', now() AT TIME ZONE 'UTC')::date, 6)`.execute(
      db,
    );

    const first = await consume();

    assert.equal(first.alerts, 5, JSON.stringify(first));
    const listed = await t.call('GET', '/alerts', ws.keys.sales);
    assert.equal(listed.statusCode, 200, listed.body);
    const alerts = listed.json().data as {
      kind: string;
      accountId: string;
      reason: string;
      link: string;
      taskId: string;
    }[];
    assert.deepEqual(alerts.map((a) => a.kind).sort(), [
      'committee_member',
      'hand_raiser',
      'key_persona',
      'mqa',
      'surge',
    ]);
    for (const a of alerts) {
      assert.equal(a.accountId, target, 'only the target account (the other is no target for MQA)');
      assert.equal(a.link, `https://abm.openabm.test/accounts/${target}`);
      assert.ok(a.taskId, 'shown in the inbox');
    }
    const byKind = new Map(alerts.map((a) => [a.kind, a]));
    assert.match(byKind.get('mqa')?.reason ?? '', /moved to MQA from engaged \(fit A and 42 points/);
    assert.match(
      byKind.get('committee_member')?.reason ?? '',
      /Dana Price \(Chief Financial Officer\) joined the buying committee as Finance Leader/,
    );
    assert.match(
      byKind.get('hand_raiser')?.reason ?? '',
      /filled in a form on https:\/\/alert-target\.com\/demo/,
    );
    assert.match(byKind.get('surge')?.reason ?? '', /6 "Data governance" events this week against 0/);
    const inbox = await t.call('GET', '/tasks', ws.keys.sales);
    const tasks = inbox.json().data as { kind: string; title: string; dueAt: string | null }[];
    assert.equal(tasks.filter((x) => x.kind === 'alert').length, 4);
    const task = tasks.find((x) => x.kind === 'task');
    assert.match(task?.title ?? '', /^Follow up: Hand-raiser: Target <Corp>/);
    assert.ok(task?.dueAt, 'a hand-raiser is a task with a due date');

    // Throttled: the same kinds at the same account within the window raise nothing.
    await mqa(target);
    await insertActivities(db, ws.workspaceId, [
      { type: 'form_fill', at: new Date(), contactId: cfoId, accountId: target },
    ]);
    assert.equal((await consume()).alerts, 0);

    // Webhooks: mine got all five (the first post failed with 500 and was retried), the team's only MQA,
    // the revoked one failed and is listed, never silently dropped.
    const round1 = await deliverWebhooks(db, { workspaceId: ws.workspaceId, backoffMs: () => 0 });
    assert.deepEqual(round1, { delivered: 5, retrying: 1, failed: 1 });
    const round2 = await deliverWebhooks(db, { workspaceId: ws.workspaceId, backoffMs: () => 0 });
    assert.deepEqual(round2, { delivered: 1, retrying: 0, failed: 0 });
    assert.deepEqual(slack.problems, []);
    assert.equal(
      slack.hits.filter((h) => h.path === '/me').length,
      6,
      'five alerts, one posted twice (500 first)',
    );
    const team = slack.hits.filter((h) => h.path === '/team');
    assert.equal(team.length, 1);
    const body = team[0]?.body as { blocks: { text?: { text: string }; fields?: { text: string }[] }[] };
    assert.equal(body.blocks[0]?.text?.text, 'Reached MQA: Target <Corp>');
    assert.ok(
      body.blocks[1]?.fields?.some((f) => f.text === '*Account*\nTarget &lt;Corp&gt;'),
      'mrkdwn escaped',
    );
    const failed = await t.call('GET', '/alerts/deliveries?status=failed', ws.keys.marketer);
    assert.equal(failed.statusCode, 200, failed.body);
    const [lost] = failed.json().data;
    assert.equal(lost.webhook, 'Old channel');
    assert.match(lost.lastError, /HTTP 404/);
    const retry = await t.call('POST', `/alerts/deliveries/${lost.id}/retry`, ws.keys.marketer);
    assert.deepEqual(retry.json(), { id: lost.id, status: 'pending' });

    // The daily digest: one e-mail to the owner with every alert and its dossier link, through the send log.
    assert.equal(await sendDigests(db, { workspaceId: ws.workspaceId }), 1);
    assert.equal(
      await sendDigests(db, { workspaceId: ws.workspaceId }),
      0,
      'nothing left, and not due again',
    );
    const before = catcher.messages.length;
    await manualSender(t, ws).drain();
    const [mail] = (await catcher.waitFor(before + 1)).slice(before);
    const owner = await db
      .selectFrom('users')
      .select('email')
      .where('id', '=', ws.userIds.sales)
      .executeTakeFirstOrThrow();
    assert.deepEqual(mail?.to, [owner.email]);
    assert.match(mail?.parsed.subject ?? '', /^5 sales alerts: /);
    const html = String(mail?.parsed.html);
    assert.equal(html.split(`https://abm.openabm.test/accounts/${target}`).length - 1, 5);
    assert.match(html, /Target &lt;Corp&gt;/);
    assert.match(
      mail?.parsed.text ?? '',
      /Dana Price \(Chief Financial Officer\) joined the buying committee/,
    );
  });

  test('preferences: kinds a person does not want are not raised; no inbox keeps the alert out of the tasks', async () => {
    const ws = await t.workspace('Preferences');
    const db = t.database.db;
    await consumeAlertSignals(db, ws.workspaceId, { settleMs: 0 });
    const prefs = await t.call('PUT', '/alerts/preferences', ws.keys.sales, {
      kinds: ['mqa'],
      inbox: false,
      digest: 'off',
      throttleHours: 0,
    });
    assert.equal(prefs.statusCode, 200, prefs.body);
    const acc = await t.call('POST', '/accounts', ws.keys.admin, {
      name: 'Prefs Co',
      ownerId: ws.userIds.sales,
      isTarget: true,
    });
    const id = acc.json().id as string;
    await consumeAlertSignals(db, ws.workspaceId, { settleMs: 0 });
    await insertActivities(db, ws.workspaceId, [{ type: 'form_fill', at: new Date(), accountId: id }]);
    for (let i = 0; i < 2; i++) {
      await sql`INSERT INTO signal_events (workspace_id, type, account_id, payload)
        VALUES (${ws.workspaceId}, 'stage_changed', ${id}, '{"to":"mqa"}')`.execute(db);
    }
    const raised = await consumeAlertSignals(db, ws.workspaceId, { settleMs: 0 });
    assert.equal(raised.alerts, 1, 'MQA once per pass (the form has no person: no hand-raiser)');
    await sql`INSERT INTO signal_events (workspace_id, type, account_id, payload)
      VALUES (${ws.workspaceId}, 'stage_changed', ${id}, '{"to":"mqa"}')`.execute(db);
    assert.equal(
      (await consumeAlertSignals(db, ws.workspaceId, { settleMs: 0 })).alerts,
      1,
      'no throttle window',
    );
    const tasks = await t.call('GET', '/tasks', ws.keys.sales);
    assert.deepEqual(tasks.json().data, []);
    assert.equal(await sendDigests(db, { workspaceId: ws.workspaceId }), 0, 'digest off');
  });
});
