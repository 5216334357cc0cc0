import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Database } from '../db/database.ts';
import { type App, buildApp } from '../http/app.ts';
import { createTestWorkspace, openTestDatabase } from '../test/test-database.ts';
import { drainInbound } from './drain-inbound.ts';
import { TRACKING_REQUEST_HEADERS } from './tracking-cors.ts';
import { createWriteKey } from './write-keys.ts';

let database: Database;
let app: App;

before(async () => {
  database = await openTestDatabase();
  app = await buildApp({ database });
});
after(async () => {
  await app.close();
  await database.close();
});

async function setup() {
  const ws = await createTestWorkspace(database, 'Short paths');
  const { key } = await createWriteKey(database.db, { workspaceId: ws.workspaceId, name: 'web' });
  return { ...ws, writeKey: key };
}

function suffix(): string {
  return Math.random().toString(36).slice(2, 8);
}

/** An event as analytics.js (analytics-next 1.84) sends it: write key, `_metadata`, `sentAt` inside. */
function ajsEvent(writeKey: string, event: Record<string, unknown>): Record<string, unknown> {
  return {
    messageId: `ajs-next-${Date.now()}-${suffix()}`,
    timestamp: new Date().toISOString(),
    anonymousId: 'a1b2c3d4-anon',
    context: {
      library: { name: 'analytics.js', version: 'npm:next-1.84.3' },
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/140',
      page: { path: '/pricing', url: 'https://www.example.test/pricing', title: 'Pricing', referrer: '' },
    },
    integrations: {},
    writeKey,
    userId: null,
    sentAt: new Date().toISOString(),
    _metadata: { bundled: ['Segment.io'], unbundled: [], bundledIds: [] },
    ...event,
  };
}

/** POST as the browser library does: text/plain JSON, the write key only in the body. */
function postText(url: string, body: unknown, headers: Record<string, string> = {}) {
  return app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'text/plain', origin: 'https://www.example.test', ...headers },
    payload: JSON.stringify(body),
  });
}

test('analytics.js short paths /v1/p, /v1/i, /v1/g, /v1/t, /v1/s, /v1/a: text/plain bodies with the write key inside become a contact, an account and activities', async () => {
  const ws = await setup();
  const s = suffix();
  const domain = `short${s}.com`;
  const sent = [
    ['/v1/p', { type: 'page', name: 'Pricing', properties: { path: '/pricing', title: 'Pricing' } }],
    [
      '/v1/i',
      { type: 'identify', userId: `u-${s}`, traits: { email: `ada@${domain}`, name: 'Ada Lovelace' } },
    ],
    [
      '/v1/g',
      { type: 'group', userId: `u-${s}`, groupId: `org-${s}`, traits: { name: `Short ${s}`, domain } },
    ],
    ['/v1/t', { type: 'track', userId: `u-${s}`, event: 'Demo Requested', properties: { plan: 'pro' } }],
    ['/v1/s', { type: 'screen', userId: `u-${s}`, name: 'Home' }],
    ['/v1/a', { type: 'alias', userId: `u-${s}`, previousId: 'a1b2c3d4-anon' }],
  ] as const;
  for (const [url, event] of sent) {
    const res = await postText(url, ajsEvent(ws.writeKey, event));
    assert.equal(res.statusCode, 200, `${url}: ${res.body}`);
    assert.deepEqual(res.json(), { success: true });
    assert.equal(res.headers['access-control-allow-origin'], '*');
    assert.equal(res.headers['access-control-expose-headers'], 'retry-after');
  }
  await drainInbound(database.db, ws.workspaceId);

  const contact = await database.db
    .selectFrom('contacts')
    .select(['id', 'email', 'first_name', 'account_id'])
    .where('workspace_id', '=', ws.workspaceId)
    .executeTakeFirstOrThrow();
  assert.equal(contact.email, `ada@${domain}`);
  assert.equal(contact.first_name, 'Ada');
  const account = await database.db
    .selectFrom('accounts')
    .select(['id', 'name', 'external_ids'])
    .where('workspace_id', '=', ws.workspaceId)
    .executeTakeFirstOrThrow();
  assert.equal(account.name, `Short ${s}`);
  assert.equal(account.external_ids.segment, `org-${s}`);
  assert.equal(contact.account_id, account.id);

  const activities = await database.db
    .selectFrom('activities')
    .select(['type', 'contact_id', 'account_id', 'properties'])
    .where('workspace_id', '=', ws.workspaceId)
    .orderBy('occurred_at')
    .orderBy('id')
    .execute();
  assert.deepEqual(
    activities.map((a) => a.type),
    ['page_view', 'identify', 'group', 'demo_requested', 'screen_view', 'alias'],
  );
  for (const a of activities) assert.equal(a.contact_id, contact.id, `${a.type} is the contact's`);
  assert.equal(activities[0]?.account_id, account.id, 'the anonymous page view follows the contact');
  assert.equal(activities[0]?.properties.library, 'analytics.js');
  assert.equal(activities[3]?.properties.plan, 'pro');
});

