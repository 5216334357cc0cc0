import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { routeAccess } from '../auth/auth-hook.ts';
import { useTestApp } from '../test/test-app.ts';
import { bearer } from '../test/test-database.ts';

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
  // One-click unsubscribe (RFC 8058) and the preference page: the signed token is the authority.
  /^\/u\/\*$/,
  // The web app's files and its client-side routes.
  /^\/(\*|index\.html|assets\/[\w.-]+)?$/,
];

const SOME_UUID = '00000000-0000-4000-8000-000000000000';

describe('every route is authenticated unless its config says public', () => {
  const t = useTestApp();

  test('an encoded path reaches the route it decodes to, and its auth: /%61pi/v1/accounts is a 401', async () => {
    for (const url of ['/%61pi/v1/accounts', '/api/v1/%61ccounts', '/%61%70%69/v1/accounts?limit=5']) {
      const res = await t.inject({ method: 'GET', url });
      assert.equal(res.statusCode, 401, `${url}: ${res.body}`);
      assert.equal(res.json().title, 'Unauthorized');
      assert.equal(res.json().errors, undefined);
    }
    const ok = await t.inject({ method: 'GET', url: '/%61pi/v1/accounts', headers: bearer(t.ws.keys.sales) });
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
      const res = await t.inject({ method, url, payload, headers });
      assert.equal(res.statusCode, 401, `${method} ${url}: ${res.body}`);
      assert.doesNotMatch(res.body, /body\.|querystring\.|Validation|JSON/);
    }
    // With credentials the same request is validated as before.
    const invalid = await t.inject({
      method: 'POST',
      url: '/api/v1/accounts',
      headers: bearer(t.ws.keys.admin),
      payload: { name: 42 },
    });
    assert.equal(invalid.statusCode, 400);
  });

  test('each registered route is public by config (and on the public list) or answers 401 without credentials', async () => {
    const routes = routeAccess(t.app);
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
      const res = await t.inject({ method, url, ...(withBody ? { payload: { invalid: true } } : {}) });
      assert.equal(
        res.statusCode,
        401,
        `${route.method} ${route.url} → ${res.statusCode} ${res.body.slice(0, 200)}`,
      );
      if (method !== 'HEAD') assert.match(String(res.headers['content-type']), /application\/problem\+json/);
    }
  });

  test('an unknown path is a 404 for everyone', async () => {
    const res = await t.inject({ method: 'DELETE', url: '/api/v1/no-such-thing' });
    assert.equal(res.statusCode, 404);
  });
});
