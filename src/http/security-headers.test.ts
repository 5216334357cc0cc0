import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { openPixelUrl } from '../email-tracking/tracking-token.ts';
import { createWriteKey } from '../ingest/write-keys.ts';
import { useTestApp } from '../test/test-app.ts';
import { bearer } from '../test/test-database.ts';

const builtIndex = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist/index.html');
const isBuilt = existsSync(builtIndex);

type Headers = Record<string, string | string[] | number | undefined>;

/** The CSP as a map of directive → sources. */
function csp(headers: Headers): Map<string, string[]> {
  const value = String(headers['content-security-policy'] ?? '');
  assert.ok(value, 'no Content-Security-Policy');
  return new Map(
    value
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts): parts is [string, ...string[]] => Boolean(parts[0]))
      .map(([name, ...sources]) => [name, sources]),
  );
}

function assertBaseline(headers: Headers, where: string): void {
  assert.equal(headers['x-content-type-options'], 'nosniff', where);
  assert.equal(headers['x-frame-options'], 'DENY', where);
  assert.equal(headers['referrer-policy'], 'no-referrer', where);
  const policy = csp(headers);
  assert.deepEqual(policy.get('frame-ancestors'), ["'none'"], where);
  assert.deepEqual(policy.get('script-src'), ["'self'"], `${where}: no inline or remote script`);
  assert.deepEqual(policy.get('object-src'), ["'none'"], where);
  assert.equal(headers['strict-transport-security'], undefined, `${where}: no HSTS over plain HTTP`);
}

describe('security headers', () => {
  const t = useTestApp();

  test('API answers, errors and health carry the strict headers, same-origin resources only', async () => {
    const answers = [
      await t.inject({ method: 'GET', url: '/api/v1/accounts', headers: bearer(t.ws.keys.sales) }),
      await t.inject({ method: 'GET', url: '/api/v1/accounts' }),
      await t.inject({ method: 'GET', url: '/health' }),
      await t.inject({ method: 'DELETE', url: '/nothing-here' }),
    ];
    assert.deepEqual(
      answers.map((r) => r.statusCode),
      [200, 401, 200, 404],
    );
    for (const res of answers) {
      assertBaseline(res.headers, res.raw.req.url ?? '');
      assert.equal(res.headers['cross-origin-resource-policy'], 'same-origin');
      assert.deepEqual(csp(res.headers).get('style-src'), ["'self'"]);
    }
  });

  test('the web app: strict CSP, and the built HTML has no inline script', {
    skip: !isBuilt && 'web app not built',
  }, async () => {
    for (const url of ['/', '/accounts/123']) {
      const res = await t.inject({ method: 'GET', url });
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-type']), /text\/html/);
      assertBaseline(res.headers, url);
      assert.deepEqual(csp(res.headers).get('style-src'), ["'self'"]);
      assert.deepEqual(csp(res.headers).get('connect-src'), ["'self'"]);
    }
    const html = readFileSync(builtIndex, 'utf8');
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    assert.ok(scripts.length > 0);
    for (const [, attributes, body] of scripts) {
      assert.match(attributes ?? '', /\ssrc=/, 'every script is a file');
      assert.equal(body?.trim(), '', 'no inline script');
    }
    assert.doesNotMatch(html, /\son\w+=/i, 'no inline event handlers');
  });

  test('the API docs get their own CSP (inline styles for swagger-ui, still no inline script) and render', async () => {
    const page = await t.inject({ method: 'GET', url: '/api/docs/' });
    assert.equal(page.statusCode, 200);
    assertBaseline(page.headers, '/api/docs/');
    assert.deepEqual(csp(page.headers).get('style-src'), ["'self'", "'unsafe-inline'"]);
    assert.doesNotMatch(
      page.body,
      /<script(?![^>]*\ssrc=)[^>]*>/,
      'swagger-ui page loads scripts by file only',
    );
    for (const src of page.body.matchAll(/<script src="([^"]+)"/g)) {
      const url = new URL(String(src[1]), 'http://x/api/docs/').pathname;
      const asset = await t.inject({ method: 'GET', url });
      assert.equal(asset.statusCode, 200, url);
    }
    const spec = await t.inject({ method: 'GET', url: '/api/docs/json' });
    assert.equal(spec.statusCode, 200);
  });

  test('tracking resources stay usable from other sites', async () => {
    const script = await t.inject({
      method: 'GET',
      url: '/t.js',
      headers: { origin: 'https://customer.example' },
    });
    assert.equal(script.statusCode, 200);
    assert.equal(script.headers['cross-origin-resource-policy'], 'cross-origin');
    assert.equal(script.headers['access-control-allow-origin'], '*');

    const contact = await t.database.db
      .insertInto('contacts')
      .values({ workspace_id: t.ws.workspaceId, email: 'lee@acme.example' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const pixel = await openPixelUrl(t.database.db, 'https://abm.example.com', {
      workspaceId: t.ws.workspaceId,
      contactId: contact.id,
      messageId: 'm-h',
    });
    const gif = await t.inject({ method: 'GET', url: pixel.slice('https://abm.example.com'.length) });
    assert.equal(gif.statusCode, 200);
    assert.equal(gif.headers['cross-origin-resource-policy'], 'cross-origin');

    const { key } = await createWriteKey(t.database.db, { workspaceId: t.ws.workspaceId, name: 'web' });
    const preflight = await t.inject({
      method: 'OPTIONS',
      url: '/v1/track',
      headers: { origin: 'https://customer.example', 'access-control-request-method': 'POST' },
    });
    assert.equal(preflight.statusCode, 204);
    assert.equal(preflight.headers['access-control-allow-origin'], '*');
    const event = await t.inject({
      method: 'POST',
      url: '/v1/track',
      headers: { origin: 'https://customer.example', 'content-type': 'text/plain' },
      payload: JSON.stringify({ writeKey: key, event: 'Viewed', anonymousId: 'a-1' }),
    });
    assert.equal(event.statusCode, 200, event.body);
    assert.equal(event.headers['access-control-allow-origin'], '*');
    assert.equal(event.headers['cross-origin-resource-policy'], 'cross-origin');
  });

  test('HSTS only over HTTPS: a trusted proxy saying https, not an untrusted peer', async () => {
    const viaProxy = await t.inject({
      method: 'GET',
      url: '/health',
      headers: { 'x-forwarded-proto': 'https' },
      remoteAddress: '127.0.0.1',
    });
    assert.match(String(viaProxy.headers['strict-transport-security']), /^max-age=\d{7,}/);
    const spoofed = await t.inject({
      method: 'GET',
      url: '/health',
      headers: { 'x-forwarded-proto': 'https' },
      remoteAddress: '198.51.100.9',
    });
    assert.equal(spoofed.headers['strict-transport-security'], undefined);
    const plain = await t.inject({ method: 'GET', url: '/health' });
    assert.equal(plain.headers['strict-transport-security'], undefined);
  });
});