test('analytics.js batches at /v1/b (deliveryStrategy batching): write key in the body, per-event sentAt absent', async () => {
  const ws = await setup();
  const events = ['One', 'Two', 'Three'].map((name) => {
    const { sentAt: _sentAt, ...event } = ajsEvent(ws.writeKey, { type: 'track', event: `Clicked ${name}` });
    return event;
  });
  const res = await postText('/v1/b', {
    writeKey: ws.writeKey,
    batch: events,
    sentAt: new Date().toISOString(),
  });
  assert.equal(res.statusCode, 200, res.body);
  assert.deepEqual(res.json(), { success: true });
  await drainInbound(database.db, ws.workspaceId);
  const types = await database.db
    .selectFrom('activities')
    .select('type')
    .where('workspace_id', '=', ws.workspaceId)
    .orderBy('id')
    .execute();
  assert.deepEqual(
    types.map((t) => t.type),
    ['clicked_one', 'clicked_two', 'clicked_three'],
  );
});

test('a retry with Authorization and X-Retry-Count is accepted once; the messageId keeps it single', async () => {
  const ws = await setup();
  const event = ajsEvent(ws.writeKey, { type: 'track', event: 'Retried' });
  const authorization = `Basic ${Buffer.from(`${ws.writeKey}:`).toString('base64')}`;
  for (const retry of ['', '1', '2']) {
    const res = await postText('/v1/t', event, {
      authorization,
      ...(retry ? { 'x-retry-count': retry } : {}),
    });
    assert.equal(res.statusCode, 200, res.body);
  }
  await drainInbound(database.db, ws.workspaceId);
  const rows = await database.db
    .selectFrom('activities')
    .select('type')
    .where('workspace_id', '=', ws.workspaceId)
    .execute();
  assert.deepEqual(rows, [{ type: 'retried' }]);
});

test('preflight: every path allows POST from any origin with the headers of analytics.js and RudderStack', async () => {
  for (const url of ['/v1/t', '/v1/p', '/v1/b', '/v1/batch', '/v1/identify']) {
    const res = await app.inject({
      method: 'OPTIONS',
      url,
      headers: {
        origin: 'https://www.example.test',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type,x-retry-count',
      },
    });
    assert.equal(res.statusCode, 204, url);
    assert.equal(res.headers['access-control-allow-origin'], '*');
    assert.match(String(res.headers['access-control-allow-methods']), /\bPOST\b/);
    const allowed = String(res.headers['access-control-allow-headers']).split(/,\s*/);
    for (const header of [
      'authorization',
      'content-type',
      'x-retry-count',
      'anonymousid',
      'sentat',
      'rsa-retry-attempt',
    ]) {
      assert.ok(allowed.includes(header), `${url} allows ${header}`);
    }
    assert.deepEqual(allowed, [...TRACKING_REQUEST_HEADERS]);
  }
});

test('write key in the body: a wrong one → 401, none → 401 naming both places; bad events name the field', async () => {
  const ws = await setup();
  const wrong = await postText('/v1/p', ajsEvent('wk_not_a_key', { type: 'page' }));
  assert.equal(wrong.statusCode, 401);
  assert.equal(wrong.headers['access-control-allow-origin'], '*', 'the browser may read the refusal');
  const { writeKey: _key, ...keyless } = ajsEvent(ws.writeKey, { type: 'page' });
  const none = await postText('/v1/p', keyless);
  assert.equal(none.statusCode, 401);
  assert.match(none.json().detail, /HTTP Basic user name.*"writeKey" in the body/);

  const noName = await postText('/v1/t', ajsEvent(ws.writeKey, { type: 'track' }));
  assert.equal(noName.statusCode, 400);
  assert.match(noName.json().detail, /^event: /);
  const noGroup = await postText('/v1/g', ajsEvent(ws.writeKey, { type: 'group' }));
  assert.equal(noGroup.statusCode, 400);
  assert.match(noGroup.json().detail, /groupId/);
  const malformed = await app.inject({
    method: 'POST',
    url: '/v1/i',
    headers: { 'content-type': 'text/plain' },
    payload: '{"writeKey":',
  });
  assert.equal(malformed.statusCode, 400);
  assert.match(malformed.json().detail, /Malformed JSON/);
  await drainInbound(database.db, ws.workspaceId);
  const stored = await database.db
    .selectFrom('activities')
    .select('id')
    .where('workspace_id', '=', ws.workspaceId)
    .execute();
  assert.equal(stored.length, 0);
});

