import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { CHROMIUM, launchChromium } from '../test/launch-chromium.ts';
import { useTestApp } from '../test/test-app.ts';
import { drainInbound } from './drain-inbound.ts';

const hasChromium = existsSync(CHROMIUM);
const skip = hasChromium
  ? false
  : `${CHROMIUM} is not installed (apt-get install chromium) — browser tests skipped`;

let site: Server;
let siteBase: string;
let browser: Browser | undefined;
/** Pages of the customer's website, by path; each embeds the snippet from the openabm server. */
const pages = new Map<string, string>();

const t = useTestApp({ listen: true });
before(async () => {
  site = createServer((req, res) => {
    const html =
      pages.get((req.url ?? '/').split('?')[0] ?? '/') ?? '<!doctype html><title>Thanks</title><p>ok</p>';
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  const address = site.address();
  assert.ok(address && typeof address === 'object');
  siteBase = `http://localhost:${(address satisfies AddressInfo).port}`;
  if (hasChromium) {
    browser = await launchChromium();
  }
});
after(async () => {
  await browser?.close();
  await new Promise((resolve) => site.close(resolve));
});

function pageHtml(writeKey: string, attributes = '', body = ''): string {
  return `<!doctype html><html><head><title>Pricing — Example</title>
<script src="${t.base}/t.js" data-write-key="${writeKey}" ${attributes} async></script></head>
<body><h1>Pricing</h1>${body}</body></html>`;
}

async function poll<T>(
  read: () => Promise<T>,
  ok: (value: T) => boolean,
  what: string,
  ms = 10_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The workspace's activities, after processing whatever the tracking API has accepted so far. */
const activitiesOf = async (workspaceId: string) => {
  await drainInbound(t.database.db, workspaceId);
  return t.database.db
    .selectFrom('activities')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .orderBy('id')
    .execute();
};

test('GET /t.js: cacheable, gzip ≤ 3 KB', async () => {
  const res = await fetch(`${t.base}/t.js`, { headers: { 'accept-encoding': 'gzip' } });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /javascript/);
  assert.match(res.headers.get('cache-control') ?? '', /max-age=\d+/);
  const raw = await t.inject({ method: 'GET', url: '/t.js', headers: { 'accept-encoding': 'gzip' } });
  assert.equal(raw.headers['content-encoding'], 'gzip');
  const source = gunzipSync(raw.rawPayload);
  const size = gzipSync(source, { level: 9 }).length;
  assert.ok(size <= 3072, `snippet is ${size} bytes gzipped`);
  assert.ok(raw.rawPayload.length <= 3072);
  const notModified = await t.inject({
    method: 'GET',
    url: '/t.js',
    headers: { 'if-none-match': String(raw.headers.etag) },
  });
  assert.equal(notModified.statusCode, 304);
});

test('browser: page view with URL/UTM/referrer stored; identify attributes history; form submit identifies', {
  skip,
}, async () => {
  assert.ok(browser);
  const ws = await t.trackedWorkspace('Tracker');
  pages.set('/pricing', pageHtml(ws.writeKey));
  pages.set(
    '/contact',
    pageHtml(
      ws.writeKey,
      '',
      `<form id="demo" action="/thanks" data-openabm-identify>
    <input type="email" name="email"><input name="name"><button>Send</button></form>`,
    ),
  );
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${siteBase}/pricing?utm_source=linkedin&utm_campaign=abm-q3`, {
    referer: 'https://search.example/',
  });
  const [view] = await poll(
    () => activitiesOf(ws.workspaceId),
    (rows) => rows.length >= 1,
    'the page view',
  );
  assert.ok(view);
  assert.equal(view.type, 'page_view');
  assert.equal(view.properties.path, '/pricing');
  assert.equal(view.properties.title, 'Pricing — Example');
  assert.equal(view.properties.utm_source, 'linkedin');
  assert.equal(view.properties.utm_campaign, 'abm-q3');
  assert.equal(view.properties.referrer, 'https://search.example/');
  assert.equal(view.properties.library, 'openabm.js');
  const cookie = (await context.cookies()).find((c) => c.name === 'oabm_aid');
  assert.ok(cookie, 'first-party anonymous id cookie set');
  assert.equal(cookie.sameSite, 'Lax');
  assert.ok(cookie.expires * 1000 > Date.now() + 360 * 86400_000, 'kept for a year');
  assert.equal(view.properties.anonymousId, cookie.value);
  assert.equal(view.contact_id, null);

  await page.evaluate(() => {
    const w: { openabm?: { track: (e: string, p: object) => void; flush: () => void } } & Window = window;
    w.openabm?.track('Pricing Calculator Used', { seats: 40 });
    w.openabm?.flush();
  });
  await poll(
    () => activitiesOf(ws.workspaceId),
    (rows) => rows.length >= 2,
    'the track call',
  );

  await page.goto(`${siteBase}/contact`);
  await poll(
    () => activitiesOf(ws.workspaceId),
    (rows) => rows.length >= 3,
    'the second page view',
  );
  await page.fill('input[name=email]', 'Ann@Example.org');
  await page.fill('input[name=name]', 'Ann Lee');
  await page.click('button');
  await page.waitForURL(/thanks/);
  const contact = await poll(
    async () => {
      await drainInbound(t.database.db, ws.workspaceId);
      return t.database.db
        .selectFrom('contacts')
        .selectAll()
        .where('workspace_id', '=', ws.workspaceId)
        .executeTakeFirst();
    },
    (c) => c !== undefined,
    'the contact from the form',
  );
  assert.ok(contact);
  assert.equal(contact.email, 'ann@example.org');
  assert.equal(contact.first_name, 'Ann');
  const rows = await poll(
    () => activitiesOf(ws.workspaceId),
    (r) => r.some((a) => a.type === 'form_submitted'),
    'the form submission',
  );
  for (const row of rows)
    assert.equal(row.contact_id, contact.id, `${row.type} follows the identified visitor`);
  await context.close();
});

test('browser: Do-Not-Track sends nothing and sets no cookie', { skip }, async () => {
  assert.ok(browser);
  const ws = await t.trackedWorkspace('Tracker');
  pages.set('/dnt', pageHtml(ws.writeKey));
  const context = await browser.newContext();
  // As a string: the test runner's transpiler would wrap a function's inner arrows in helpers the page lacks.
  await context.addInitScript({
    content: "Object.defineProperty(Navigator.prototype, 'doNotTrack', { get() { return '1'; } });",
  });
  const page = await context.newPage();
  await page.goto(`${siteBase}/dnt`);
  await page.waitForFunction(() => 'openabm' in window);
  assert.equal(await page.evaluate(() => navigator.doNotTrack), '1');
  await page.evaluate(() => {
    const w: { openabm?: { identify: (e: string) => void; flush: () => void } } & Window = window;
    w.openabm?.identify('dnt@example.org');
    w.openabm?.flush();
  });
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal((await activitiesOf(ws.workspaceId)).length, 0);
  assert.equal((await context.cookies()).filter((c) => c.name === 'oabm_aid').length, 0);
  await context.close();
});

test('browser: consent-required mode waits for consent; revoking consent clears the cookie and stops sending', {
  skip,
}, async () => {
  assert.ok(browser);
  const ws = await t.trackedWorkspace('Tracker');
  pages.set('/consent', pageHtml(ws.writeKey, 'data-consent-required'));
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${siteBase}/consent`);
  await page.waitForFunction(() => 'openabm' in window);
  await new Promise((r) => setTimeout(r, 1300));
  assert.equal((await activitiesOf(ws.workspaceId)).length, 0, 'nothing before consent');
  assert.equal((await context.cookies()).filter((c) => c.name === 'oabm_aid').length, 0);

  await page.evaluate(() => {
    const w: { openabm?: ((cmd: string, value: boolean) => void) & { flush: () => void } } & Window = window;
    w.openabm?.('consent', true);
    w.openabm?.flush();
  });
  const [view] = await poll(
    () => activitiesOf(ws.workspaceId),
    (rows) => rows.length === 1,
    'the page view after consent',
  );
  assert.equal(view?.type, 'page_view');
  assert.equal((await context.cookies()).filter((c) => c.name === 'oabm_aid').length, 1);

  await page.evaluate(() => {
    const w: { openabm?: ((cmd: string, ...args: unknown[]) => void) & { flush: () => void } } & Window =
      window;
    w.openabm?.('consent', false);
    w.openabm?.('track', 'After Revoke', {});
    w.openabm?.flush();
  });
  await new Promise((r) => setTimeout(r, 1300));
  assert.equal((await activitiesOf(ws.workspaceId)).length, 1, 'nothing after consent is withdrawn');
  assert.equal((await context.cookies()).filter((c) => c.name === 'oabm_aid').length, 0, 'cookie cleared');
  await context.close();
});
