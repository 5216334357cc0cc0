import assert from 'node:assert/strict';
import { test } from 'node:test';
import { useTestApp } from '../test/test-app.ts';
import { openPixelUrl, signEmailLink } from './tracking-token.ts';

const BASE = 'https://abm.example.com';
const HUMAN =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15';

const t = useTestApp();

async function setup() {
  const ws = await t.workspace('Email');
  const account = await t.database.db
    .insertInto('accounts')
    .values({ workspace_id: ws.workspaceId, name: 'Acme' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const contact = await t.database.db
    .insertInto('contacts')
    .values({ workspace_id: ws.workspaceId, email: 'pat@acme.example', account_id: account.id })
    .returning('id')
    .executeTakeFirstOrThrow();
  const input = {
    workspaceId: ws.workspaceId,
    contactId: contact.id,
    messageId: 'msg-1',
    campaignId: 'camp-7',
    sentAt: new Date(Date.now() - 3600_000),
  };
  return { workspaceId: ws.workspaceId, accountId: account.id, contactId: contact.id, input };
}

const pathOf = (url: string) => url.slice(BASE.length);
const activitiesOf = (workspaceId: string) =>
  t.database.db
    .selectFrom('activities')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .orderBy('id')
    .execute();

test('click: 302 to the signed target, recorded on the contact and account', async () => {
  const s = await setup();
  const link = await signEmailLink(t.database.db, BASE, s.input, 'https://acme.example/pricing?x=1');
  assert.ok(link.startsWith(`${BASE}/e/c/`));
  const res = await t.inject({ method: 'GET', url: pathOf(link), headers: { 'user-agent': HUMAN } });
  assert.equal(res.statusCode, 302);
  assert.equal(res.headers.location, 'https://acme.example/pricing?x=1');
  const [click] = await activitiesOf(s.workspaceId);
  assert.equal(click?.type, 'email_click');
  assert.equal(click?.contact_id, s.contactId);
  assert.equal(click?.account_id, s.accountId);
  assert.equal(click?.properties.url, 'https://acme.example/pricing?x=1');
  assert.equal(click?.properties.campaignId, 'camp-7');
  assert.equal(click?.properties.bot, undefined);
});

test('open pixel: a 1×1 GIF; bots, mail proxies and instant opens flagged', async () => {
  const s = await setup();
  const pixel = await openPixelUrl(t.database.db, BASE, s.input);
  assert.match(pixel, /\/e\/o\/[^/]+\.gif$/);
  const res = await t.inject({ method: 'GET', url: pathOf(pixel), headers: { 'user-agent': HUMAN } });
  assert.equal(res.statusCode, 200);
  assert.equal(res.headers['content-type'], 'image/gif');
  assert.equal(res.rawPayload.subarray(0, 6).toString(), 'GIF89a');
  assert.match(String(res.headers['cache-control']), /no-store/);

  await t.inject({
    method: 'GET',
    url: pathOf(pixel),
    headers: { 'user-agent': 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)' },
  });
  await t.inject({
    method: 'GET',
    url: pathOf(pixel),
    headers: {
      'user-agent':
        'Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)',
    },
  });
  await t.inject({ method: 'GET', url: pathOf(pixel), headers: { 'user-agent': 'Mozilla/5.0' } });
  const fresh = await openPixelUrl(t.database.db, BASE, { ...s.input, sentAt: new Date() });
  await t.inject({ method: 'GET', url: pathOf(fresh), headers: { 'user-agent': HUMAN } });

  const opens = await activitiesOf(s.workspaceId);
  assert.deepEqual(
    opens.map((o) => [o.type, o.properties.bot ?? false, o.properties.botReason ?? null]),
    [
      ['email_open', false, null],
      ['email_open', true, 'bot_user_agent'],
      ['email_open', true, 'google_image_proxy'],
      ['email_open', true, 'apple_mail_privacy'],
      ['email_open', true, 'too_soon_after_send'],
    ],
  );
  assert.ok(opens.every((o) => o.contact_id === s.contactId && o.account_id === s.accountId));
});

test('no open redirect: tampered, unsigned, cross-workspace or wrong-kind tokens → 404, never a redirect', async () => {
  const s = await setup();
  const other = await setup();
  const link = await signEmailLink(t.database.db, BASE, s.input, 'https://acme.example/');
  const token = pathOf(link).slice('/e/c/'.length);
  const [body, signature] = token.split('.');
  assert.ok(body && signature);
  const payload = JSON.parse(Buffer.from(body, 'base64url').toString());
  const evil = Buffer.from(JSON.stringify({ ...payload, u: 'https://evil.example/' })).toString('base64url');
  const otherWs = Buffer.from(JSON.stringify({ ...payload, w: other.workspaceId })).toString('base64url');
  const pixel = await openPixelUrl(t.database.db, BASE, s.input);
  const attempts = [
    `/e/c/${evil}.${signature}`,
    `/e/c/${evil}`,
    `/e/c/${otherWs}.${signature}`,
    `/e/c/${body}.${signature.slice(0, -2)}xx`,
    `/e/c/${pathOf(pixel)
      .slice('/e/o/'.length)
      .replace(/\.gif$/, '')}`,
    '/e/c/garbage',
    `/e/o/${evil}.${signature}.gif`,
  ];
  for (const url of attempts) {
    const res = await t.inject({ method: 'GET', url });
    assert.ok(res.statusCode === 404 || res.statusCode === 400, `${url} → ${res.statusCode}`);
    assert.equal(res.headers.location, undefined);
  }
  assert.equal((await activitiesOf(s.workspaceId)).length, 0);
  await assert.rejects(signEmailLink(t.database.db, BASE, s.input, 'javascript:alert(1)'), /http/);
});
