import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { storeIpRanges } from '../signals/reverse-ip/store-ip-ranges.ts';
import { basicAuth, useTestApp } from '../test/test-app.ts';
import { bearer } from '../test/test-database.ts';
import { drainInbound } from './drain-inbound.ts';

const t = useTestApp();

/** The workspace's activities, after the inbound processor has handled everything accepted so far. */
async function activities(workspaceId: string) {
  await drainInbound(t.database.db, workspaceId);
  return t.database.db
    .selectFrom('activities')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .orderBy('id')
    .execute();
}

test('wrong or missing write key → 401, nothing stored', async () => {
  const ws = await t.trackedWorkspace('Input');
  const body = { batch: [{ type: 'track', event: 'X', anonymousId: 'a' }] };
  const wrong = await t.inject({
    method: 'POST',
    url: '/v1/batch',
    headers: basicAuth('nope'),
    payload: body,
  });
  assert.equal(wrong.statusCode, 401);
  assert.match(wrong.json().detail, /write key/);
  const missing = await t.inject({ method: 'POST', url: '/v1/batch', payload: body });
  assert.equal(missing.statusCode, 401);
  assert.equal((await activities(ws.workspaceId)).length, 0);
});

test('over 500 KB → 413; over 32 KB an event → that event rejected, the rest kept', async () => {
  const ws = await t.trackedWorkspace('Input');
  const huge = {
    batch: [{ type: 'track', event: 'X', anonymousId: 'a', properties: { blob: 'x'.repeat(600 * 1024) } }],
  };
  const tooLarge = await t.inject({ method: 'POST', url: '/v1/batch', headers: ws.auth, payload: huge });
  assert.equal(tooLarge.statusCode, 413);
  assert.equal(tooLarge.headers['content-type'], 'application/problem+json; charset=utf-8');
  const gzipBomb = gzipSync(JSON.stringify(huge));
  const bomb = await t.inject({
    method: 'POST',
    url: '/v1/batch',
    headers: { ...ws.auth, 'content-type': 'application/json', 'content-encoding': 'gzip' },
    payload: gzipBomb,
  });
  assert.equal(bomb.statusCode, 413, 'the limit applies to the inflated body');

  const mixed = {
    batch: [
      {
        type: 'track',
        event: 'Big',
        anonymousId: 'a',
        messageId: 'big',
        properties: { blob: 'x'.repeat(40 * 1024) },
      },
      { type: 'track', event: 'Small', anonymousId: 'a', messageId: 'small' },
    ],
  };
  const res = await t.inject({ method: 'POST', url: '/v1/batch', headers: ws.auth, payload: mixed });
  assert.equal(res.statusCode, 200);
  assert.equal(res.json().success, true);
  assert.equal(res.json().rejected[0].index, 0);
  assert.match(res.json().rejected[0].reason, /limit is 32768/);
  assert.deepEqual(
    (await activities(ws.workspaceId)).map((a) => a.message_id),
    ['small'],
  );
});

test('bad events in a batch are reported by index; good ones are stored', async () => {
  const ws = await t.trackedWorkspace('Input');
  const batch = [
    { type: 'track', event: 'Ok One', anonymousId: 'a', messageId: 'm1' },
    { type: 'track', event: 'No Ids', messageId: 'm2' },
    { type: 'explode', anonymousId: 'a', messageId: 'm3' },
    { type: 'track', anonymousId: 'a', messageId: 'm4' },
    'not an object',
    { type: 'page', anonymousId: 'a', messageId: 'm6', timestamp: 'yesterday-ish' },
    { type: 'group', userId: 'u', messageId: 'm7' },
    { type: 'identify', userId: 'u-2', messageId: 'm8', traits: { email: 'not-an-email' } },
  ];
  const res = await t.inject({ method: 'POST', url: '/v1/batch', headers: ws.auth, payload: { batch } });
  assert.equal(res.statusCode, 200);
  const rejected: { index: number; reason: string }[] = res.json().rejected;
  assert.deepEqual(
    rejected.map((r) => r.index),
    [1, 2, 3, 4, 5, 6],
  );
  assert.match(rejected[0]?.reason ?? '', /userId or anonymousId/);
  assert.match(rejected[1]?.reason ?? '', /unknown event type/);
  assert.match(rejected[2]?.reason ?? '', /^event:/);
  assert.match(rejected[4]?.reason ?? '', /^timestamp:/);
  assert.match(rejected[5]?.reason ?? '', /^groupId:/);
  const stored = await activities(ws.workspaceId);
  assert.deepEqual(
    stored.map((a) => a.message_id),
    ['m1', 'm8'],
  );
  // An identify without a usable email still creates a (nameless) contact for the user id.
  assert.ok(stored[1]?.contact_id);

  const allBad = await t.inject({
    method: 'POST',
    url: '/v1/batch',
    headers: ws.auth,
    payload: { batch: [{ type: 'track' }] },
  });
  assert.equal(allBad.statusCode, 400);
  assert.equal(allBad.json().rejected[0].index, 0);
  const notBatch = await t.inject({
    method: 'POST',
    url: '/v1/batch',
    headers: ws.auth,
    payload: { events: [] },
  });
  assert.equal(notBatch.statusCode, 400);
  assert.match(notBatch.json().detail, /body\.batch/);
  const badJson = await t.inject({
    method: 'POST',
    url: '/v1/batch',
    headers: { ...ws.auth, 'content-type': 'application/json' },
    payload: '{"batch": [',
  });
  assert.equal(badJson.statusCode, 400);
  const badGzip = await t.inject({
    method: 'POST',
    url: '/v1/batch',
    headers: { ...ws.auth, 'content-type': 'application/json', 'content-encoding': 'gzip' },
    payload: Buffer.from('definitely not gzip'),
  });
  assert.equal(badGzip.statusCode, 400);
  const single = await t.inject({
    method: 'POST',
    url: '/v1/track',
    headers: ws.auth,
    payload: { anonymousId: 'a' },
  });
  assert.equal(single.statusCode, 400);
  assert.match(single.json().detail, /event/);
});

