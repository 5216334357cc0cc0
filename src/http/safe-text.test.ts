import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Fastify from 'fastify';
import { sql } from 'kysely';
import type { Database } from '../db/database.ts';
import { clientSafeMessage } from '../errors/database-problem.ts';
import { problemErrorHandler } from '../errors/problem.ts';
import { bearer, createTestWorkspace, openTestDatabase, type TestWorkspace } from '../test/test-database.ts';
import { type App, buildApp } from './app.ts';
import { findUnsafeText, MAX_JSON_DEPTH, unsafeTextReason } from './safe-text.ts';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Database words that must never reach a client. */
const DATABASE_TEXT =
  /violates|constraint|duplicate key|_key\b|relation "|invalid byte sequence|syntax for type|division/i;

describe('safe text', () => {
  test('NUL and lone surrogates are unsafe; paired surrogates (emoji) are not', () => {
    assert.equal(unsafeTextReason('plain'), null);
    assert.equal(unsafeTextReason('emoji 😀 and accents é'), null);
    assert.equal(unsafeTextReason('a\u0000b'), 'contains a NUL character');
    assert.match(unsafeTextReason('a\ud800b') ?? '', /unpaired UTF-16 surrogate/);
    assert.match(unsafeTextReason('\udc00') ?? '', /unpaired/);
    assert.match(unsafeTextReason('\udc00\ud800') ?? '', /unpaired/);
    assert.match(unsafeTextReason('end\ud83d') ?? '', /unpaired/);
  });

  test('the first bad string or key is found at any depth, with its path', () => {
    const body = { name: 'ok', list: [{ fine: 'x' }, { deep: { note: 'a\u0000' } }], after: '\ud800' };
    assert.deepEqual(findUnsafeText(body, 'body'), {
      path: 'body.list.1.deep.note',
      message: 'contains a NUL character',
    });
    assert.deepEqual(findUnsafeText({ custom: { 'k\u0000': 1 } }, 'body'), {
      path: 'body.custom.k\uFFFD',
      message: 'key contains a NUL character',
    });
    assert.equal(findUnsafeText({ a: [1, true, null, 'é'] }, 'body'), null);
    let deep: unknown = 'leaf';
    for (let n = 0; n < 10_000; n += 1) deep = [deep];
    assert.match(findUnsafeText(deep, 'body')?.message ?? '', new RegExp(`deeper than ${MAX_JSON_DEPTH}`));
  });
});

