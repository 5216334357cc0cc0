import assert from 'node:assert/strict';
import { test } from 'node:test';
import RudderAnalytics from '@rudderstack/rudder-sdk-node';
import { Analytics } from '@segment/analytics-node';
import { basicAuth, useTestApp } from '../test/test-app.ts';
import { drainInbound } from './drain-inbound.ts';

const t = useTestApp({ listen: true });

function suffix(): string {
  return Math.random().toString(36).slice(2, 8);
}

test('@segment/analytics-node: identify → contact linked by email domain, page/track stored, group → account', async () => {
  const ws = await t.trackedWorkspace('Ingest');
  const s = suffix();
  const domain = `acme${s}.com`;
  const account = await t.database.db
    .insertInto('accounts')
    .values({ workspace_id: ws.workspaceId, name: `Acme ${s}`, domain })
    .returning('id')
    .executeTakeFirstOrThrow();
  await t.database.db
    .insertInto('account_domains')
    .values({ workspace_id: ws.workspaceId, account_id: account.id, domain, is_primary: true })
    .execute();

  const analytics = new Analytics({
    writeKey: ws.writeKey,
    host: t.base,
    path: '/v1/batch',
    flushAt: 50,
    flushInterval: 20,
    maxRetries: 0,
  });
  const errors: unknown[] = [];
  analytics.on('error', (e) => errors.push(e));
  analytics.page({
    anonymousId: 'anon-1',
    name: 'Pricing',
    properties: { url: `https://x.test/pricing?utm_source=ads&utm_campaign=q3`, title: 'Pricing' },
  });
  analytics.identify({
    userId: 'u-1',
    anonymousId: 'anon-1',
    traits: { email: `Jane@${domain}`, name: 'Jane Doe', title: 'VP Marketing' },
  });
  analytics.track({ userId: 'u-1', event: 'Demo Requested', properties: { plan: 'pro' } });
  await analytics.flush();
  analytics.group({
    userId: 'u-1',
    groupId: `org-${s}`,
    traits: { name: `Other ${s}`, domain: `other${s}.com` },
  });
  await analytics.closeAndFlush({ timeout: 10_000 });
  assert.deepEqual(errors, []);
  await drainInbound(t.database.db, ws.workspaceId);

  const contact = await t.database.db
    .selectFrom('contacts')
    .selectAll()
    .where('workspace_id', '=', ws.workspaceId)
    .executeTakeFirstOrThrow();
  assert.equal(contact.email, `jane@${domain}`);
  assert.equal(contact.first_name, 'Jane');
  assert.equal(contact.last_name, 'Doe');
  assert.equal(contact.title, 'VP Marketing');

  const activities = await t.database.db
    .selectFrom('activities')
    .selectAll()
    .where('workspace_id', '=', ws.workspaceId)
    .orderBy('id')
    .execute();
  assert.deepEqual(
    activities.map((a) => a.type),
    ['page_view', 'identify', 'demo_requested', 'group'],
  );
  const page = activities[0];
  assert.ok(page);
  assert.equal(
    page.contact_id,
    contact.id,
    'the anonymous page view is attributed to the identified contact',
  );
  assert.equal(page.account_id, account.id, 'and to the account of its email domain');
  assert.equal(page.properties.utm_source, 'ads');
  assert.equal(page.properties.utm_campaign, 'q3');
  assert.equal(page.properties.path, '/pricing');
  assert.equal(page.properties.title, 'Pricing');
  const track = activities[2];
  assert.equal(track?.properties.event, 'Demo Requested');
  assert.equal(track?.properties.plan, 'pro');
  assert.equal(track?.contact_id, contact.id);

  const group = await t.database.db
    .selectFrom('accounts')
    .select(['id', 'name', 'external_ids'])
    .where('workspace_id', '=', ws.workspaceId)
    .where('name', '=', `Other ${s}`)
    .executeTakeFirstOrThrow();
  assert.equal(group.external_ids.segment, `org-${s}`);
  const linked = await t.database.db
    .selectFrom('contacts')
    .select('account_id')
    .where('workspace_id', '=', ws.workspaceId)
    .where('id', '=', contact.id)
    .executeTakeFirstOrThrow();
  assert.equal(linked.account_id, group.id, 'group ties the user to the named account');
  assert.equal(activities[3]?.account_id, group.id);
});

