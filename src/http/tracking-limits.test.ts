import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { openPixelUrl } from '../email-tracking/tracking-token.ts';
import { drainInbound } from '../ingest/drain-inbound.ts';
import { createWriteKey } from '../ingest/write-keys.ts';
import { basicAuth, useTestApp } from '../test/test-app.ts';
import { DEFAULT_LIMITS } from './security-limits.ts';

const batchOf = (n: number, prefix: string) => ({
  batch: Array.from({ length: n }, (_, i) => ({
    type: 'track',
    event: 'Viewed',
    anonymousId: `${prefix}-${i}`,
  })),
});

describe('tracking endpoints are rate-limited per write key and per client address', () => {
  const t = useTestApp({
    app: {
      limits: {
        trackingPerWriteKey: { max: 5, windowMs: 60_000 },
        trackingPerAddress: { max: 3, windowMs: 60_000 },
      },
    },
  });

  test('a write key over its limit gets a 429 with Retry-After (readable cross-origin); another key does not', async () => {
    const ws = await t.workspace('Limits');
    const busy = (await createWriteKey(t.database.db, { workspaceId: ws.workspaceId, name: 'busy' })).key;
    const quiet = (await createWriteKey(t.database.db, { workspaceId: ws.workspaceId, name: 'quiet' })).key;
    // A batch of 100 events is one request: five of them fit in a limit of five.
    for (let i = 0; i < 4; i++) {
      const res = await t.inject({
        method: 'POST',
        url: '/v1/batch',
        headers: basicAuth(busy),
        payload: batchOf(100, `b${i}`),
      });
      assert.equal(res.statusCode, 200, res.body);
    }
    // The key in the body (browser beacons) is the same key.
    const beacon = await t.inject({
      method: 'POST',
      url: '/v1/track',
      headers: { 'content-type': 'text/plain' },
      payload: JSON.stringify({ writeKey: busy, event: 'Viewed', anonymousId: 'beacon' }),
    });
    assert.equal(beacon.statusCode, 200, beacon.body);
    const over = await t.inject({
      method: 'POST',
      url: '/v1/batch',
      headers: basicAuth(busy),
      payload: batchOf(1, 'x'),
    });
    assert.equal(over.statusCode, 429, over.body);
    assert.match(String(over.headers['content-type']), /application\/problem\+json/);
    assert.match(over.json().detail, /write key/);
    assert.ok(Number(over.headers['retry-after']) >= 1);
    assert.equal(over.headers['access-control-allow-origin'], '*');
    const other = await t.inject({
      method: 'POST',
      url: '/v1/page',
      headers: basicAuth(quiet),
      payload: { anonymousId: 'q' },
    });
    assert.equal(other.statusCode, 200, other.body);
    // Nothing of the refused request was stored: 400 + 1 events accepted.
    await drainInbound(t.database.db, ws.workspaceId);
    const stored = await t.database.db
      .selectFrom('activities')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('workspace_id', '=', ws.workspaceId)
      .executeTakeFirstOrThrow();
    assert.equal(Number(stored.n), 402);
  });

  test('/t.js and the e-mail open pixel are limited per client address', async () => {
    const ws = await t.workspace('Pixel');
    const contact = await t.database.db
      .insertInto('contacts')
      .values({ workspace_id: ws.workspaceId, email: 'pat@acme.example' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const pixel = await openPixelUrl(t.database.db, 'https://abm.example.com', {
      workspaceId: ws.workspaceId,
      contactId: contact.id,
      messageId: 'm-1',
      campaignId: 'c-1',
      sentAt: new Date(Date.now() - 3_600_000),
    });
    const pixelPath = pixel.slice('https://abm.example.com'.length);
    const address = '192.0.2.50';
    for (const url of ['/t.js', pixelPath, '/t.js']) {
      assert.equal((await t.inject({ method: 'GET', url, remoteAddress: address })).statusCode, 200, url);
    }
    for (const url of ['/t.js', pixelPath]) {
      const limited = await t.inject({ method: 'GET', url, remoteAddress: address });
      assert.equal(limited.statusCode, 429, url);
      assert.ok(Number(limited.headers['retry-after']) >= 1);
    }
    assert.equal(
      (await t.inject({ method: 'GET', url: '/t.js', remoteAddress: '192.0.2.51' })).statusCode,
      200,
    );
    assert.equal(
      (await t.inject({ method: 'GET', url: pixelPath, remoteAddress: '192.0.2.51' })).statusCode,
      200,
    );
  });

  test('the defaults leave room for the ingestion benchmark (about 400 batches a second per key)', () => {
    const perSecond =
      (DEFAULT_LIMITS.trackingPerWriteKey.max * 1000) / DEFAULT_LIMITS.trackingPerWriteKey.windowMs;
    assert.ok(perSecond >= 1000, `${perSecond} requests a second per write key`);
  });
});
