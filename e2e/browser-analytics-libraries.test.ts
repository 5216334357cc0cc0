import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { drainInbound } from '../src/ingest/drain-inbound.ts';
import { launchChromium } from '../src/test/launch-chromium.ts';
import { useTestApp } from '../src/test/test-app.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const SEGMENT_DIST = path.join(ROOT, 'node_modules/@segment/analytics-next/dist/umd');
/** The site's own Segment source key: the snippet loads with it, openabm does not know it. */
const SEGMENT_SOURCE_KEY = 'q7VcSegmentSourceKey01';
const RUDDERSTACK_BUNDLE = path.join(
  ROOT,
  'node_modules/@rudderstack/analytics-js/dist/npm/modern/bundled/umd/index.js',
);

/**
 * Segment's analytics.js (`@segment/analytics-next`, the standalone bundle a site loads with the
 * Segment snippet) and RudderStack's browser SDK (v3) on a customer's website, in Chromium, sending
 * to openabm: the site and the libraries are served by a second local server (another origin, playing
 * the site and the libraries' CDN), openabm by the app on 127.0.0.1. Every request that would leave
 * the machine is refused and reported.
 */
describe('browser analytics libraries send to openabm from another origin', { timeout: 180_000 }, () => {
  let apiBase: string;
  let apiHost: string;
  let site: Server;
  let siteBase: string;
  let browser: Browser;
  /** HTML pages of the customer's site, by path. */
  const pages = new Map<string, string>();
  /** The source keys whose settings the CDN served. */
  const settingsServed: string[] = [];

  const t = useTestApp({ listen: true });
  before(async () => {
    apiBase = t.base;
    apiHost = new URL(apiBase).host;
    site = createServer((req, res) => {
      serveSite(req.url ?? '/').then(
        ({ status, type, body }) => res.writeHead(status, { 'content-type': type }).end(body),
        (error: unknown) => res.writeHead(500).end(String(error)),
      );
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    const address = site.address();
    assert.ok(address && typeof address === 'object');
    siteBase = `http://localhost:${(address satisfies AddressInfo).port}`;
    browser = await launchChromium([
      // Nothing but loopback resolves: whatever a library would fetch from the internet fails here.
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
    ]);
  });
  after(async () => {
    await browser?.close();
    await new Promise((resolve) => site.close(resolve));
  });

  /** The site server: pages, Segment's CDN (source settings and lazy bundles), RudderStack's bundle. */
  async function serveSite(url: string): Promise<{ status: number; type: string; body: string | Buffer }> {
    const pathname = new URL(url, siteBase).pathname;
    const html = pages.get(pathname);
    if (html) return { status: 200, type: 'text/html; charset=utf-8', body: html };
    const settings = /^\/v1\/projects\/([^/]+)\/settings$/.exec(pathname);
    if (settings?.[1]) {
      settingsServed.push(settings[1]);
      return { status: 200, type: 'application/json', body: JSON.stringify(segmentCdnSettings(settings[1])) };
    }
    if (pathname === '/analytics.js/standalone.js') {
      return {
        status: 200,
        type: 'text/javascript',
        body: await readFile(path.join(SEGMENT_DIST, 'standalone.js')),
      };
    }
    const bundle = /^\/analytics-next\/bundles\/([\w.-]+\.js)$/.exec(pathname);
    if (bundle?.[1]) {
      return {
        status: 200,
        type: 'text/javascript',
        body: await readFile(path.join(SEGMENT_DIST, bundle[1])),
      };
    }
    if (pathname === '/rudderstack/rsa.js') {
      return { status: 200, type: 'text/javascript', body: await readFile(RUDDERSTACK_BUNDLE) };
    }
    if (pathname === '/favicon.ico') return { status: 204, type: 'image/x-icon', body: '' };
    return { status: 404, type: 'text/plain', body: 'not found' };
  }

  /** What Segment's CDN answers for a source: the Segment.io destination and a tracking plan. */
  function segmentCdnSettings(writeKey: string) {
    const allEnabled = { __default: { enabled: true, integrations: {} } };
    return {
      integrations: {
        'Segment.io': {
          apiKey: writeKey,
          apiHost: 'api.segment.io/v1',
          unbundledIntegrations: [],
          addBundledMetadata: true,
          maybeBundledConfigIds: {},
        },
      },
      plan: { track: allEnabled, identify: allEnabled, group: allEnabled },
      edgeFunction: {},
      analyticsNextEnabled: true,
      middlewareSettings: {},
      enabledMiddleware: {},
      metrics: { sampleRate: 0 },
      legacyVideoPluginsEnabled: false,
      remotePlugins: [],
    };
  }

  /**
   * A page with Segment's snippet, as a site that already runs analytics.js has it: loaded with the
   * site's Segment source key (its settings come from the CDN, `_cdn`), and the Segment.io
   * destination pointed at openabm — `apiHost`, `protocol`, and openabm's write key as `apiKey`.
   */
  function segmentPage(writeKey: string, deliveryStrategy?: unknown): string {
    const loadOptions = {
      integrations: {
        'Segment.io': {
          apiKey: writeKey,
          apiHost: `${apiHost}/v1`,
          protocol: 'http',
          ...(deliveryStrategy ? { deliveryStrategy } : {}),
        },
      },
    };
    return `<!doctype html><html><head><title>Pricing — Example</title><script>
// A network failure on demand: the next /v1/t request fails as if the connection dropped.
window.failNextTrack = false;
var realFetch = window.fetch;
window.fetch = function (url, init) {
  if (window.failNextTrack && /\\/v1\\/t$/.test(String(url))) {
    window.failNextTrack = false;
    return Promise.reject(new TypeError('Failed to fetch'));
  }
  return realFetch.call(window, url, init);
};
</script><script>
!function(){var i="analytics",analytics=window[i]=window[i]||[];if(!analytics.initialize){
analytics.invoked=!0;analytics.methods=["trackSubmit","trackClick","trackLink","trackForm","pageview","identify","reset","group","track","ready","alias","debug","page","screen","once","off","on","addSourceMiddleware","addIntegrationMiddleware","setAnonymousId","addDestinationMiddleware","register"];
analytics.factory=function(e){return function(){var t=Array.prototype.slice.call(arguments);t.unshift(e);analytics.push(t);return analytics}};
for(var n=0;n<analytics.methods.length;n++){var key=analytics.methods[n];analytics[key]=analytics.factory(key)}
analytics._writeKey=${JSON.stringify(SEGMENT_SOURCE_KEY)};analytics._cdn=${JSON.stringify(siteBase)};
analytics._loadOptions=${JSON.stringify(loadOptions)};
var t=document.createElement("script");t.type="text/javascript";t.async=!0;t.src=${JSON.stringify(`${siteBase}/analytics.js/standalone.js`)};
document.head.appendChild(t);}}();
</script></head><body><h1>Pricing</h1></body></html>`;
  }

  /**
   * A page loading RudderStack's bundled build (plugins built in, none fetched) with the source
   * configuration given inline instead of fetched from RudderStack's control plane.
   */
  function rudderStackPage(writeKey: string, beacon = false): string {
    const sourceConfig = {
      source: {
        id: 'site-source',
        name: 'Website',
        workspaceId: 'site-workspace',
        enabled: true,
        config: { statsCollection: { errors: { enabled: false }, metrics: { enabled: false } } },
        destinations: [],
      },
    };
    const loadOptions = {
      plugins: [beacon ? 'BeaconQueue' : 'XhrQueue'],
      ...(beacon ? { useBeacon: true, beaconQueueOptions: { maxItems: 4 } } : {}),
      polyfillIfRequired: false,
      queueOptions: { minRetryDelay: 200 },
      logLevel: 'ERROR',
    };
    return `<!doctype html><html><head><title>Pricing — Example</title>
<script src="${siteBase}/rudderstack/rsa.js"></script><script>
window.rudderReady = new Promise(function (resolve) {
  var options = ${JSON.stringify(loadOptions)};
  options.getSourceConfig = function () { return ${JSON.stringify(sourceConfig)}; };
  options.onLoaded = function () { resolve(true); };
  window.rsa = new window.rudderanalytics.RudderAnalytics();
  window.rsa.load(${JSON.stringify(writeKey)}, ${JSON.stringify(apiBase)}, options);
});
</script></head><body><h1>Pricing</h1></body></html>`;
  }

  interface Session {
    context: BrowserContext;
    page: Page;
    /** Requests that failed in the browser (CORS refusals show here) and non-loopback requests refused. */
    problems: string[];
    /** Every request openabm's tracking API received from the page: path, status, notable headers. */
    sent: { path: string; method: string; status: number; headers: Record<string, string> }[];
  }

  async function open(html: string): Promise<Session> {
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems: string[] = [];
    const sent: Session['sent'] = [];
    // No request interception (page.route): with it, Playwright answers CORS preflights itself, and
    // the preflight is what these tests must see openabm answer.
    page.on('request', (request) => {
      const { hostname } = new URL(request.url());
      if (hostname !== '127.0.0.1' && hostname !== 'localhost')
        problems.push(`left the site: ${request.url()}`);
    });
    page.on('requestfailed', (request) => {
      problems.push(`${request.method()} ${request.url()}: ${request.failure()?.errorText ?? 'failed'}`);
    });
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()} (${message.location().url})`);
    });
    // Recorded as each answer arrives, before any waitForResponse registered later sees it.
    page.on('response', (response) => {
      const url = new URL(response.url());
      if (url.host !== apiHost) return;
      sent.push({
        path: url.pathname,
        method: response.request().method(),
        status: response.status(),
        headers: response.request().headers(),
      });
    });
    const pagePath = `/page-${Math.random().toString(36).slice(2, 10)}`;
    pages.set(pagePath, html);
    await page.goto(`${siteBase}${pagePath}`);
    return { context, page, problems, sent };
  }

  /** Run a call in the page and wait for openabm's answer to the request it makes. */
  async function call(session: Session, path: string, script: string): Promise<void> {
    const [response] = await Promise.all([
      session.page.waitForResponse(
        (r) =>
          new URL(r.url()).host === apiHost &&
          new URL(r.url()).pathname === path &&
          r.request().method() === 'POST',
        { timeout: 20_000 },
      ),
      session.page.evaluate(script),
    ]);
    assert.equal(response.status(), 200, `${path}: ${await response.text()}`);
  }

  /** After draining the inbound queue: the contact, its account and the activities of the workspace. */
  async function stored(workspaceId: string) {
    await drainInbound(t.database.db, workspaceId);
    const contacts = await t.database.db
      .selectFrom('contacts')
      .select(['id', 'email', 'first_name', 'last_name', 'account_id'])
      .where('workspace_id', '=', workspaceId)
      .execute();
    const accounts = await t.database.db
      .selectFrom('accounts')
      .select(['id', 'name', 'external_ids'])
      .where('workspace_id', '=', workspaceId)
      .execute();
    const activities = await t.database.db
      .selectFrom('activities')
      .select(['type', 'contact_id', 'account_id', 'properties'])
      .where('workspace_id', '=', workspaceId)
      .orderBy('occurred_at')
      .orderBy('id')
      .execute();
    return { contacts, accounts, activities };
  }

  /** page → identify → group → track made one contact at one account, and four activities of it. */
  async function assertJourney(workspaceId: string, email: string, company: string, library: string) {
    const { contacts, accounts, activities } = await stored(workspaceId);
    assert.equal(contacts.length, 1, 'one contact');
    assert.equal(accounts.length, 1, 'one account');
    const [contact] = contacts;
    const [account] = accounts;
    assert.ok(contact && account);
    assert.equal(contact.email, email);
    assert.equal(contact.first_name, 'Grace');
    assert.equal(contact.last_name, 'Hopper');
    assert.equal(account.name, company);
    assert.equal(contact.account_id, account.id, 'group linked the contact to the account');
    assert.deepEqual(
      activities.map((a) => a.type),
      ['page_view', 'identify', 'group', 'demo_requested'],
    );
    for (const activity of activities) {
      assert.equal(activity.contact_id, contact.id, `${activity.type} belongs to the contact`);
      assert.equal(activity.account_id, account.id, `${activity.type} belongs to the account`);
      assert.equal(activity.properties.library, library);
    }
    const [pageView, , , track] = activities;
    assert.equal(pageView?.properties.title, 'Pricing — Example');
    assert.match(String(pageView?.properties.url), /^http:\/\/localhost:\d+\/page-/);
    assert.equal(track?.properties.plan, 'pro');
  }

  test('Segment analytics.js (standalone bundle, snippet): page, identify, group, track at /v1/p, /v1/i, /v1/g, /v1/t; a retry carries X-Retry-Count', async () => {
    const ws = await t.trackedWorkspace('Segment browser');
    const session = await open(segmentPage(ws.writeKey));
    try {
      await session.page.waitForFunction('window.analytics && window.analytics.initialized === true', null, {
        timeout: 20_000,
      });
      assert.ok(settingsServed.includes(SEGMENT_SOURCE_KEY), 'settings came from the (local) CDN');
      await call(session, '/v1/p', 'analytics.page()');
      await call(
        session,
        '/v1/i',
        `analytics.identify('u-grace', { email: 'grace@hopper-labs.test', name: 'Grace Hopper' })`,
      );
      await call(
        session,
        '/v1/g',
        `analytics.group('org-hopper', { name: 'Hopper Labs', domain: 'hopper-labs.test' })`,
      );

      // The tracking API is briefly unavailable: analytics.js keeps the event and retries it with
      // X-Retry-Count, a header the browser must first be allowed to send (preflight).
      await session.page.evaluate('window.failNextTrack = true');
      const retried = session.page.waitForResponse(
        (r) => r.url() === `${apiBase}/v1/t` && r.request().headers()['x-retry-count'] !== undefined,
        { timeout: 30_000 },
      );
      await session.page.evaluate(`analytics.track('Demo Requested', { plan: 'pro' }); true`);
      const response = await retried;
      assert.equal(await session.page.evaluate('window.failNextTrack'), false, 'the first attempt failed');
      assert.equal(response.status(), 200);
      assert.equal(response.request().headers()['x-retry-count'], '1');

      const posts = session.sent.filter((s) => s.method === 'POST');
      assert.deepEqual(
        posts.map((p) => `${p.path} ${p.status} ${p.headers['x-retry-count'] ?? '-'}`),
        ['/v1/p 200 -', '/v1/i 200 -', '/v1/g 200 -', '/v1/t 200 1'],
      );
      for (const post of posts) {
        assert.match(post.headers['content-type'] ?? '', /^text\/plain/, 'analytics.js sends text/plain');
      }
      assert.deepEqual(session.problems, []);
      await assertJourney(ws.workspaceId, 'grace@hopper-labs.test', 'Hopper Labs', 'analytics.js');
    } finally {
      await session.context.close();
    }
  });

  test('Segment analytics.js with deliveryStrategy batching: one request to /v1/b', async () => {
    const ws = await t.trackedWorkspace('Segment batching');
    const session = await open(
      segmentPage(ws.writeKey, { strategy: 'batching', config: { size: 4, timeout: 60_000 } }),
    );
    try {
      await session.page.waitForFunction('window.analytics && window.analytics.initialized === true', null, {
        timeout: 20_000,
      });
      await call(
        session,
        '/v1/b',
        `analytics.page();
         analytics.identify('u-grace', { email: 'grace@batch-labs.test', name: 'Grace Hopper' });
         analytics.group('org-batch', { name: 'Batch Labs', domain: 'batch-labs.test' });
         analytics.track('Demo Requested', { plan: 'pro' }); true`,
      );
      const posts = session.sent.filter((s) => s.method === 'POST').map((s) => s.path);
      assert.deepEqual(posts, ['/v1/b']);
      assert.deepEqual(session.problems, []);
      await assertJourney(ws.workspaceId, 'grace@batch-labs.test', 'Batch Labs', 'analytics.js');
    } finally {
      await session.context.close();
    }
  });

  test('RudderStack browser SDK v3 (inline source config, bundled plugins): page, identify, group, track', async () => {
    const ws = await t.trackedWorkspace('RudderStack browser');
    const session = await open(rudderStackPage(ws.writeKey));
    try {
      await session.page.evaluate('window.rudderReady');
      await call(session, '/v1/page', 'rsa.page(); true');
      await call(
        session,
        '/v1/identify',
        `rsa.identify('u-grace', { email: 'grace@rudder-labs.test', name: 'Grace Hopper' }); true`,
      );
      await call(
        session,
        '/v1/group',
        `rsa.group('org-rudder', { name: 'Rudder Labs', domain: 'rudder-labs.test' }); true`,
      );
      await call(session, '/v1/track', `rsa.track('Demo Requested', { plan: 'pro' }); true`);
      const posts = session.sent.filter((s) => s.method === 'POST');
      assert.deepEqual(
        posts.map((p) => p.path),
        ['/v1/page', '/v1/identify', '/v1/group', '/v1/track'],
      );
      for (const post of posts) {
        assert.ok(post.headers.anonymousid, `${post.path} carries RudderStack's AnonymousId header`);
        assert.match(post.headers.authorization ?? '', /^Basic /);
      }
      assert.deepEqual(session.problems, []);
      await assertJourney(
        ws.workspaceId,
        'grace@rudder-labs.test',
        'Rudder Labs',
        'RudderLabs JavaScript SDK',
      );
    } finally {
      await session.context.close();
    }
  });

  test('RudderStack browser SDK v3 with useBeacon: navigator.sendBeacon to /beacon/v1/batch, the write key in the URL', async () => {
    const ws = await t.trackedWorkspace('RudderStack beacon');
    const session = await open(rudderStackPage(ws.writeKey, true));
    try {
      await session.page.evaluate('window.rudderReady');
      await session.page.evaluate(
        `rsa.page();
         rsa.identify('u-grace', { email: 'grace@beacon-labs.test', name: 'Grace Hopper' });
         rsa.group('org-beacon', { name: 'Beacon Labs', domain: 'beacon-labs.test' });
         rsa.track('Demo Requested', { plan: 'pro' }); true`,
      );
      // A beacon's answer is not the page's to read: wait for the events to reach the queue.
      const deadline = Date.now() + 20_000;
      for (;;) {
        const { n } = await t.database.db
          .selectFrom('inbound_batches')
          .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('events'), eb.lit(0)).as('n'))
          .where('workspace_id', '=', ws.workspaceId)
          .executeTakeFirstOrThrow();
        if (Number(n) >= 4) break;
        assert.ok(Date.now() < deadline, 'the beacon arrived');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      // One request with the four events, through the beacon path only (whether Chromium reports a
      // beacon's answer to the page varies).
      const queued = await t.database.db
        .selectFrom('inbound_batches')
        .select('events')
        .where('workspace_id', '=', ws.workspaceId)
        .execute();
      assert.deepEqual(queued, [{ events: 4 }]);
      assert.deepEqual(
        session.sent.filter((r) => r.path !== '/beacon/v1/batch'),
        [],
      );
      assert.deepEqual(session.problems, []);
      await assertJourney(
        ws.workspaceId,
        'grace@beacon-labs.test',
        'Beacon Labs',
        'RudderLabs JavaScript SDK',
      );
    } finally {
      await session.context.close();
    }
  });
});