test('clock skew is corrected from sentAt; far-future timestamps are clamped and flagged', async () => {
  const ws = await t.trackedWorkspace('Input');
  const now = Date.now();
  const hour = 3600_000;
  const batch = [
    // The device clock is 2 h fast: sentAt and timestamp are both 2 h ahead.
    {
      type: 'track',
      event: 'Skewed',
      anonymousId: 'a',
      messageId: 's1',
      timestamp: new Date(now + 2 * hour - 60_000).toISOString(),
      sentAt: new Date(now + 2 * hour).toISOString(),
    },
    {
      type: 'track',
      event: 'Future',
      anonymousId: 'a',
      messageId: 's2',
      timestamp: new Date(now + 72 * hour).toISOString(),
    },
    {
      type: 'track',
      event: 'Plain',
      anonymousId: 'a',
      messageId: 's3',
      timestamp: new Date(now - hour).toISOString(),
    },
  ];
  const res = await t.inject({ method: 'POST', url: '/v1/batch', headers: ws.auth, payload: { batch } });
  assert.equal(res.statusCode, 200);
  const [skewed, future, plain] = await activities(ws.workspaceId);
  assert.ok(skewed && future && plain);
  const skewedAt = new Date(skewed.occurred_at).getTime();
  assert.ok(
    Math.abs(skewedAt - (now - 60_000)) < 5_000,
    `skew corrected to about a minute ago, got ${new Date(skewedAt).toISOString()}`,
  );
  assert.ok(Math.abs(Number(skewed.properties.clockSkewMs) + 2 * hour) < 5_000);
  const futureAt = new Date(future.occurred_at).getTime();
  assert.ok(Math.abs(futureAt - now) < 5_000, 'clamped to the receipt time');
  assert.equal(future.properties.timestampClamped, true);
  assert.equal(typeof future.properties.originalTimestamp, 'string');
  assert.ok(Math.abs(new Date(plain.occurred_at).getTime() - (now - hour)) < 1000);
  assert.equal(plain.properties.timestampClamped, undefined);
});

test('garbage IPs are tolerated (request IP used, garbage noted); context.ip and userAgent kept', async () => {
  const ws = await t.trackedWorkspace('Input');
  const batch = [
    { type: 'page', anonymousId: 'a', messageId: 'i1', context: { ip: '999.1.2.3', userAgent: 'UA/1' } },
    { type: 'page', anonymousId: 'a', messageId: 'i2', context: { ip: { evil: true } } },
    { type: 'page', anonymousId: 'a', messageId: 'i3', context: { ip: '::ffff:198.51.100.7' } },
    { type: 'page', anonymousId: 'a', messageId: 'i4', context: { ip: '2001:db8::1' } },
  ];
  const res = await t.inject({
    method: 'POST',
    url: '/v1/batch',
    headers: ws.auth,
    payload: { batch },
    remoteAddress: '203.0.113.5',
  });
  assert.equal(res.statusCode, 200);
  assert.equal(res.json().rejected, undefined);
  const rows = await activities(ws.workspaceId);
  assert.deepEqual(
    rows.map((r) => r.properties.ip),
    ['203.0.113.5', '203.0.113.5', '198.51.100.7', '2001:db8::1'],
  );
  assert.equal(rows[0]?.properties.invalidIp, '999.1.2.3');
  assert.equal(rows[0]?.properties.userAgent, 'UA/1');
});

