import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { routeAccess } from '../auth/auth-hook.ts';
import type { Database } from '../db/database.ts';
import { bearer, createTestWorkspace, openTestDatabase, type TestWorkspace } from '../test/test-database.ts';
import { type App, buildApp } from './app.ts';

/** The only routes that may answer without credentials. */
const PUBLIC_ROUTES = [
  /^\/health$/,
  /^\/api\/openapi\.json$/,
  /^\/api\/docs(\/.*)?$/,
  /^\/api\/v1\/auth\/(login|logout)$/,
  /^\/v1\//,
  /^\/beacon\/v1\/batch$/,
  /^\/t\.js$/,
  /^\/e\/[oc]\/\*$/,
  // The web app's files and its client-side routes.
  /^\/(\*|index\.html|assets\/[\w.-]+)?$/,
];

const SOME_UUID = '00000000-0000-4000-8000-000000000000';

describe('every route is authenticated unless its config says public', () => {
  let database: Database;
  let app: App;
  let ws: TestWorkspace;
  before(async () => {
    database = await openTestDatabase();
    app = await buildApp({ database });
    ws = await createTestWorkspace(database, 'Access');
  });
  after(async () => {
    await app.close();
    await database.close();
  });

  test('an encoded path reaches the route it decodes to, and its auth: /%61pi/v1/accounts is a 401', async () => {
    for (const url of ['/%61pi/v1/accounts', '/api/v1/%61ccounts', '/%61%70%69/v1/accounts?limit=5']) {
      const res = await app.inject({ method: 'GET', url });
      assert.equal(res.statusCode, 401, `${url}: ${res.body}`);
      assert.equal(res.json().title, 'Unauthorized');
      assert.equal(res.json().errors, undefined);
    }
    const ok = await app.inject({ method: 'GET', url: '/%61pi/v1/accounts', headers: bearer(ws.keys.sales) });
    assert.equal(ok.statusCode, 200, ok.body);
  });

  test('an invalid body or query to a private route is a 401 before validation, never a 400 describing the schema', async () => {
    const cases = [
      { method: 'POST' as const, url: '/api/v1/accounts', payload: { name: 42, nonsense: true } },
      { method: 'POST' as const, url: '/%61pi/v1/users', payload: { email: 'nope', role: 'king' } },
      { method: 'GET' as const, url: '/api/v1/accounts?limit=banana&sort=-nothing' },
      {
        method: 'POST' as const,
        url: '/api/v1/accounts',
        headers: { 'content-type': 'application/json' },
        payload: '{"name":',
      },
    ];
    for (const { method, url, payload, headers } of cases) {
      const res = await app.inject({ method, url, payload, headers });
      assert.equal(res.statusCode, 401, `${method} ${url}: ${res.body}`);
      assert.doesNotMatch(res.body, /body\.|querystring\.|Validation|JSON/);
    }
    // With credentials the same request is validated as before.
    const invalid = await app.inject({
      method: 'POST',
      url: '/api/v1/accounts',
      headers: bearer(ws.keys.admin),
      payload: { name: 42 },
    });
    assert.equal(invalid.statusCode, 400);
  });

  test('each registered route is public by config (and on the public list) or answers 401 without credentials', async () => {
    const routes = routeAccess(app);
    assert.ok(routes.length > 100, `only ${routes.length} routes seen`);
    const publicRoutes = routes.filter((r) => r.public);
    for (const route of publicRoutes) {
      assert.ok(
        PUBLIC_ROUTES.some((pattern) => pattern.test(route.url)),
        `${route.method} ${route.url} is public but not on the list of public routes`,
      );
    }
    for (const expected of ['/health', '/api/v1/auth/login', '/v1/batch', '/t.js', '/e/o/*', '/api/docs']) {
      assert.ok(
        publicRoutes.some((r) => r.url === expected),
        `${expected} should be public`,
      );
    }
    const privateRoutes = routes.filter((r) => !r.public);
    assert.ok(privateRoutes.length > 80);
    for (const route of privateRoutes) {
      const url = route.url.replace(/:\w+/g, SOME_UUID).replace(/\*/g, 'x');
      const method = route.method as 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS';
      const withBody = ['POST', 'PUT', 'PATCH'].includes(method);
      const res = await app.inject({ method, url, ...(withBody ? { payload: { invalid: true } } : {}) });
      assert.equal(
        res.statusCode,
        401,
        `${route.method} ${route.url} → ${res.statusCode} ${res.body.slice(0, 200)}`,
      );
      if (method !== 'HEAD') assert.match(String(res.headers['content-type']), /application\/problem\+json/);
    }
  });

  test('an unknown path is a 404 for everyone', async () => {
    const res = await app.inject({ method: 'DELETE', url: '/api/v1/no-such-thing' });
    assert.equal(res.statusCode, 404);
  });
});
