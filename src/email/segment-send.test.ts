import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { makeContact, manualSender, sendsOf, useCatcher } from '../test/email-test-kit.ts';
import { useTestApp } from '../test/test-app.ts';
import { type MailCatcher, startMailCatcher } from './mail-catcher.ts';

const MESSAGE = {
  subject: 'For {{ account.name }}: the Q1 guide',
  html: '<p>Hello {{ contact.firstName }}, a guide for {{ account.name }}.</p>',
};

describe('one-off send to a segment through a real SMTP server', () => {
  const t = useTestApp();
  let catcher: MailCatcher;
  before(async () => {
    catcher = await startMailCatcher();
  });
  after(() => catcher.close());

  test('a people segment at target accounts: the unsubscribed and the erased get nothing, the others one message each', async () => {
    const ws = await t.workspace('Segment send');
    await useCatcher(t, ws, catcher);
    const account = async (name: string, isTarget: boolean) => {
      const res = await t.call('POST', '/accounts', ws.keys.admin, { name, isTarget, tier: 1 });
      assert.equal(res.statusCode, 201, res.body);
      return res.json().id as string;
    };
    const nordlys = await account('Nordlys AS', true);
    const southwind = await account('Southwind & <Sons>', true);
    const elsewhere = await account('Elsewhere Ltd', false);
    const at = (accountId: string, firstName: string) => makeContact(t, ws, { accountId, firstName });
    const people = [
      await at(nordlys, 'Ada'),
      await at(nordlys, 'Bo'),
      await at(southwind, 'Cy'),
      await at(southwind, 'Di'),
      await at(southwind, 'Ed'),
    ];
    const outsider = await at(elsewhere, 'Out');
    const [ada, bo, cy, di, ed] = people;
    assert.ok(ada && bo && cy && di && ed);

    const segment = await t.call('POST', '/segments', ws.keys.marketer, {
      name: 'People at target accounts',
      kind: 'contact',
      rule: { type: 'account', rule: { type: 'field', field: 'isTarget', op: 'eq', value: true } },
    });
    assert.equal(segment.statusCode, 201, segment.body);
    const segmentId: string = segment.json().id;
    assert.equal(segment.json().memberCount, 5);

    // Unsubscribed before: the preview already shows the refusal.
    const unsub = await t.call('PATCH', `/contacts/${bo.id}`, ws.keys.admin, { unsubscribed: true });
    assert.equal(unsub.statusCode, 200, unsub.body);
    const preview = await t.call('POST', '/email/audience', ws.keys.marketer, { audience: { segmentId } });
    assert.equal(preview.statusCode, 200, preview.body);
    const { sampleContactId, ...counts } = preview.json();
    assert.ok(people.some((p) => p.id === sampleContactId));
    assert.deepEqual(counts, {
      segmentKind: 'contact',
      segmentMembers: 5,
      contacts: 5,
      withoutEmail: 0,
      wouldSend: 4,
      deferred: 0,
      refusals: [{ reason: 'unsubscribed', count: 1 }],
    });
    assert.equal(
      (await t.call('POST', '/email/audience', ws.keys.sales, { audience: { segmentId } })).statusCode,
      403,
    );

    const queued = await t.call('POST', '/email/sends', ws.keys.marketer, {
      name: 'Q1 guide to target accounts',
      content: MESSAGE,
      audience: { segmentId },
    });
    assert.equal(queued.statusCode, 202, queued.body);
    assert.equal(queued.json().queued, 5);
    const batchId: string = queued.json().batchId;
    // Erased after queueing: refused at the moment of sending.
    const erased = await t.call('POST', '/privacy/erasures', ws.keys.admin, { contactId: ed.id });
    assert.equal(erased.statusCode, 200, erased.body);

    const before = catcher.messages.length;
    const sender = manualSender(t, ws);
    try {
      await sender.drain();
    } finally {
      await sender.stop();
    }
    const arrived = (await catcher.waitFor(before + 3)).slice(before);
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(catcher.messages.length, before + 3, 'exactly three messages arrived');
    const byTo = new Map(arrived.map((m) => [m.to.join(','), m]));
    assert.deepEqual([...byTo.keys()].sort(), [ada.email, cy.email, di.email].sort());
    for (const gone of [bo.email, ed.email, outsider.email])
      assert.ok(!catcher.messages.some((m) => m.to.includes(gone)), `${gone} was not mailed`);

    const rows = await sendsOf(t, ws, batchId);
    const byEmail = new Map(rows.map((r) => [r.email, r]));
    for (const person of [ada, cy, di]) {
      const row = byEmail.get(person.email);
      const message = byTo.get(person.email);
      assert.ok(row && message);
      assert.equal(row.status, 'sent');
      assert.equal(message.parsed.messageId, `<${row.id}@openabm.test>`);
      assert.equal(row.message_id, message.parsed.messageId);
      assert.equal(message.parsed.headers.get('x-openabm-send'), row.id);
      const raw = message.raw.toString();
      assert.match(raw, /^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
      assert.match(raw, /^List-Unsubscribe:\s*<https:\/\/abm\.openabm\.test\/u\//m);
      assert.equal(message.parsed.from?.value[0]?.address, 'marketing@openabm.test');
      assert.equal(
        message.parsed.to && 'text' in message.parsed.to ? message.parsed.to.text : '',
        person.email,
      );
    }
    assert.equal(byTo.get(cy.email)?.parsed.subject, 'For Southwind & <Sons>: the Q1 guide');
    assert.ok(String(byTo.get(cy.email)?.parsed.html).includes('Southwind &amp; &lt;Sons&gt;'));
    assert.ok(String(byTo.get(ada.email)?.parsed.text).includes('Hello Ada, a guide for Nordlys AS.'));
    assert.equal(byEmail.get(bo.email)?.status, 'refused');
    assert.equal(byEmail.get(bo.email)?.reason, 'unsubscribed');
    const erasedRows = rows.filter((r) => r.email === null);
    assert.equal(erasedRows.length, 1);
    assert.equal(erasedRows[0]?.status, 'refused');

    const batches = (await t.call('GET', '/email/batches', ws.keys.sales)).json().data;
    assert.deepEqual(batches[0].counts, { sent: 3, refused: 2 });
  });

  test('an account segment sends to its accounts’ contacts, optionally by persona; bad references name the field', async () => {
    const ws = await t.workspace('Account segment send');
    await useCatcher(t, ws, catcher);
    const acc = await t.call('POST', '/accounts', ws.keys.admin, { name: 'Fjord Systems' });
    const accountId: string = acc.json().id;
    const cfo = await makeContact(t, ws, { accountId, title: 'Chief Financial Officer' });
    const engineer = await makeContact(t, ws, { accountId, title: 'Software Engineer' });
    await makeContact(t, ws, { accountId, email: null, firstName: 'No address' });
    await makeContact(t, ws, {}, 'Not in the segment');
    const segment = await t.call('POST', '/segments', ws.keys.marketer, {
      name: 'Hand-picked',
      kind: 'account',
      type: 'static',
    });
    assert.equal(segment.statusCode, 201, segment.body);
    const segmentId: string = segment.json().id;
    const added = await t.call('POST', `/segments/${segmentId}/members`, ws.keys.marketer, {
      add: [accountId],
    });
    assert.equal(added.statusCode, 200, added.body);

    const all = await t.call('POST', '/email/audience', ws.keys.marketer, { audience: { segmentId } });
    assert.equal(all.statusCode, 200, all.body);
    assert.equal(all.json().segmentKind, 'account');
    assert.equal(all.json().segmentMembers, 1);
    assert.equal(all.json().contacts, 3);
    assert.equal(all.json().withoutEmail, 1);
    assert.equal(all.json().wouldSend, 2);

    const personas = (await t.call('GET', '/personas', ws.keys.sales)).json().data as {
      id: string;
      name: string;
    }[];
    const finance = personas.find((p) => p.name === 'Finance Leader');
    assert.ok(finance, 'the default personas include Finance Leader');
    const queued = await t.call('POST', '/email/sends', ws.keys.marketer, {
      name: 'CFO note',
      content: MESSAGE,
      audience: { segmentId, personaIds: [finance.id] },
    });
    assert.equal(queued.statusCode, 202, queued.body);
    assert.equal(queued.json().queued, 1);
    const [row] = await sendsOf(t, ws, queued.json().batchId);
    assert.equal(row?.email, cfo.email);
    assert.notEqual(row?.email, engineer.email);

    const unknown = await t.call('POST', '/email/sends', ws.keys.marketer, {
      name: 'x',
      content: MESSAGE,
      audience: { segmentId: '00000000-0000-4000-8000-000000000000' },
    });
    assert.equal(unknown.statusCode, 422);
    assert.equal(unknown.json().errors[0].path, 'body.audience.segmentId');
    const persona = await t.call('POST', '/email/audience', ws.keys.marketer, {
      audience: { segmentId, personaIds: ['00000000-0000-4000-8000-000000000000'] },
    });
    assert.equal(persona.statusCode, 422);
    assert.equal(persona.json().errors[0].path, 'body.audience.personaIds.0');
    const empty = await t.call('POST', '/email/audience', ws.keys.marketer, { audience: {} });
    assert.equal(empty.statusCode, 400);
    assert.equal(empty.json().errors[0].path, 'body.audience');
    const bad = await t.call('POST', '/email/audience', ws.keys.marketer, { audience: { segmentId: 'x' } });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().errors[0].path, 'body.audience.segmentId');
  });
});