test('beacon-style body: text/plain JSON with writeKey inside; CORS preflight answered', async () => {
  const ws = await t.trackedWorkspace('Input');
  const res = await t.inject({
    method: 'POST',
    url: '/v1/batch',
    headers: { 'content-type': 'text/plain;charset=UTF-8' },
    payload: JSON.stringify({
      writeKey: ws.writeKey,
      batch: [{ type: 'page', anonymousId: 'b', messageId: 'b1' }],
    }),
  });
  assert.equal(res.statusCode, 200);
  assert.equal(res.headers['access-control-allow-origin'], '*');
  assert.equal((await activities(ws.workspaceId)).length, 1);
  const preflight = await t.inject({ method: 'OPTIONS', url: '/v1/batch' });
  assert.equal(preflight.statusCode, 204);
  assert.match(String(preflight.headers['access-control-allow-headers']), /authorization/);
});

test('identify attributes earlier anonymous history; alias merges a previous id', async () => {
  const ws = await t.trackedWorkspace('Input');
  const send = async (batch: unknown[]) => {
    const res = await t.inject({ method: 'POST', url: '/v1/batch', headers: ws.auth, payload: { batch } });
    await drainInbound(t.database.db, ws.workspaceId);
    return res;
  };
  await send([
    { type: 'page', anonymousId: 'visitor-1', messageId: 'h1' },
    { type: 'track', event: 'Whitepaper Downloaded', anonymousId: 'visitor-1', messageId: 'h2' },
    { type: 'page', anonymousId: 'visitor-2', messageId: 'h3' },
  ]);
  assert.ok((await activities(ws.workspaceId)).every((a) => a.contact_id === null));
  await send([
    {
      type: 'identify',
      anonymousId: 'visitor-1',
      userId: 'user-9',
      messageId: 'h4',
      traits: { email: 'sam@example.org' },
    },
  ]);
  await send([{ type: 'alias', previousId: 'visitor-2', userId: 'user-9', messageId: 'h5' }]);
  await send([{ type: 'track', event: 'Later', anonymousId: 'visitor-2', messageId: 'h6' }]);
  const contact = await t.database.db
    .selectFrom('contacts')
    .select('id')
    .where('workspace_id', '=', ws.workspaceId)
    .where('email', '=', 'sam@example.org')
    .executeTakeFirstOrThrow();
  const rows = await activities(ws.workspaceId);
  assert.equal(rows.length, 6);
  for (const row of rows)
    assert.equal(row.contact_id, contact.id, `${row.message_id} belongs to the contact`);
  const anon = await t.database.db
    .selectFrom('anonymous_ids')
    .select(['anonymous_id', 'contact_id'])
    .where('workspace_id', '=', ws.workspaceId)
    .orderBy('anonymous_id')
    .execute();
  assert.deepEqual(anon, [
    { anonymous_id: 'visitor-1', contact_id: contact.id },
    { anonymous_id: 'visitor-2', contact_id: contact.id },
  ]);
});

test('write key API: created key shown once, listed without it, revoked key → 401', async () => {
  const ws = await t.workspace('Keys');
  const forbidden = await t.inject({
    method: 'POST',
    url: '/api/v1/write-keys',
    headers: bearer(ws.keys.marketer),
    payload: { name: 'web' },
  });
  assert.equal(forbidden.statusCode, 403);
  const created = await t.inject({
    method: 'POST',
    url: '/api/v1/write-keys',
    headers: bearer(ws.keys.admin),
    payload: { name: 'web' },
  });
  assert.equal(created.statusCode, 201);
  const { id, key } = created.json();
  assert.match(key, /^oabm_wk_/);
  const list = await t.inject({ method: 'GET', url: '/api/v1/write-keys', headers: bearer(ws.keys.admin) });
  assert.equal(list.json().data.length, 1);
  assert.equal(list.json().data[0].key, undefined);
  assert.ok(key.startsWith(list.json().data[0].prefix));
  const auth = basicAuth(key);
  const ok = await t.inject({
    method: 'POST',
    url: '/v1/page',
    headers: auth,
    payload: { anonymousId: 'k' },
  });
  assert.equal(ok.statusCode, 200);
  assert.deepEqual(ok.json(), { success: true });
  const revoke = await t.inject({
    method: 'DELETE',
    url: `/api/v1/write-keys/${id}`,
    headers: bearer(ws.keys.admin),
  });
  assert.equal(revoke.statusCode, 204);
  const again = await t.inject({
    method: 'DELETE',
    url: `/api/v1/write-keys/${id}`,
    headers: bearer(ws.keys.admin),
  });
  assert.equal(again.statusCode, 404);
  const denied = await t.inject({
    method: 'POST',
    url: '/v1/page',
    headers: auth,
    payload: { anonymousId: 'k' },
  });
  assert.equal(denied.statusCode, 401);
  const audit = await t.database.db
    .selectFrom('audit_log')
    .select('action')
    .where('workspace_id', '=', ws.workspaceId)
    .where('object_type', '=', 'write_key')
    .orderBy('id')
    .execute();
  assert.deepEqual(
    audit.map((a) => a.action),
    ['write_key.create', 'write_key.revoke'],
  );
});

