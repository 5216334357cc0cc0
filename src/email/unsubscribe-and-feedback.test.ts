import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { makeContact, manualSender, queueSend, sendsOf, useCatcher } from '../test/email-test-kit.ts';
import { useTestApp } from '../test/test-app.ts';
import { type MailCatcher, startMailCatcher } from './mail-catcher.ts';
import { parseDeliveryReport } from './parse-delivery-report.ts';

const fixtures = path.join(import.meta.dirname, 'fixtures');
const fill = (file: string, send: { id: string; email: string | null; message_id: string | null }) =>
  readFileSync(path.join(fixtures, file), 'utf8')
    .replaceAll('{{RECIPIENT}}', send.email ?? '')
    .replaceAll('{{MESSAGE_ID}}', send.message_id ?? '')
    .replaceAll('{{SEND_ID}}', send.id);

describe('unsubscribe, preferences, bounces and complaints', () => {
  const t = useTestApp();
  let catcher: MailCatcher;
  before(async () => {
    catcher = await startMailCatcher();
    await useCatcher(t, t.ws, catcher);
  });
  after(() => catcher.close());

  /** Send one e-mail to a fresh contact; returns the contact, its send row and the unsubscribe path. */
  async function mailed(fields: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) {
    const contact = await makeContact(t, t.ws, fields, 'Unsub Corp');
    const queued = await queueSend(t, t.ws, [contact.id], extra);
    const sender = manualSender(t, t.ws);
    try {
      await sender.drain();
    } finally {
      await sender.stop();
    }
    const [send] = await sendsOf(t, t.ws, queued.batchId);
    assert.equal(send?.status, 'sent');
    const message = catcher.messages.find((m) => m.parsed.messageId === send?.message_id);
    assert.ok(message, 'the message arrived');
    const headers =
      message.raw
        .toString()
        .split(/\r?\n\r?\n/)[0]
        ?.replace(/\r?\n[ \t]+/g, ' ') ?? '';
    const link = headers.match(/^List-Unsubscribe: <https:\/\/abm\.openabm\.test(\/u\/[^>]+)>/m)?.[1];
    assert.ok(link, 'List-Unsubscribe carries the https link');
    assert.ok(String(message.parsed.html).includes(link), 'the body has the same visible link');
    return { contact, send, link };
  }

  test('one-click unsubscribe (RFC 8058): a POST with no cookie or key, honoured at once', async () => {
    const { contact, send, link } = await mailed();
    const res = await t.inject({
      method: 'POST',
      url: link,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), { unsubscribed: true });
    const after = (await t.call('GET', `/contacts/${contact.id}`, t.ws.keys.admin)).json();
    assert.equal(after.unsubscribed, true);
    const [row] = await sendsOf(t, t.ws, send.batch_id);
    assert.ok(row?.unsubscribed_at);
    const activity = await t.database.db
      .selectFrom('activities')
      .select('type')
      .where('workspace_id', '=', t.ws.workspaceId)
      .where('contact_id', '=', contact.id)
      .where('type', '=', 'email_unsubscribed')
      .execute();
    assert.equal(activity.length, 1);
    // The next marketing send is refused at the moment of sending.
    const next = await queueSend(t, t.ws, [contact.id]);
    const sender = manualSender(t, t.ws);
    try {
      await sender.drain();
    } finally {
      await sender.stop();
    }
    assert.equal((await sendsOf(t, t.ws, next.batchId))[0]?.reason, 'unsubscribed');
  });

  test('a tampered or foreign token is a 404, never an unsubscribe', async () => {
    const { contact, link } = await mailed();
    const [body, signature] = link.slice('/u/'.length).split('.');
    const forged = Buffer.from(JSON.stringify({ w: t.ws.workspaceId, c: contact.id })).toString('base64url');
    for (const url of [
      `/u/${forged}.${signature}`,
      `/u/${body}.x${signature?.slice(1)}`,
      '/u/nonsense',
      `/u/${body}`,
    ]) {
      const res = await t.inject({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'List-Unsubscribe=One-Click',
      });
      assert.equal(res.statusCode, 404, url);
      assert.equal((await t.inject({ method: 'GET', url })).statusCode, 404);
    }
    assert.equal(
      (await t.call('GET', `/contacts/${contact.id}`, t.ws.keys.admin)).json().unsubscribed,
      false,
    );
  });

  test('the preference page: topics off, then everything off, then back on', async () => {
    const { contact, link } = await mailed({}, { topic: 'events' });
    const page = await t.inject({ method: 'GET', url: link });
    assert.equal(page.statusCode, 200);
    assert.match(String(page.headers['content-type']), /text\/html/);
    assert.match(page.body, /<input type="checkbox" name="topic" value="events" checked>/);
    assert.ok(!page.body.includes('<script'));
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const saved = await t.inject({
      method: 'POST',
      url: link,
      headers: form,
      payload: 'topic=newsletter&topic=product&choice=topics',
    });
    assert.equal(saved.statusCode, 200);
    assert.match(saved.body, /Your choices are saved/);
    assert.match(saved.body, /value="events">/);
    const prefs = await t.database.db
      .selectFrom('email_preferences')
      .select('topics_off')
      .where('workspace_id', '=', t.ws.workspaceId)
      .where('contact_id', '=', contact.id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(prefs.topics_off, ['events']);
    // An events send is refused, a newsletter one goes out.
    const events = await queueSend(t, t.ws, [contact.id], { topic: 'events' });
    const news = await queueSend(t, t.ws, [contact.id], { topic: 'newsletter' });
    const sender = manualSender(t, t.ws);
    try {
      await sender.drain();
    } finally {
      await sender.stop();
    }
    assert.equal((await sendsOf(t, t.ws, events.batchId))[0]?.reason, 'unsubscribed from topic events');
    assert.equal((await sendsOf(t, t.ws, news.batchId))[0]?.status, 'sent');
    const all = await t.inject({ method: 'POST', url: link, headers: form, payload: 'choice=all' });
    assert.match(all.body, /unsubscribed from all marketing e-mail/);
    assert.equal((await t.call('GET', `/contacts/${contact.id}`, t.ws.keys.admin)).json().unsubscribed, true);
    await t.inject({ method: 'POST', url: link, headers: form, payload: 'topic=events&choice=topics' });
    assert.equal(
      (await t.call('GET', `/contacts/${contact.id}`, t.ws.keys.admin)).json().unsubscribed,
      false,
    );
  });

  test('DSN and ARF samples parse into recipients, outcomes and the send', async () => {
    const send = {
      id: '6f1c0a52-8d43-4c1e-9a57-2b7e4f0d9c11',
      email: 'ann@example.net',
      message_id: '<6f1c0a52-8d43-4c1e-9a57-2b7e4f0d9c11@openabm.test>',
    };
    const hard = await parseDeliveryReport(fill('dsn-hard-bounce.eml', send));
    assert.deepEqual(hard?.recipients, [
      {
        email: 'ann@example.net',
        action: 'failed',
        status: '5.1.1',
        diagnostic:
          '550 5.1.1 <ann@example.net>: Recipient address rejected: User unknown in virtual mailbox table',
        outcome: 'hard',
      },
    ]);
    assert.equal(hard?.sendId, send.id);
    const soft = await parseDeliveryReport(fill('dsn-soft-bounce.eml', { ...send, id: 'not-ours' }));
    assert.equal(soft?.recipients[0]?.outcome, 'soft');
    assert.equal(soft?.sendId, send.id, 'found through our Message-ID when the header is missing');
    const arf = await parseDeliveryReport(fill('arf-complaint.eml', send));
    assert.equal(arf?.type, 'feedback-report');
    assert.equal(arf?.feedbackType, 'abuse');
    assert.equal(arf?.recipients[0]?.email, 'ann@example.net');
    assert.equal(await parseDeliveryReport('From: a@b.c\r\nSubject: hi\r\n\r\nJust a reply'), null);
  });

  test('the feedback webhook: hard bounce suppresses, soft bounces after N, complaints unsubscribe', async () => {
    const post = (raw: string, key = t.ws.keys.admin) =>
      t.inject({
        method: 'POST',
        url: '/api/v1/email/feedback',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'message/rfc822' },
        payload: raw,
      });
    const hard = await mailed();
    assert.equal(
      (
        await t.inject({
          method: 'POST',
          url: '/api/v1/email/feedback',
          headers: { 'content-type': 'message/rfc822' },
          payload: 'x',
        })
      ).statusCode,
      401,
    );
    assert.equal((await post(fill('dsn-hard-bounce.eml', hard.send), t.ws.keys.marketer)).statusCode, 403);
    const res = await post(fill('dsn-hard-bounce.eml', hard.send));
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), {
      kind: 'bounce',
      sendId: hard.send.id,
      effects: [{ email: hard.contact.email, effect: 'suppressed' }],
    });
    assert.equal((await t.call('GET', `/contacts/${hard.contact.id}`, t.ws.keys.admin)).json().bounced, true);
    const bounced = await t.database.db
      .selectFrom('activities')
      .select(['type', 'account_id'])
      .where('workspace_id', '=', t.ws.workspaceId)
      .where('contact_id', '=', hard.contact.id)
      .where('type', '=', 'email_bounced')
      .execute();
    assert.deepEqual(bounced, [{ type: 'email_bounced', account_id: hard.contact.accountId }]);
    const event = await t.database.db
      .selectFrom('signal_events')
      .select('payload')
      .where('workspace_id', '=', t.ws.workspaceId)
      .where('type', '=', 'email_bounced')
      .executeTakeFirstOrThrow();
    assert.deepEqual(event.payload, {
      sendId: hard.send.id,
      contactId: hard.contact.id,
      bounceType: 'hard',
      suppressed: true,
    });

    // Soft bounces: suppressed at the third (the default limit).
    const soft = await mailed();
    const effects: string[] = [];
    for (let i = 0; i < 3; i++) {
      const send =
        i === 0
          ? soft.send
          : (await sendsOf(t, t.ws, (await queueSend(t, t.ws, [soft.contact.id])).batchId))[0];
      if (i > 0) {
        const sender = manualSender(t, t.ws);
        await sender.drain();
        await sender.stop();
      }
      const row = await t.database.db
        .selectFrom('email_sends')
        .selectAll()
        .where('workspace_id', '=', t.ws.workspaceId)
        .where('id', '=', send?.id ?? '')
        .executeTakeFirstOrThrow();
      const r = await post(fill('dsn-soft-bounce.eml', row));
      effects.push(r.json().effects[0].effect);
    }
    assert.deepEqual(effects, ['bounced', 'bounced', 'suppressed']);

    // A complaint: the send is marked, the person unsubscribed and the address suppressed.
    const complained = await mailed();
    const c = await post(fill('arf-complaint.eml', complained.send));
    assert.equal(c.json().kind, 'complaint');
    const [row] = await sendsOf(t, t.ws, complained.send.batch_id);
    assert.equal(row?.status, 'complained');
    assert.equal(
      (await t.call('GET', `/contacts/${complained.contact.id}`, t.ws.keys.admin)).json().unsubscribed,
      true,
    );
    const suppression = await t.database.db
      .selectFrom('email_suppressions')
      .select('reason')
      .where('workspace_id', '=', t.ws.workspaceId)
      .where('recipient_hash', '=', complained.send.recipient_hash)
      .executeTakeFirstOrThrow();
    assert.equal(suppression.reason, 'complaint');

    // Not a report: ignored; no body: 415 naming the type.
    assert.equal((await post('From: a@b.c\r\nSubject: out of office\r\n\r\nAway')).json().kind, 'ignored');
    const empty = await t.inject({
      method: 'POST',
      url: '/api/v1/email/feedback',
      headers: { authorization: `Bearer ${t.ws.keys.admin}`, 'content-type': 'message/rfc822' },
      payload: '',
    });
    assert.equal(empty.statusCode, 415);
  });

  test('an uncertain send is settled by hand; anything else is a conflict', async () => {
    const { send } = await mailed();
    assert.equal(
      (await t.call('POST', `/email/sends/${send.id}/resolve`, t.ws.keys.marketer, { outcome: 'resend' }))
        .statusCode,
      409,
    );
    await t.database.db
      .updateTable('email_sends')
      .set({ status: 'uncertain' })
      .where('workspace_id', '=', t.ws.workspaceId)
      .where('id', '=', send.id)
      .execute();
    const bad = await t.call('POST', `/email/sends/${send.id}/resolve`, t.ws.keys.marketer, {
      outcome: 'maybe',
    });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().errors[0].path, 'body.outcome');
    assert.equal(
      (await t.call('POST', `/email/sends/${send.id}/resolve`, t.ws.keys.sales, { outcome: 'sent' }))
        .statusCode,
      403,
    );
    assert.equal(
      (await t.call('POST', `/email/sends/${send.id}/resolve`, t.ws.keys.marketer, { outcome: 'sent' }))
        .statusCode,
      204,
    );
    const [row] = await sendsOf(t, t.ws, send.batch_id);
    assert.equal(row?.status, 'sent');
    const batches = (await t.call('GET', '/email/batches', t.ws.keys.sales)).json();
    assert.ok(
      batches.data.some(
        (b: { id: string; counts: Record<string, number> }) => b.id === send.batch_id && b.counts.sent === 1,
      ),
    );
  });
});