test("RudderStack's beacon /beacon/v1/batch: text/plain batch, the write key in the query string only there", async () => {
  const ws = await setup();
  const body = {
    batch: [
      {
        type: 'page',
        anonymousId: 'rs-anon',
        messageId: `rs-${suffix()}`,
        name: 'Pricing',
        context: { library: { name: 'RudderLabs JavaScript SDK', version: '3.34.1' } },
      },
    ],
    sentAt: new Date().toISOString(),
  };
  const res = await postText(`/beacon/v1/batch?writeKey=${encodeURIComponent(ws.writeKey)}`, body);
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.headers['access-control-allow-origin'], '*');
  const keyless = await postText('/beacon/v1/batch', body);
  assert.equal(keyless.statusCode, 401);
  assert.match(keyless.json().detail, /query string/);
  const elsewhere = await postText(`/v1/batch?writeKey=${encodeURIComponent(ws.writeKey)}`, body);
  assert.equal(elsewhere.statusCode, 401, 'other paths do not take the key from the URL');
  await drainInbound(database.db, ws.workspaceId);
  const rows = await database.db
    .selectFrom('activities')
    .select(['type', 'properties'])
    .where('workspace_id', '=', ws.workspaceId)
    .execute();
  assert.deepEqual(
    rows.map((r) => [r.type, r.properties.library]),
    [['page_view', 'RudderLabs JavaScript SDK']],
  );
});

test('analytics.js client metrics at /v1/m are acknowledged without a write key and stored nowhere', async () => {
  const res = await postText('/v1/m', {
    series: [{ type: 'Counter', metric: 'analytics_js.invoke.error', value: 1, tags: {} }],
  });
  assert.equal(res.statusCode, 204);
  assert.equal(res.headers['access-control-allow-origin'], '*');
});

test('the benchmark routes /v1/_discard and /v1/_queue exist only when OPENABM_BENCH=1', async () => {
  assert.notEqual(process.env.OPENABM_BENCH, '1');
  const ws = await setup();
  const authorization = `Basic ${Buffer.from(`${ws.writeKey}:`).toString('base64')}`;
  const discard = await app.inject({
    method: 'POST',
    url: '/v1/_discard',
    headers: { authorization },
    payload: { batch: [{ type: 'track', event: 'Bench', anonymousId: 'a1' }] },
  });
  assert.equal(discard.statusCode, 404);
  const queue = await app.inject({ method: 'GET', url: '/v1/_queue', headers: { authorization } });
  assert.equal(queue.statusCode, 404);
});

test('the OpenAPI document lists /v1/* with the short paths, text/plain bodies and the write key', async () => {
  const res = await app.inject({ method: 'GET', url: '/api/openapi.json' });
  assert.equal(res.statusCode, 200);
  const doc = res.json();
  const paths = Object.keys(doc.paths).filter((p) => p.startsWith('/v1/'));
  assert.deepEqual(paths.sort(), [
    '/v1/a',
    '/v1/alias',
    '/v1/b',
    '/v1/batch',
    '/v1/g',
    '/v1/group',
    '/v1/i',
    '/v1/identify',
    '/v1/import',
    '/v1/m',
    '/v1/p',
    '/v1/page',
    '/v1/s',
    '/v1/screen',
    '/v1/t',
    '/v1/track',
  ]);
  assert.deepEqual(doc.components.securitySchemes.writeKey, { type: 'http', scheme: 'basic' });
  const track = doc.paths['/v1/t'].post;
  assert.deepEqual(track.security, [{ writeKey: [] }]);
  assert.match(track.summary, /short path of \/v1\/track/);
  const content = track.requestBody.content;
  assert.deepEqual(Object.keys(content).sort(), ['application/json', 'text/plain']);
  const body = content['text/plain'].schema;
  assert.ok(body.properties.event && body.properties.writeKey, 'event and writeKey are documented');
  assert.ok(body.required.includes('event'));
  assert.deepEqual(body.properties.properties.anyOf, [
    { type: 'object', additionalProperties: true },
    { type: 'null' },
  ]);
  const batch = doc.paths['/v1/b'].post.requestBody.content['application/json'].schema;
  assert.ok(batch.properties.batch && batch.properties.writeKey);
  assert.ok(doc.paths['/v1/batch'].post.responses['401'], 'errors are documented');
  assert.equal(doc.paths['/v1/_discard'], undefined);
  const beacon = doc.paths['/beacon/v1/batch'].post;
  assert.deepEqual(
    beacon.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`),
    ['query:writeKey'],
  );
});