test('anonymous visits attach to an account by reverse IP (confidence recorded); an identified person overrides it', async () => {
  const ws = await t.trackedWorkspace('Input');
  const [ipAccount, realAccount] = await t.database.db
    .insertInto('accounts')
    .values([
      { workspace_id: ws.workspaceId, name: 'Office Network Co' },
      { workspace_id: ws.workspaceId, name: 'Real Employer', domain: 'employer-real.com' },
    ])
    .returning('id')
    .execute();
  assert.ok(ipAccount && realAccount);
  await t.database.db
    .insertInto('account_domains')
    .values({
      workspace_id: ws.workspaceId,
      account_id: realAccount.id,
      domain: 'employer-real.com',
      is_primary: true,
    })
    .execute();
  const range = {
    line: 1,
    family: 4 as const,
    start: 0xcb007100n,
    end: 0xcb0071ffn,
    accountId: ipAccount.id,
    domain: null,
    confidence: 0.7,
    excluded: false,
    asn: null,
    country: null,
    label: null,
  };
  await storeIpRanges(t.database.db, ws.workspaceId, [range], { source: 'test', replace: true });
  const send = async (batch: unknown[]) => {
    const res = await t.inject({ method: 'POST', url: '/v1/batch', headers: ws.auth, payload: { batch } });
    await drainInbound(t.database.db, ws.workspaceId);
    return res;
  };
  await send([{ type: 'page', anonymousId: 'ip-visitor', messageId: 'p1', context: { ip: '203.0.113.50' } }]);
  const [guessed] = await activities(ws.workspaceId);
  assert.equal(guessed?.account_id, ipAccount.id);
  assert.equal(guessed?.properties.accountSource, 'ip');
  assert.equal(guessed?.properties.ipConfidence, 0.7);
  await send([
    {
      type: 'identify',
      anonymousId: 'ip-visitor',
      messageId: 'p2',
      traits: { email: 'lee@employer-real.com' },
      context: { ip: '203.0.113.50' },
    },
  ]);
  await send([{ type: 'page', anonymousId: 'ip-visitor', messageId: 'p3', context: { ip: '203.0.113.50' } }]);
  const rows = await activities(ws.workspaceId);
  assert.deepEqual(
    rows.map((r) => [r.message_id, r.account_id]),
    [
      ['p1', realAccount.id],
      ['p2', realAccount.id],
      ['p3', realAccount.id],
    ],
  );
});

test('concurrent identify and anonymous page views of the same visitor: none is left unattributed', async () => {
  const ws = await t.trackedWorkspace('Input');
  const send = (batch: unknown[]) =>
    t.inject({ method: 'POST', url: '/v1/batch', headers: ws.auth, payload: { batch } });
  const pages = Array.from({ length: 12 }, (_, i) =>
    send([
      { type: 'page', anonymousId: 'racer', messageId: `race-${i}` },
      { type: 'page', anonymousId: `other-${i}`, messageId: `other-${i}` },
    ]),
  );
  const identify = send([
    { type: 'identify', anonymousId: 'racer', messageId: 'race-id', traits: { email: 'racer@example.net' } },
  ]);
  const results = await Promise.all([...pages, identify]);
  assert.ok(results.every((r) => r.statusCode === 200));
  await drainInbound(t.database.db, ws.workspaceId);
  const rows = await t.database.db
    .selectFrom('activities')
    .select(['message_id', 'contact_id'])
    .where('workspace_id', '=', ws.workspaceId)
    .where(sql<boolean>`properties->>'anonymousId' = 'racer'`)
    .execute();
  assert.equal(rows.length, 13);
  assert.deepEqual(
    rows.filter((r) => !r.contact_id).map((r) => r.message_id),
    [],
  );
});

