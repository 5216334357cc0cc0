import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { useTestApp } from '../test/test-app.ts';
import { bearer } from '../test/test-database.ts';

describe('auth and workspace administration', () => {
  const t = useTestApp();

  test('health needs no key and names the database', async () => {
    const res = await t.inject({ method: 'GET', url: '/health' });
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().status, 'ok');
  });

  test('a missing or unknown API key is a 401 problem', async () => {
    const missing = await t.inject({ method: 'GET', url: '/api/v1/users' });
    assert.equal(missing.statusCode, 401);
    assert.match(String(missing.headers['content-type']), /application\/problem\+json/);
    const wrong = await t.inject({ method: 'GET', url: '/api/v1/users', headers: bearer('oabm_nope') });
    assert.equal(wrong.statusCode, 401);
    assert.equal(wrong.json().detail, 'Unknown or revoked API key');
  });

  test('only admins manage API keys; keys are shown once and stored hashed', async () => {
    const denied = await t.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: bearer(t.ws.keys.marketer),
      payload: { name: 'x', role: 'sales' },
    });
    assert.equal(denied.statusCode, 403);
    const created = await t.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: bearer(t.ws.keys.admin),
      payload: { name: 'ci', role: 'sales' },
    });
    assert.equal(created.statusCode, 201);
    const { key, id } = created.json();
    assert.match(key, /^oabm_/);
    const stored = await t.database.db
      .selectFrom('api_keys')
      .select('key_hash')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    assert.notEqual(stored.key_hash, key);
    assert.equal(stored.key_hash.length, 64);
    const list = await t.inject({ method: 'GET', url: '/api/v1/api-keys', headers: bearer(t.ws.keys.admin) });
    assert.ok(!JSON.stringify(list.json()).includes(key));
    const revoke = await t.inject({
      method: 'DELETE',
      url: `/api/v1/api-keys/${id}`,
      headers: bearer(t.ws.keys.admin),
    });
    assert.equal(revoke.statusCode, 204);
    const after = await t.inject({ method: 'GET', url: '/api/v1/users', headers: bearer(key) });
    assert.equal(after.statusCode, 401);
  });

  test('session login sets a cookie that authenticates, and a bad password does not', async () => {
    const email = `sales-${(await t.database.db.selectFrom('workspaces').select('slug').where('id', '=', t.ws.workspaceId).executeTakeFirstOrThrow()).slug}@example.test`;
    const bad = await t.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email, password: 'wrong' },
    });
    assert.equal(bad.statusCode, 401);
    const ok = await t.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email, password: 'correct horse battery' },
    });
    assert.equal(ok.statusCode, 200);
    const cookie = ok.cookies.find((c) => c.name === 'oabm_session');
    assert.ok(cookie);
    const me = await t.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      cookies: { oabm_session: cookie.value },
    });
    assert.equal(me.statusCode, 200);
    assert.equal(me.json().role, 'sales');
    assert.equal(me.json().workspace.id, t.ws.workspaceId);
  });

  test('validation errors name the field path', async () => {
    const res = await t.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: bearer(t.ws.keys.admin),
      payload: { email: 'not-an-email', role: 'king' },
    });
    assert.equal(res.statusCode, 400);
    const paths = res.json().errors.map((e: { path: string }) => e.path);
    assert.ok(paths.includes('body.email'), JSON.stringify(paths));
    assert.ok(paths.includes('body.role'), JSON.stringify(paths));
  });

  test('malformed JSON is a 400 problem', async () => {
    const res = await t.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { ...bearer(t.ws.keys.admin), 'content-type': 'application/json' },
      payload: '{"email":',
    });
    assert.equal(res.statusCode, 400);
    assert.match(res.json().detail, /JSON/);
  });

  test('OpenAPI document is served', async () => {
    const res = await t.inject({ method: 'GET', url: '/api/openapi.json' });
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().openapi, '3.1.0');
    assert.ok(res.json().paths['/api/v1/users']);
  });
});