describe('safe text and database errors over HTTP', () => {
  let database: Database;
  let app: App;
  let ws: TestWorkspace;

  before(async () => {
    database = await openTestDatabase();
    app = await buildApp({ database });
    ws = await createTestWorkspace(database, 'Safe text');
  });
  after(async () => {
    await app.close();
    await database.close();
  });

  const call = (method: Method, url: string, payload?: unknown) =>
    app.inject({
      method,
      url,
      headers: { ...bearer(ws.keys.admin), 'content-type': 'application/json' },
      ...(payload !== undefined ? { payload: JSON.stringify(payload) } : {}),
    });
  const created = async (url: string, payload: unknown): Promise<string> => {
    const res = await call('POST', `/api/v1${url}`, payload);
    assert.ok(res.statusCode < 300, `${url}: ${res.body}`);
    const id: unknown = res.json().id;
    assert.equal(typeof id, 'string');
    return String(id);
  };

  /** Asserts a 400 problem naming `path`, without database text. */
  const assertNamed = (
    res: { statusCode: number; body: string; headers: Record<string, unknown> },
    path: string,
  ) => {
    assert.equal(res.statusCode, 400, res.body);
    assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
    const problem = JSON.parse(res.body);
    assert.equal(problem.errors?.[0]?.path, path, res.body);
    assert.doesNotMatch(res.body, DATABASE_TEXT);
  };

  test('the routes that answered 422 with database text now name the field, for NUL and lone surrogates', async () => {
    const account = await created('/accounts', { name: 'Safe Co', domain: 'safe-co.com' });
    const note = await created(`/accounts/${account}/notes`, { body: 'first' });
    const persona = await created('/personas', {
      name: 'Safe persona',
      committeeRole: 'champion',
      functions: ['it'],
      active: false,
    });
    const routes: [Method, string, (text: string) => unknown, string][] = [
      ['POST', '/api/v1/write-keys', (t) => ({ name: t }), 'body.name'],
      ['POST', '/api/v1/api-keys', (t) => ({ name: t, role: 'sales' }), 'body.name'],
      ['POST', '/api/v1/target-lists', (t) => ({ period: '2026', name: t }), 'body.name'],
      ['POST', '/api/v1/intent/topics', (t) => ({ name: 'Topic', keywords: ['ok', t] }), 'body.keywords.1'],
      ['POST', '/api/v1/matching/match', (t) => ({ company: t }), 'body.company'],
      ['POST', `/api/v1/accounts/${account}/notes`, (t) => ({ body: t }), 'body.body'],
      ['PATCH', `/api/v1/notes/${note}`, (t) => ({ body: t }), 'body.body'],
      ['PATCH', `/api/v1/personas/${persona}`, (t) => ({ includeKeywords: [t] }), 'body.includeKeywords.0'],
      [
        'PUT',
        '/api/v1/fit/icp',
        (t) => ({ criteria: [{ weight: 5, field: 'industry', op: 'in', values: [t] }] }),
        'body.criteria.0.values.0',
      ],
      [
        'PUT',
        `/api/v1/fit/accounts/${account}/tier-override`,
        (t) => ({ tier: 1, reason: t }),
        'body.reason',
      ],
    ];
    for (const [method, url, body, path] of routes) {
      for (const text of ['a\u0000b', 'a\ud800b', '\udfff'])
        assertNamed(await call(method, url, body(text)), path);
    }
  });

  test('custom fields, event properties, keys, query and path parameters are checked too', async () => {
    assertNamed(
      await call('POST', '/api/v1/accounts', { name: 'K', customFields: { 'bad\ud800key': 'v' } }),
      'body.customFields.bad\uFFFDkey',
    );
    assertNamed(
      await call('POST', '/api/v1/accounts/bulk', {
        records: [{ name: 'A' }, { name: 'B', customFields: { tier: { note: 'x\u0000' } } }],
      }),
      'body.records.1.customFields.tier.note',
    );
    assertNamed(await call('GET', '/api/v1/accounts?q=a%00b'), 'query.q');
    assertNamed(await call('GET', '/api/v1/accounts/a%00b'), 'params.id');
    const deep = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`;
    const nested = await app.inject({
      method: 'POST',
      url: '/api/v1/activities',
      headers: { ...bearer(ws.keys.admin), 'content-type': 'application/json' },
      payload: `{"type":"web_visit","properties":${deep}}`,
    });
    assert.equal(nested.statusCode, 400, nested.body);
    assert.match(nested.json().errors[0].path, /^body\.properties\.a\.a/);

    const writeKey = String((await call('POST', '/api/v1/write-keys', { name: 'safe' })).json().key);
    const track = await app.inject({
      method: 'POST',
      url: '/v1/track',
      headers: { authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}` },
      payload: { userId: 'u1', event: 'Viewed', properties: { tags: ['ok', 'a\ud800'] } },
    });
    assertNamed(track, 'body.properties.tags.1');
  });

  test('a duplicate is a 409 naming the field, never the constraint', async () => {
    assert.ok(await created('/intent/topics', { name: 'Pricing research', keywords: ['pricing'] }));
    const again = await call('POST', '/api/v1/intent/topics', { name: 'PRICING research', keywords: ['x'] });
    assert.equal(again.statusCode, 409, again.body);
    assert.deepEqual(again.json().errors, [
      { path: 'body.name', message: 'already exists in this workspace' },
    ]);
    assert.doesNotMatch(again.body, DATABASE_TEXT);

    const first = await created('/personas', {
      name: 'Budget owners',
      committeeRole: 'budget_holder',
      functions: ['finance'],
      active: false,
    });
    assert.ok(first);
    const twin = await call('POST', '/api/v1/personas', {
      name: 'budget owners',
      committeeRole: 'champion',
      functions: ['it'],
      active: false,
    });
    assert.equal(twin.statusCode, 409, twin.body);
    assert.equal(twin.json().errors?.[0]?.path, 'body.name', twin.body);
    assert.doesNotMatch(twin.body, DATABASE_TEXT);
  });

  test('database errors reach no client: constraint errors name the field, others are a bare 500', async () => {
    const probe = Fastify({ logger: false });
    probe.setErrorHandler(problemErrorHandler);
    const { db } = database;
    const other = await createTestWorkspace(database, 'Probe');
    await sql`INSERT INTO intent_topics (workspace_id, name) VALUES (${other.workspaceId}, 'Dup')`.execute(
      db,
    );
    probe.get('/unique', async () => {
      await sql`INSERT INTO intent_topics (workspace_id, name) VALUES (${other.workspaceId}, 'dup')`.execute(
        db,
      );
    });
    probe.get('/foreign', async () => {
      await sql`INSERT INTO notes (workspace_id, account_id, body) VALUES (${other.workspaceId}, gen_random_uuid(), 'x')`.execute(
        db,
      );
    });
    probe.get('/cast', async () => {
      await sql`SELECT 'not a number'::int`.execute(db);
    });
    probe.get('/divide', async () => {
      await sql`SELECT 1 / (random() * 0)::int`.execute(db);
    });
    probe.get('/missing', async () => {
      await sql`SELECT * FROM no_such_table`.execute(db);
    });
    try {
      const unique = await probe.inject({ url: '/unique' });
      assert.equal(unique.statusCode, 409);
      assert.deepEqual(unique.json().errors, [
        { path: 'body.name', message: 'already exists in this workspace' },
      ]);
      const foreign = await probe.inject({ url: '/foreign' });
      assert.equal(foreign.statusCode, 422, foreign.body);
      assert.equal(foreign.json().errors?.[0]?.path, 'body.accountId');
      const cast = await probe.inject({ url: '/cast' });
      assert.equal(cast.statusCode, 422);
      for (const url of ['/divide', '/missing']) {
        const res = await probe.inject({ url });
        assert.equal(res.statusCode, 500, res.body);
        assert.deepEqual(res.json(), { type: 'about:blank', status: 500, title: 'Internal server error' });
      }
      for (const res of [unique, foreign, cast]) {
        assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
        assert.doesNotMatch(res.body, DATABASE_TEXT);
        assert.doesNotMatch(res.body, /intent_topics|notes|not a number/);
      }
      const refused = await sql`SELECT * FROM no_such_table`.execute(db).then(
        () => null,
        (error: unknown) => error,
      );
      assert.doesNotMatch(clientSafeMessage(refused), /no_such_table/);
      assert.equal(clientSafeMessage(new Error('The file is empty')), 'The file is empty');
    } finally {
      await probe.close();
    }
  });

  test('a NUL anywhere in an imported CSV rejects that row, the rest is imported', async () => {
    const rows = Array.from({ length: 300 }, (_, n) => `Company ${n},company-${n}.com`).join('\n');
    const csv = `name,domain\n${rows}\nBad\u0000Co,bad-co.com\n`;
    assert.ok(csv.indexOf('\u0000') > 4096, 'the NUL is past the bytes read to detect the encoding');
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/imports/accounts',
      headers: { ...bearer(ws.keys.admin), 'content-type': 'text/csv' },
      payload: csv,
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().inserted, 300);
    assert.equal(res.json().rejected, 1);
  });
});