test('group by account id, CRM id or name; a bare unknown groupId creates nothing; identify without email or userId makes no contact', async () => {
  const ws = await t.trackedWorkspace('Input');
  const [byId, byCrm, byName] = await t.database.db
    .insertInto('accounts')
    .values([
      { workspace_id: ws.workspaceId, name: 'By Id Inc' },
      { workspace_id: ws.workspaceId, name: 'By Crm Inc', salesforce_id: '001XYZ' },
      { workspace_id: ws.workspaceId, name: 'Named Company GmbH' },
    ])
    .returning('id')
    .execute();
  assert.ok(byId && byCrm && byName);
  const send = async (batch: unknown[]) => {
    const res = await t.inject({ method: 'POST', url: '/v1/batch', headers: ws.auth, payload: { batch } });
    await drainInbound(t.database.db, ws.workspaceId);
    return res;
  };
  const res = await send([
    { type: 'identify', anonymousId: 'anon-only', messageId: 'g0', traits: { plan: 'free' } },
    { type: 'group', anonymousId: 'anon-only', groupId: byId.id, messageId: 'g1' },
    { type: 'group', anonymousId: 'anon-only', groupId: '001XYZ', messageId: 'g2' },
    {
      type: 'group',
      anonymousId: 'anon-only',
      groupId: 'ext-1',
      traits: { name: 'named company gmbh' },
      messageId: 'g3',
    },
    { type: 'group', anonymousId: 'anon-only', groupId: 'nobody-knows', messageId: 'g4' },
  ]);
  assert.equal(res.statusCode, 200);
  const rows = await activities(ws.workspaceId);
  assert.deepEqual(
    rows.map((r) => [r.message_id, r.account_id]),
    [
      ['g0', null],
      ['g1', byId.id],
      ['g2', byCrm.id],
      ['g3', byName.id],
      ['g4', null],
    ],
  );
  assert.equal(rows[4]?.properties.groupId, 'nobody-knows');
  const named = await t.database.db
    .selectFrom('accounts')
    .select('external_ids')
    .where('workspace_id', '=', ws.workspaceId)
    .where('id', '=', byName.id)
    .executeTakeFirstOrThrow();
  assert.equal(named.external_ids.segment, 'ext-1', 'the groupId is remembered for the next call');
  const counts = await t.database.db
    .selectFrom('accounts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('workspace_id', '=', ws.workspaceId)
    .executeTakeFirstOrThrow();
  assert.equal(counts.n, 3);
  const contacts = await t.database.db
    .selectFrom('contacts')
    .select('id')
    .where('workspace_id', '=', ws.workspaceId)
    .execute();
  assert.equal(contacts.length, 0);
});

test('scores follow the write: history attributed by identify is scored once, same as activity after identify', async () => {
  const ws = await t.trackedWorkspace('Input');
  const send = async (batch: unknown[]) => {
    const res = await t.inject({ method: 'POST', url: '/v1/batch', headers: ws.auth, payload: { batch } });
    await drainInbound(t.database.db, ws.workspaceId);
    return res;
  };
  const at = new Date(Date.now() - 60_000).toISOString();
  const pages = (anon: string, prefix: string) =>
    [1, 2, 3].map((i) => ({
      type: 'page',
      anonymousId: anon,
      messageId: `${prefix}-${i}`,
      timestamp: at,
      properties: { url: `https://x.test/${i}` },
    }));
  const identify = (anon: string, email: string, id: string) => ({
    type: 'identify',
    anonymousId: anon,
    messageId: id,
    timestamp: at,
    traits: { email, title: 'Director of IT' },
  });
  await send(pages('before', 'b'));
  await send([identify('before', 'first@scored.example', 'b-id')]);
  await send([identify('after', 'second@scored.example', 'a-id')]);
  await send(pages('after', 'a'));
  await send(pages('after', 'a'));
  const scores = await t.database.db
    .selectFrom('contact_engagement as e')
    .innerJoin('contacts as c', (j) =>
      j.onRef('c.workspace_id', '=', 'e.workspace_id').onRef('c.id', '=', 'e.contact_id'),
    )
    .select(['c.email', 'e.score'])
    .where('e.workspace_id', '=', ws.workspaceId)
    .orderBy('c.email')
    .execute();
  assert.equal(scores.length, 2);
  const [first, second] = scores;
  assert.ok(first && second && first.score > 0, 'attributed history is scored');
  assert.ok(
    Math.abs(first.score - second.score) < first.score * 0.01,
    `same activity, same score: ${first.score} vs ${second.score}`,
  );
});
