import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Database } from '../db/database.ts';
import { type App, buildApp } from '../http/app.ts';
import { bearer, createTestWorkspace, openTestDatabase, type TestWorkspace } from '../test/test-database.ts';

describe('accounts API', () => {
  let database: Database;
  let app: App;
  let ws: TestWorkspace;
  let other: TestWorkspace;

  before(async () => {
    database = await openTestDatabase();
    app = await buildApp({ database });
    ws = await createTestWorkspace(database);
    other = await createTestWorkspace(database, 'Other');
  });
  after(async () => {
    await app.close();
    await database.close();
  });

  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, key: string, payload?: object) =>
    app.inject({ method, url: `/api/v1${url}`, headers: bearer(key), ...(payload ? { payload } : {}) });

  test('create normalises domains, keeps account_domains in sync and audits', async () => {
    const res = await call('POST', '/accounts', ws.keys.marketer, {
      name: 'Acme ehf.',
      website: 'https://www.Acme.is/about',
      domains: ['shop.acme.com', 'ACME.IS'],
      employeeCount: 120,
      annualRevenue: 5_000_000,
      currency: 'isk',
      country: 'IS',
      technologies: ['Salesforce', 'HubSpot'],
      ownerId: ws.userIds.sales,
      tier: 1,
      isTarget: true,
    });
    assert.equal(res.statusCode, 201, res.body);
    const account = res.json();
    assert.equal(account.domain, 'acme.is');
    assert.deepEqual(account.domains, ['acme.is', 'acme.com']);
    assert.equal(account.currency, 'ISK');
    assert.equal(account.lifecycle, 'prospect');
    const rows = await database.db
      .selectFrom('account_domains')
      .select(['domain', 'is_primary'])
      .where('workspace_id', '=', ws.workspaceId)
      .where('account_id', '=', account.id)
      .orderBy('domain')
      .execute();
    assert.deepEqual(rows, [
      { domain: 'acme.com', is_primary: false },
      { domain: 'acme.is', is_primary: true },
    ]);
    const audit = await database.db
      .selectFrom('audit_log')
      .select(['action', 'changes'])
      .where('workspace_id', '=', ws.workspaceId)
      .where('object_id', '=', account.id)
      .execute();
    assert.equal(audit.length, 1);
    assert.equal(audit[0]?.action, 'account.create');
    assert.deepEqual(audit[0]?.changes.name, { old: null, new: 'Acme ehf.' });
  });

  test('an unnormalisable domain is a 400 naming the field', async () => {
    const res = await call('POST', '/accounts', ws.keys.admin, {
      name: 'X',
      domains: ['ok.com', 'not a domain'],
    });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(
      res.json().errors.map((e: { path: string }) => e.path),
      ['body.domains.1'],
    );
    const web = await call('POST', '/accounts', ws.keys.admin, { name: 'X', website: 'http://127.0.0.1' });
    assert.equal(web.statusCode, 400);
    assert.equal(web.json().errors[0].path, 'body.website');
  });

  test('get returns parent and counts; update changes fields and audits old → new', async () => {
    const parent = (
      await call('POST', '/accounts', ws.keys.admin, { name: 'Parent A/S', domain: 'parent.dk' })
    ).json();
    const child = (
      await call('POST', '/accounts', ws.keys.admin, {
        name: 'Child GmbH',
        domain: 'child.de',
        parentId: parent.id,
      })
    ).json();
    await call('POST', '/contacts', ws.keys.admin, { email: 'a@child.de' });
    await call('POST', '/opportunities', ws.keys.admin, { name: 'Deal', stage: 'Open', accountId: child.id });
    const detail = (await call('GET', `/accounts/${child.id}`, ws.keys.sales)).json();
    assert.deepEqual(detail.parent, { id: parent.id, name: 'Parent A/S' });
    const parentDetail = (await call('GET', `/accounts/${parent.id}`, ws.keys.sales)).json();
    assert.equal(parentDetail.counts.children, 1);

    const patched = await call('PATCH', `/accounts/${child.id}`, ws.keys.marketer, {
      industry: 'Software',
      website: 'https://child.at',
    });
    assert.equal(patched.statusCode, 200, patched.body);
    assert.equal(patched.json().industry, 'Software');
    assert.equal(patched.json().domain, 'child.de', 'an explicit domain stays primary');
    const audit = await database.db
      .selectFrom('audit_log')
      .select('changes')
      .where('workspace_id', '=', ws.workspaceId)
      .where('object_id', '=', child.id)
      .where('action', '=', 'account.update')
      .executeTakeFirstOrThrow();
    assert.deepEqual(audit.changes.industry, { old: null, new: 'Software' });
    assert.equal(audit.changes.name, undefined);
  });

  test('updates re-sync account_domains: a website-derived primary follows the website', async () => {
    const acc = (
      await call('POST', '/accounts', ws.keys.admin, { name: 'Web', website: 'https://old-web.se' })
    ).json();
    assert.equal(acc.domain, 'old-web.se');
    const moved = await call('PATCH', `/accounts/${acc.id}`, ws.keys.admin, {
      website: 'https://www.new-web.se/en',
      domains: ['web-shop.se'],
    });
    assert.equal(moved.statusCode, 200, moved.body);
    assert.equal(moved.json().domain, 'new-web.se');
    assert.deepEqual(moved.json().domains, ['new-web.se', 'web-shop.se']);
    const stored = await database.db
      .selectFrom('account_domains')
      .select(['domain', 'is_primary'])
      .where('workspace_id', '=', ws.workspaceId)
      .where('account_id', '=', acc.id)
      .orderBy('domain')
      .execute();
    assert.deepEqual(stored, [
      { domain: 'new-web.se', is_primary: true },
      { domain: 'web-shop.se', is_primary: false },
    ]);
    const bad = await call('PATCH', `/accounts/${acc.id}`, ws.keys.admin, { domain: 'localhost' });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().errors[0].path, 'body.domain');
  });

  test('a parent cycle or a parent in another workspace is a 422 on parentId', async () => {
    const a = (await call('POST', '/accounts', ws.keys.admin, { name: 'A' })).json();
    const b = (await call('POST', '/accounts', ws.keys.admin, { name: 'B', parentId: a.id })).json();
    const c = (await call('POST', '/accounts', ws.keys.admin, { name: 'C', parentId: b.id })).json();
    const cycle = await call('PATCH', `/accounts/${a.id}`, ws.keys.admin, { parentId: c.id });
    assert.equal(cycle.statusCode, 422);
    assert.equal(cycle.json().errors[0].path, 'body.parentId');
    const self = await call('PATCH', `/accounts/${a.id}`, ws.keys.admin, { parentId: a.id });
    assert.equal(self.statusCode, 422);
    const foreign = (await call('POST', '/accounts', other.keys.admin, { name: 'Foreign' })).json();
    const cross = await call('POST', '/accounts', ws.keys.admin, { name: 'D', parentId: foreign.id });
    assert.equal(cross.statusCode, 422);
  });

  test('sales update only accounts they own and cannot reassign them', async () => {
    const mine = (
      await call('POST', '/accounts', ws.keys.admin, { name: 'Mine', ownerId: ws.userIds.sales })
    ).json();
    const theirs = (
      await call('POST', '/accounts', ws.keys.admin, { name: 'Theirs', ownerId: ws.userIds.marketer })
    ).json();
    const ok = await call('PATCH', `/accounts/${mine.id}`, ws.keys.sales, { tier: 2 });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().tier, 2);
    const denied = await call('PATCH', `/accounts/${theirs.id}`, ws.keys.sales, { tier: 2 });
    assert.equal(denied.statusCode, 403);
    const reassign = await call('PATCH', `/accounts/${mine.id}`, ws.keys.sales, {
      ownerId: ws.userIds.marketer,
    });
    assert.equal(reassign.statusCode, 403);
    assert.equal((await call('POST', '/accounts', ws.keys.sales, { name: 'New' })).statusCode, 403);
    assert.equal((await call('DELETE', `/accounts/${mine.id}`, ws.keys.sales)).statusCode, 403);
    assert.equal((await call('GET', `/accounts/${theirs.id}`, ws.keys.sales)).statusCode, 200);
  });

  test('an owner outside the workspace is a 422 on ownerId', async () => {
    const res = await call('POST', '/accounts', ws.keys.admin, { name: 'X', ownerId: other.userIds.admin });
    assert.equal(res.statusCode, 422);
    assert.equal(res.json().errors[0].path, 'body.ownerId');
  });

  test("another workspace's account is a 404 for every verb", async () => {
    const foreign = (await call('POST', '/accounts', other.keys.admin, { name: 'Hidden' })).json();
    for (const [method, payload] of [['GET'], ['PATCH', { name: 'x' }], ['DELETE']] as const) {
      const res = await call(method, `/accounts/${foreign.id}`, ws.keys.admin, payload);
      assert.equal(res.statusCode, 404, `${method} ${res.body}`);
    }
    const still = await call('GET', `/accounts/${foreign.id}`, other.keys.admin);
    assert.equal(still.json().name, 'Hidden');
  });

  test('delete removes the account, unlinks contacts and audits', async () => {
    const acc = (await call('POST', '/accounts', ws.keys.admin, { name: 'Gone', domain: 'gone.ee' })).json();
    const contact = (await call('POST', '/contacts', ws.keys.admin, { email: 'x@gone.ee' })).json();
    assert.equal(contact.accountId, acc.id);
    const res = await call('DELETE', `/accounts/${acc.id}`, ws.keys.marketer);
    assert.equal(res.statusCode, 204);
    assert.equal((await call('GET', `/accounts/${acc.id}`, ws.keys.admin)).statusCode, 404);
    const after = (await call('GET', `/contacts/${contact.id}`, ws.keys.admin)).json();
    assert.equal(after.accountId, null);
    assert.equal(after.matchMethod, null);
    const audit = await database.db
      .selectFrom('audit_log')
      .select('changes')
      .where('workspace_id', '=', ws.workspaceId)
      .where('object_id', '=', acc.id)
      .where('action', '=', 'account.delete')
      .executeTakeFirstOrThrow();
    assert.deepEqual(audit.changes.name, { old: 'Gone', new: null });
  });

  test('bad input: unknown field, wrong type, oversized string, bad uuid → 400 naming it', async () => {
    const unknown = await call('POST', '/accounts', ws.keys.admin, { name: 'X', color: 'red' });
    assert.equal(unknown.statusCode, 400);
    assert.match(unknown.body, /color/);
    const wrong = await call('POST', '/accounts', ws.keys.admin, { name: 'X', employeeCount: 'many' });
    assert.equal(wrong.statusCode, 400);
    assert.equal(wrong.json().errors[0].path, 'body.employeeCount');
    const long = await call('POST', '/accounts', ws.keys.admin, { name: 'x'.repeat(501) });
    assert.equal(long.statusCode, 400);
    assert.equal(long.json().errors[0].path, 'body.name');
    const badId = await call('GET', '/accounts/not-a-uuid', ws.keys.admin);
    assert.equal(badId.statusCode, 400);
    assert.equal(badId.json().errors[0].path, 'params.id');
    const nul = await call('POST', '/accounts', ws.keys.admin, { name: 'A', custom: { note: 'x\u0000y' } });
    assert.equal(nul.statusCode, 400);
    assert.equal(nul.json().errors[0].path, 'body.custom.note');
    const nulQuery = await call('GET', '/accounts?industry=%00', ws.keys.admin);
    assert.equal(nulQuery.statusCode, 400);
    const empty = await call('PATCH', '/accounts/not-a-uuid', ws.keys.admin, { name: '' });
    assert.equal(empty.statusCode, 400);
  });
});