test('@rudderstack/rudder-sdk-node (gzipped batches): events arrive, identify and group resolve', async () => {
  const ws = await t.trackedWorkspace('Ingest');
  const s = suffix();
  const rudder = new RudderAnalytics(ws.writeKey, {
    dataPlaneUrl: t.base,
    flushAt: 100,
    retryCount: 0,
    logLevel: 'error',
  });
  rudder.identify({ userId: `r-${s}`, traits: { email: `bob@rudder${s}.com`, firstName: 'Bob' } });
  rudder.track({ userId: `r-${s}`, event: 'Signed Up', properties: { source: 'rudder' } });
  rudder.screen({ userId: `r-${s}`, name: 'Home' });
  rudder.group({
    userId: `r-${s}`,
    groupId: `g-${s}`,
    traits: { name: `Rudder Co ${s}`, website: `https://www.rudder${s}.com` },
  });
  await rudder.flush();
  await drainInbound(t.database.db, ws.workspaceId);

  const rows = await t.database.db
    .selectFrom('activities')
    .select(['type', 'contact_id', 'account_id'])
    .where('workspace_id', '=', ws.workspaceId)
    .orderBy('id')
    .execute();
  assert.deepEqual(
    rows.map((r) => r.type),
    ['identify', 'signed_up', 'screen_view', 'group'],
  );
  const contact = await t.database.db
    .selectFrom('contacts')
    .select(['id', 'first_name', 'account_id'])
    .where('workspace_id', '=', ws.workspaceId)
    .where('email', '=', `bob@rudder${s}.com`)
    .executeTakeFirstOrThrow();
  assert.equal(contact.first_name, 'Bob');
  assert.ok(rows.every((r) => r.contact_id === contact.id));
  const account = await t.database.db
    .selectFrom('account_domains')
    .select('account_id')
    .where('workspace_id', '=', ws.workspaceId)
    .where('domain', '=', `rudder${s}.com`)
    .executeTakeFirstOrThrow();
  assert.equal(
    contact.account_id,
    account.account_id,
    'group by traits.website created and linked the account',
  );
  assert.ok(
    rows.every((r) => r.account_id === account.account_id),
    'earlier activities of the contact get the account',
  );
});

test('a repeated messageId is acknowledged and stored once (also across clients)', async () => {
  const ws = await t.trackedWorkspace('Ingest');
  const analytics = new Analytics({
    writeKey: ws.writeKey,
    host: t.base,
    path: '/v1/batch',
    flushAt: 10,
    flushInterval: 20,
    maxRetries: 0,
  });
  for (let i = 0; i < 3; i++) analytics.track({ anonymousId: 'a', event: 'Clicked', messageId: 'dup-1' });
  analytics.track({ anonymousId: 'a', event: 'Clicked', messageId: 'dup-2' });
  await analytics.closeAndFlush({ timeout: 10_000 });
  const again = await fetch(`${t.base}/v1/track`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: basicAuth(ws.writeKey).authorization,
    },
    body: JSON.stringify({ anonymousId: 'a', event: 'Clicked', messageId: 'dup-1' }),
  });
  assert.equal(again.status, 200);
  await drainInbound(t.database.db, ws.workspaceId);
  const rows = await t.database.db
    .selectFrom('activities')
    .select('message_id')
    .where('workspace_id', '=', ws.workspaceId)
    .orderBy('message_id')
    .execute();
  assert.deepEqual(
    rows.map((r) => r.message_id),
    ['dup-1', 'dup-2'],
  );
});
