import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { recordEmailEvent } from '../email-tracking/record-email-event.ts';
import { verifyEmailToken } from '../email-tracking/tracking-token.ts';
import { makeContact, manualSender, queueSend, sendsOf, useCatcher } from '../test/email-test-kit.ts';
import { useTestApp } from '../test/test-app.ts';
import { type MailCatcher, startMailCatcher } from './mail-catcher.ts';

describe('e-mail sending through a real SMTP server', () => {
  const t = useTestApp();
  let catcher: MailCatcher;
  const rejectRecipients = new Set<string>();
  let failNext = 0;
  before(async () => {
    catcher = await startMailCatcher({
      onRecipient: (address) =>
        rejectRecipients.has(address) ? { code: 550, message: '5.1.1 User unknown' } : null,
      onMessage: () => {
        if (failNext <= 0) return null;
        failNext -= 1;
        return { code: 451, message: '4.3.0 Try again later' };
      },
    });
    await useCatcher(t, t.ws, catcher);
  });
  after(() => catcher.close());

  test('settings: secrets are write-only, admin only, bad input names the field', async () => {
    const got = await t.call('GET', '/email/settings', t.ws.keys.admin);
    assert.equal(got.statusCode, 200);
    const body = got.json();
    assert.equal(body.mode, 'smtp');
    assert.equal(body.hasSmtpPassword, true);
    assert.ok(!JSON.stringify(body).includes('smtp-secret'));
    const stored = await t.database.db
      .selectFrom('email_settings')
      .select('smtp_password')
      .where('workspace_id', '=', t.ws.workspaceId)
      .executeTakeFirstOrThrow();
    assert.ok(stored.smtp_password?.length);
    assert.equal((await t.call('GET', '/email/settings', t.ws.keys.marketer)).statusCode, 403);
    const bad = await t.call('PUT', '/email/settings', t.ws.keys.admin, { smtp: { host: 'x', port: 70000 } });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().errors[0].path, 'body.smtp.port');
    const zone = await t.call('PUT', '/email/settings', t.ws.keys.admin, {
      quietHours: { start: 20, end: 8, defaultTimeZone: 'Mars/Olympus' },
    });
    assert.equal(zone.statusCode, 400);
    assert.equal(zone.json().errors[0].path, 'body.quietHours.defaultTimeZone');
  });

  test('a one-off send arrives with unsubscribe headers, DKIM, Message-ID, escaped names and a text part', async () => {
    const other = await t.workspace('Signed');
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    await useCatcher(t, other, catcher, {
      dkim: {
        domain: 'openabm.test',
        selector: 's2026',
        privateKey: privateKey.export({ type: 'pkcs1', format: 'pem' }),
      },
    });
    const shown = (await t.call('GET', '/email/settings', other.keys.admin)).json();
    assert.deepEqual(shown.dkim, { domain: 'openabm.test', selector: 's2026' });
    assert.equal(shown.hasDkimPrivateKey, true);
    const hostile = '<script>alert(1)</script> & "Sons"';
    const contact = await makeContact(t, other, { firstName: '<b>Eve</b>' }, hostile);
    const queued = await queueSend(t, other, [contact.id]);
    assert.equal(queued.mode, 'smtp');
    assert.equal(queued.queued, 1);
    const before = catcher.messages.length;
    const sender = manualSender(t, other);
    try {
      await sender.drain();
    } finally {
      await sender.stop();
    }
    const [message] = (await catcher.waitFor(before + 1)).slice(before);
    assert.ok(message);
    const rawHeaders =
      message.raw
        .toString()
        .split(/\r?\n\r?\n/)[0]
        ?.replace(/\r?\n[ \t]+/g, ' ') ?? '';
    const unsubscribe = rawHeaders.match(/^List-Unsubscribe: <([^>]+)>/m)?.[1] ?? '';
    assert.match(unsubscribe, /^https:\/\/abm\.openabm\.test\/u\/[\w-]+\.[\w-]+$/);
    assert.match(rawHeaders, /^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/m);
    const dkim = rawHeaders.match(/^DKIM-Signature: (.+)$/m)?.[1] ?? '';
    assert.match(dkim, /d=openabm\.test/);
    assert.match(dkim, /s=s2026/);
    assert.match(dkim.replace(/\s+/g, ''), /h=[^;]*List-Unsubscribe:List-Unsubscribe-Post/i);
    const [send] = await sendsOf(t, other, queued.batchId);
    assert.equal(message.parsed.messageId, `<${send?.id}@openabm.test>`);
    assert.equal(send?.status, 'sent');
    assert.equal(send?.message_id, message.parsed.messageId);
    assert.match(send?.smtp_response ?? '', /250/);
    assert.equal(message.parsed.subject, `A guide for ${hostile}`);
    const html = String(message.parsed.html);
    assert.ok(!html.includes('<script>'), 'the account name is escaped in HTML');
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;Sons&#34;'));
    assert.ok(html.includes('&lt;b&gt;Eve&lt;/b&gt;'));
    assert.ok(html.includes('Unsubscribe or choose topics'));
    assert.ok(html.includes('/e/c/'), 'links go through signed click tracking');
    assert.ok(!html.includes('href="https://openabm.test/guide'));
    const text = String(message.parsed.text);
    assert.ok(text.includes(`Hello <b>Eve</b> at ${hostile}`), 'the text part carries the plain values');
    assert.ok(text.includes(`Unsubscribe or choose topics: ${unsubscribe}`));
    assert.equal(message.parsed.replyTo?.text, 'team@openabm.test');

    // Every send is an activity of the person and account.
    const activity = await t.database.db
      .selectFrom('activities')
      .selectAll()
      .where('workspace_id', '=', other.workspaceId)
      .where('type', '=', 'email_sent')
      .executeTakeFirstOrThrow();
    assert.equal(activity.contact_id, contact.id);
    assert.equal(activity.account_id, contact.accountId);
    assert.equal(activity.properties.sendId, send?.id);

    // A human open (a minute later) and a click mark the send and score.
    const pixel = html.match(/\/e\/o\/([^"]+)\.gif/)?.[1] ?? '';
    const click = html.match(/\/e\/c\/([^"]+)"/)?.[1] ?? '';
    const at = new Date(Date.now() + 60_000);
    const ua =
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15';
    for (const [token, kind] of [
      [pixel, 'o'],
      [click, 'c'],
    ] as const) {
      const payload = await verifyEmailToken(t.database.db, token, kind);
      assert.ok(payload, `${kind} token verifies`);
      assert.equal(
        await recordEmailEvent(t.database.db, payload, { userAgent: ua, ip: '198.51.100.9', at }),
        true,
      );
    }
    const log = await t.call('GET', `/email/sends?accountId=${contact.accountId}`, other.keys.sales);
    assert.equal(log.statusCode, 200);
    const [row] = log.json().data;
    assert.equal(row.status, 'sent');
    assert.ok(row.openedAt && row.clickedAt);
    assert.equal(row.batchName, 'Q1 guide');
    const byContact = await t.call('GET', `/email/sends?contactId=${contact.id}`, other.keys.sales);
    assert.equal(byContact.json().data.length, 1);
  });

  test('a content-library template is rendered per recipient, with its own unsubscribe link', async () => {
    const ws = await t.workspace('Templated');
    await useCatcher(t, ws, catcher);
    const contact = await makeContact(t, ws, { firstName: 'Tia' }, '<i>Hostile</i> AG');
    const template = await t.database.db
      .insertInto('content_templates')
      .values({ workspace_id: ws.workspaceId, name: 'Guide', locale: 'en-GB' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.database.db
      .insertInto('content_template_versions')
      .values({
        workspace_id: ws.workspaceId,
        template_id: template.id,
        version: 1,
        subject: 'For {{ account.name }}',
        preheader: 'Hi {{ contact.first_name }}',
        html: '<html><body><p>{{ account.name }}</p><a href="{{ unsubscribe_url }}">Leave</a></body></html>',
        text: null,
      })
      .execute();
    const unknown = await t.call('POST', '/email/sends', ws.keys.marketer, {
      name: 'T',
      templateId: '00000000-0000-4000-8000-000000000000',
      audience: { contactIds: [contact.id] },
    });
    assert.equal(unknown.statusCode, 422);
    assert.equal(unknown.json().errors[0].path, 'body.templateId');
    const res = await t.call('POST', '/email/sends', ws.keys.marketer, {
      name: 'Templated guide',
      templateId: template.id,
      audience: { contactIds: [contact.id] },
    });
    assert.equal(res.statusCode, 202, res.body);
    const before = catcher.messages.length;
    const sender = manualSender(t, ws);
    try {
      await sender.drain();
    } finally {
      await sender.stop();
    }
    const [message] = (await catcher.waitFor(before + 1)).slice(before);
    assert.equal(message?.parsed.subject, 'For <i>Hostile</i> AG');
    const html = String(message?.parsed.html);
    assert.ok(html.includes('&lt;i&gt;Hostile&lt;/i&gt; AG'));
    assert.match(html, /href="https:\/\/abm\.openabm\.test\/u\/[\w-]+\.[\w-]+">Leave/);
    assert.ok(!html.includes('Unsubscribe or choose topics'), 'no second unsubscribe link');
    assert.equal(html.split('Hi Tia').length, 2, 'one hidden preheader');
  });

  test('the same send key never mails a recipient twice', async () => {
    const contact = await makeContact(t, t.ws);
    const first = await queueSend(t, t.ws, [contact.id], { sendKey: 'newsletter-2026-12' });
    const again = await queueSend(t, t.ws, [contact.id], { sendKey: 'newsletter-2026-12' });
    assert.equal(first.queued, 1);
    assert.equal(again.queued, 0);
    assert.equal(again.alreadyQueued, 1);
  });

  test('refused at the moment of sending: unsubscribed, do-not-contact, bounced, no consent, erased', async () => {
    const ok = await makeContact(t, t.ws, { country: 'US', consentBasis: 'legitimate_interest' });
    const unsubscribed = await makeContact(t, t.ws);
    const dnc = await makeContact(t, t.ws, { doNotContact: true });
    const bounced = await makeContact(t, t.ws, { bounced: true });
    const germanNoConsent = await makeContact(t, t.ws, {
      country: 'Germany',
      consentBasis: 'legitimate_interest',
    });
    const germanConsent = await makeContact(t, t.ws, { country: 'DE', consentBasis: 'consent' });
    const none = await makeContact(t, t.ws, { country: 'US', consentBasis: 'none' });
    const erased = await makeContact(t, t.ws);
    const queued = await queueSend(
      t,
      t.ws,
      [ok, unsubscribed, dnc, bounced, germanNoConsent, germanConsent, none, erased].map((c) => c.id),
    );
    assert.equal(queued.queued, 8);
    // Changes after queueing count: checked when sending, not when queued.
    assert.equal(
      (await t.call('PATCH', `/contacts/${unsubscribed.id}`, t.ws.keys.admin, { unsubscribed: true }))
        .statusCode,
      200,
    );
    assert.equal(
      (await t.call('POST', '/privacy/erasures', t.ws.keys.admin, { contactId: erased.id })).statusCode,
      200,
    );
    const sender = manualSender(t, t.ws);
    try {
      await sender.drain();
    } finally {
      await sender.stop();
    }
    const rows = await sendsOf(t, t.ws, queued.batchId);
    const byEmail = new Map(rows.map((r) => [r.email, r]));
    assert.equal(byEmail.get(ok.email)?.status, 'sent');
    assert.equal(byEmail.get(germanConsent.email)?.status, 'sent');
    assert.equal(byEmail.get(unsubscribed.email)?.reason, 'unsubscribed');
    assert.equal(byEmail.get(dnc.email)?.reason, 'do not contact');
    assert.equal(byEmail.get(bounced.email)?.reason, 'bounced address');
    assert.match(byEmail.get(germanNoConsent.email)?.reason ?? '', /no consent: DE requires opt-in consent/);
    assert.match(byEmail.get(none.email)?.reason ?? '', /no consent/);
    const erasedRows = rows.filter((r) => r.email === null);
    assert.equal(erasedRows.length, 1, 'the erased person’s send keeps no address');
    assert.equal(erasedRows[0]?.status, 'refused');
    assert.equal(erasedRows[0]?.contact_id, null);
    for (const r of rows.filter((r) => r.status === 'refused')) {
      assert.ok(!catcher.messages.some((m) => m.to.includes(r.email ?? '—')), `${r.email} was not mailed`);
    }
  });

  test('frequency cap per person: the fourth marketing e-mail in a week is refused', async () => {
    const ws = await t.workspace('Capped');
    await useCatcher(t, ws, catcher, { frequencyCap: { perPersonPerWeek: 3, perAccountPerWeek: 0 } });
    const contact = await makeContact(t, ws);
    const sender = manualSender(t, ws);
    try {
      for (let i = 0; i < 4; i++) {
        await queueSend(t, ws, [contact.id]);
        await sender.drain();
      }
    } finally {
      await sender.stop();
    }
    const rows = await t.database.db
      .selectFrom('email_sends')
      .select(['status', 'reason'])
      .where('workspace_id', '=', ws.workspaceId)
      .orderBy('queued_at')
      .execute();
    assert.deepEqual(
      rows.map((r) => r.status),
      ['sent', 'sent', 'sent', 'refused'],
    );
    assert.match(rows[3]?.reason ?? '', /frequency cap: 3 marketing e-mails to this person in 7 days/);
  });

  test('frequency cap per account counts every person of the account', async () => {
    const ws = await t.workspace('Account capped');
    await useCatcher(t, ws, catcher, { frequencyCap: { perPersonPerWeek: 0, perAccountPerWeek: 2 } });
    const a = await makeContact(t, ws, {}, 'Capped Corp');
    const b = await makeContact(t, ws, { accountId: a.accountId });
    const c = await makeContact(t, ws, { accountId: a.accountId });
    const queued = await queueSend(t, ws, [a.id, b.id, c.id]);
    const sender = manualSender(t, ws);
    try {
      await sender.drain();
    } finally {
      await sender.stop();
    }
    const rows = await sendsOf(t, ws, queued.batchId);
    assert.equal(rows.filter((r) => r.status === 'sent').length, 2);
    assert.match(rows.find((r) => r.status === 'refused')?.reason ?? '', /to this account/);
  });

  test('quiet hours in the recipient’s time zone defer the send, never drop it', async () => {
    const ws = await t.workspace('Quiet');
    const hour = new Date().getUTCHours();
    await useCatcher(t, ws, catcher, {
      quietHours: { start: hour, end: (hour + 2) % 24, defaultTimeZone: 'UTC' },
    });
    const contact = await makeContact(t, ws, { country: 'Atlantis' });
    const queued = await queueSend(t, ws, [contact.id]);
    const sender = manualSender(t, ws);
    try {
      await sender.drain();
    } finally {
      await sender.stop();
    }
    const [row] = await sendsOf(t, ws, queued.batchId);
    assert.equal(row?.status, 'queued');
    assert.equal(row?.reason, 'quiet hours in UTC');
    const due = new Date(row?.due_at ?? 0);
    assert.equal(due.getUTCHours(), (hour + 2) % 24);
    assert.equal(due.getUTCMinutes(), 0);
    assert.ok(due.getTime() - Date.now() <= 2 * 3600_000);
  });

  test('a temporary SMTP error (451) is retried; a 550 for the recipient is a hard bounce that suppresses', async () => {
    const retried = await makeContact(t, t.ws);
    const unknown = await makeContact(t, t.ws);
    rejectRecipients.add(unknown.email);
    failNext = 1;
    const queued = await queueSend(t, t.ws, [retried.id]);
    const sender = manualSender(t, t.ws);
    try {
      await sender.drain();
      const bounce = await queueSend(t, t.ws, [unknown.id]);
      await sender.drain();
      const [b] = await sendsOf(t, t.ws, bounce.batchId);
      assert.equal(b?.status, 'bounced');
      assert.equal(b?.bounce_type, 'hard');
      const contact = (await t.call('GET', `/contacts/${unknown.id}`, t.ws.keys.admin)).json();
      assert.equal(contact.bounced, true);
      // Suppressed from now on, even if the contact's flag is cleared again.
      await t.call('PATCH', `/contacts/${unknown.id}`, t.ws.keys.admin, { bounced: false });
      const later = await queueSend(t, t.ws, [unknown.id]);
      await sender.drain();
      const [l] = await sendsOf(t, t.ws, later.batchId);
      assert.equal(l?.reason, 'address suppressed (hard bounce)');
    } finally {
      await sender.stop();
    }
    const [row] = await sendsOf(t, t.ws, queued.batchId);
    assert.equal(row?.status, 'sent');
    assert.equal(row?.attempts, 2);
    assert.equal(catcher.messages.filter((m) => m.to.includes(retried.email)).length, 1);
  });

  test('temporary errors give up after the last attempt', async () => {
    const contact = await makeContact(t, t.ws);
    failNext = 2;
    const queued = await queueSend(t, t.ws, [contact.id]);
    const sender = manualSender(t, t.ws, { maxAttempts: 2 });
    try {
      await sender.drain();
    } finally {
      await sender.stop();
      failNext = 0;
    }
    const [row] = await sendsOf(t, t.ws, queued.batchId);
    assert.equal(row?.status, 'failed');
    assert.match(row?.reason ?? '', /gave up after 2 attempts: .*451/);
  });

  test('without SMTP settings every send is a marked dry run', async () => {
    const ws = await t.workspace('Dry');
    await useCatcher(t, ws, catcher);
    const cleared = await t.call('PUT', '/email/settings', ws.keys.admin, { smtp: null, quietHours: null });
    assert.equal(cleared.json().mode, 'dry-run');
    assert.equal(cleared.json().hasSmtpPassword, false);
    const contact = await makeContact(t, ws);
    const queued = await queueSend(t, ws, [contact.id]);
    assert.equal(queued.mode, 'dry-run');
    const before = catcher.messages.length;
    const sender = manualSender(t, ws);
    try {
      await sender.drain();
    } finally {
      await sender.stop();
    }
    const [row] = await sendsOf(t, ws, queued.batchId);
    assert.equal(row?.status, 'sent');
    assert.equal(row?.dry_run, true);
    assert.match(row?.smtp_response ?? '', /^dry-run/);
    assert.equal(catcher.messages.length, before);
    const log = (await t.call('GET', `/email/sends?contactId=${contact.id}`, ws.keys.sales)).json();
    assert.equal(log.data[0].dryRun, true);
  });

  test('a test send goes to colleagues rendered as a contact, without touching the contact', async () => {
    const contact = await makeContact(t, t.ws, { firstName: 'Rendered' }, 'Test Corp');
    const res = await t.call('POST', '/email/test', t.ws.keys.marketer, {
      to: ['Colleague@openabm.test'],
      contactId: contact.id,
      content: { subject: 'Hi {{ contact.firstName }}', html: '<p>{{ account.name }}</p>' },
    });
    assert.equal(res.statusCode, 202, res.body);
    const before = catcher.messages.length;
    const sender = manualSender(t, t.ws);
    try {
      await sender.drain();
    } finally {
      await sender.stop();
    }
    const [message] = (await catcher.waitFor(before + 1)).slice(before);
    assert.deepEqual(message?.to, ['colleague@openabm.test']);
    assert.equal(message?.parsed.subject, 'Hi Rendered');
    assert.match(String(message?.parsed.html), /Test Corp/);
    const sent = await t.database.db
      .selectFrom('activities')
      .select('id')
      .where('workspace_id', '=', t.ws.workspaceId)
      .where('contact_id', '=', contact.id)
      .where('type', '=', 'email_sent')
      .execute();
    assert.equal(sent.length, 0);
  });

  test('bad sends: unknown contacts and lists name the field; sales may not send', async () => {
    const missing = await t.call('POST', '/email/sends', t.ws.keys.marketer, {
      name: 'x',
      content: { subject: 's', html: '<p>h</p>' },
      audience: { contactIds: ['00000000-0000-4000-8000-000000000000'] },
    });
    assert.equal(missing.statusCode, 422);
    assert.equal(missing.json().errors[0].path, 'body.audience.contactIds.0');
    const list = await t.call('POST', '/email/sends', t.ws.keys.marketer, {
      name: 'x',
      content: { subject: 's', html: '<p>h</p>' },
      audience: { targetListId: '00000000-0000-4000-8000-000000000000' },
    });
    assert.equal(list.statusCode, 422);
    assert.equal(list.json().errors[0].path, 'body.audience.targetListId');
    const both = await t.call('POST', '/email/sends', t.ws.keys.marketer, {
      name: 'x',
      audience: { contactIds: ['00000000-0000-4000-8000-000000000000'] },
    });
    assert.equal(both.statusCode, 400);
    assert.equal(both.json().errors[0].path, 'body.content');
    const sales = await t.call('POST', '/email/sends', t.ws.keys.sales, {
      name: 'x',
      content: { subject: 's', html: '<p>h</p>' },
      audience: { contactIds: ['00000000-0000-4000-8000-000000000000'] },
    });
    assert.equal(sales.statusCode, 403);
  });

  test('erasure and export of a person cover the send log', async () => {
    const contact = await makeContact(t, t.ws, { firstName: 'Erin', lastName: 'Erased' });
    await queueSend(t, t.ws, [contact.id]);
    const sender = manualSender(t, t.ws);
    try {
      await sender.drain();
    } finally {
      await sender.stop();
    }
    const exported = await t.call('GET', `/privacy/people/export?contactId=${contact.id}`, t.ws.keys.admin);
    assert.equal(exported.statusCode, 200, exported.body);
    const sends = exported.json().emailSends;
    assert.equal(sends.length, 1);
    assert.equal(sends[0].email, contact.email);
    assert.equal(sends[0].status, 'sent');
    const erased = await t.call('POST', '/privacy/erasures', t.ws.keys.admin, { contactId: contact.id });
    assert.equal(erased.json().erased.email_sends, 1);
    const left = await t.database.db
      .selectFrom('email_sends')
      .selectAll()
      .where('workspace_id', '=', t.ws.workspaceId)
      .where('id', '=', sends[0].id)
      .executeTakeFirstOrThrow();
    assert.equal(left.email, null);
    assert.equal(left.contact_id, null);
    assert.equal(left.subject, null);
  });
});
