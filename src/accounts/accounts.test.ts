import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { useTestApp } from '../test/test-app.ts';
import type { TestWorkspace } from '../test/test-database.ts';

describe('accounts API', () => {
  let other: TestWorkspace;

  const t = useTestApp();
  before(async () => {
    other = await t.workspace('Other');
  });

  test('create normalises domains, keeps account_domains in sync and audits', async () => {
    const res = await t.call('POST', '/accounts', t.ws.keys.marketer, {
      name: 'Acme ehf.',
      website: 'https://www.Acme.is/about',
      domains: ['shop.acme.com', 'ACME.IS'],
      employeeCount: 120,
      annualRevenue: 5_000_000,
      currency: 'isk',
      country: 'IS',
      technologies: ['Salesforce', 'HubSpot'],
      ownerId: t.ws.userIds.sales,
      tier: 1,
      isTarget: true,
    });
    assert.equal(res.statusCode, 201, res.body);
    const account = res.json();
    assert.equal(account.domain, 'acme.is');
    assert.deepEqual(account.domains, ['acme.is', 'acme.com']);
    assert.equal(account.currency, 'ISK');
    assert.equal(account.lifecycle, 'prospect');
    const rows = await t.database.db
      .selectFrom('account_domains')
      .select(['domain', 'is_primary'])
      .where('workspace_id', '=', t.ws.workspaceId)
      .where('account_id', '=', account.id)
      .orderBy('domain')
      .execute();
    assert.deepEqual(rows, [
      { domain: 'acme.com', is_primary: false },
      { domain: 'acme.is', is_primary: true },
    ]);
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'changes'])
      .where('workspace_id', '=', t.ws.workspaceId)
      .where('object_id', '=', account.id)
      .execute();
    assert.equal(audit.length, 1);
    assert.equal(audit[0]?.action, 'account.create');
    assert.deepEqual(audit[0]?.changes.name, { old: null, new: 'Acme ehf.' });
  });

  test('an unnormalisable domain is a 400 naming the field', async () => {
    const res = await t.call('POST', '/accounts', t.ws.keys.admin, {
      name: 'X',
      domains: ['ok.com', 'not a domain'],
    });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(
      res.json().errors.map((e: { path: string }) => e.path),
      ['body.domains.1'],
    );
    const web = await t.call('POST', '/accounts', t.ws.keys.admin, {
      name: 'X',
      website: 'http://127.0.0.1',
    });
    assert.equal(web.statusCode, 400);
    assert.equal(web.json().errors[0].path, 'body.website');
  });

  test('get returns parent and counts; update changes fields and audits old → new', async () => {
    const parent = (
      await t.call('POST', '/accounts', t.ws.keys.admin, { name: 'Parent A/S', domain: 'parent.dk' })
    ).json();
    const child = (
      await t.call('POST', '/accounts', t.ws.keys.admin, {
        name: 'Child GmbH',
        domain: 'child.de',
        parentId: parent.id,
      })
    ).json();
    await t.call('POST', '/contacts', t.ws.keys.admin, { email: 'a@child.de' });
    await t.call('POST', '/opportunities', t.ws.keys.admin, {
      name: 'Deal',
      stage: 'Open',
      accountId: child.id,
    });
    const detail = (await t.call('GET', `/accounts/${child.id}`, t.ws.keys.sales)).json();
    assert.deepEqual(detail.parent, { id: parent.id, name: 'Parent A/S' });
    const parentDetail = (await t.call('GET', `/accounts/${parent.id}`, t.ws.keys.sales)).json();
    assert.equal(parentDetail.counts.children, 1);

    const patched = await t.call('PATCH', `/accounts/${child.id}`, t.ws.keys.marketer, {
      industry: 'Software',
      website: 'https://child.at',
    });
    assert.equal(patched.statusCode, 200, patched.body);
    assert.equal(patched.json().industry, 'Software');
    assert.equal(patched.json().domain, 'child.de', 'an explicit domain stays primary');
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select('changes')
      .where('workspace_id', '=', t.ws.workspaceId)
      .where('object_id', '=', child.id)
      .where('action', '=', 'account.update')
      .executeTakeFirstOrThrow();
    assert.deepEqual(audit.changes.industry, { old: null, new: 'Software' });
    assert.equal(audit.changes.name, undefined);
  });

  test('updates re-sync account_domains: a website-derived primary follows the website', async () => {
    const acc = (
      await t.call('POST', '/accounts', t.ws.keys.admin, { name: 'Web', website: 'https://old-web.se' })
    ).json();
    assert.equal(acc.domain, 'old-web.se');
    const moved = await t.call('PATCH', `/accounts/${acc.id}`, t.ws.keys.admin, {
      website: 'https://www.new-web.se/en',
      domains: ['web-shop.se'],
    });
    assert.equal(moved.statusCode, 200, moved.body);
    assert.equal(moved.json().domain, 'new-web.se');
    assert.deepEqual(moved.json().domains, ['new-web.se', 'web-shop.se']);
    const stored = await t.database.db
      .selectFrom('account_domains')
      .select(['domain', 'is_primary'])
      .where('workspace_id', '=', t.ws.workspaceId)
      .where('account_id', '=', acc.id)
      .orderBy('domain')
      .execute();
    assert.deepEqual(stored, [
      { domain: 'new-web.se', is_primary: true },
      { domain: 'web-shop.se', is_primary: false },
    ]);
    const bad = await t.call('PATCH', `/accounts/${acc.id}`, t.ws.keys.admin, { domain: 'localhost' });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().errors[0].path, 'body.domain');
  });

  test('a parent cycle or a parent in another workspace is a 422 on parentId', async () => {
    const a = (await t.call('POST', '/accounts', t.ws.keys.admin, { name: 'A' })).json();
    const b = (await t.call('POST', '/accounts', t.ws.keys.admin, { name: 'B', parentId: a.id })).json();
    const c = (await t.call('POST', '/accounts', t.ws.keys.admin, { name: 'C', parentId: b.id })).json();
    const cycle = await t.call('PATCH', `/accounts/${a.id}`, t.ws.keys.admin, { parentId: c.id });
    assert.equal(cycle.statusCode, 422);
    assert.equal(cycle.json().errors[0].path, 'body.parentId');
    const self = await t.call('PATCH', `/accounts/${a.id}`, t.ws.keys.admin, { parentId: a.id });
    assert.equal(self.statusCode, 422);
    const foreign = (await t.call('POST', '/accounts', other.keys.admin, { name: 'Foreign' })).json();
    const cross = await t.call('POST', '/accounts', t.ws.keys.admin, { name: 'D', parentId: foreign.id });
    assert.equal(cross.statusCode, 422);
  });

  test('sales update only accounts they own and cannot reassign them', async () => {
    const mine = (
      await t.call('POST', '/accounts', t.ws.keys.admin, { name: 'Mine', ownerId: t.ws.userIds.sales })
    ).json();
    const theirs = (
      await t.call('POST', '/accounts', t.ws.keys.admin, { name: 'Theirs', ownerId: t.ws.userIds.marketer })
    ).json();
    const ok = await t.call('PATCH', `/accounts/${mine.id}`, t.ws.keys.sales, { tier: 2 });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().tier, 2);
    const denied = await t.call('PATCH', `/accounts/${theirs.id}`, t.ws.keys.sales, { tier: 2 });
    assert.equal(denied.statusCode, 403);
    const reassign = await t.call('PATCH', `/accounts/${mine.id}`, t.ws.keys.sales, {
      ownerId: t.ws.userIds.marketer,
    });
    assert.equal(reassign.statusCode, 403);
    assert.equal((await t.call('POST', '/accounts', t.ws.keys.sales, { name: 'New' })).statusCode, 403);
    assert.equal((await t.call('DELETE', `/accounts/${mine.id}`, t.ws.keys.sales)).statusCode, 403);
    assert.equal((await t.call('GET', `/accounts/${theirs.id}`, t.ws.keys.sales)).statusCode, 200);
  });

  test('an owner outside the workspace is a 422 on ownerId', async () => {
    const res = await t.call('POST', '/accounts', t.ws.keys.admin, {
      name: 'X',
      ownerId: other.userIds.admin,
    });
    assert.equal(res.statusCode, 422);
    assert.equal(res.json().errors[0].path, 'body.ownerId');
  });

  test("another workspace's account is a 404 for every verb", async () => {
    const foreign = (await t.call('POST', '/accounts', other.keys.admin, { name: 'Hidden' })).json();
    for (const [method, payload] of [['GET'], ['PATCH', { name: 'x' }], ['DELETE']] as const) {
      const res = await t.call(method, `/accounts/${foreign.id}`, t.ws.keys.admin, payload);
      assert.equal(res.statusCode, 404, `${method} ${res.body}`);
    }
    const still = await t.call('GET', `/accounts/${foreign.id}`, other.keys.admin);
    assert.equal(still.json().name, 'Hidden');
  });

  test('delete removes the account, unlinks contacts and audits', async () => {
    const acc = (
      await t.call('POST', '/accounts', t.ws.keys.admin, { name: 'Gone', domain: 'gone.ee' })
    ).json();
    const contact = (await t.call('POST', '/contacts', t.ws.keys.admin, { email: 'x@gone.ee' })).json();
    assert.equal(contact.accountId, acc.id);
    const res = await t.call('DELETE', `/accounts/${acc.id}`, t.ws.keys.marketer);
    assert.equal(res.statusCode, 204);
    assert.equal((await t.call('GET', `/accounts/${acc.id}`, t.ws.keys.admin)).statusCode, 404);
    const after = (await t.call('GET', `/contacts/${contact.id}`, t.ws.keys.admin)).json();
    assert.equal(after.accountId, null);
    assert.equal(after.matchMethod, null);
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select('changes')
      .where('workspace_id', '=', t.ws.workspaceId)
      .where('object_id', '=', acc.id)
      .where('action', '=', 'account.delete')
      .executeTakeFirstOrThrow();
    assert.deepEqual(audit.changes.name, { old: 'Gone', new: null });
  });

  test('bad input: unknown field, wrong type, oversized string, bad uuid → 400 naming it', async () => {
    const unknown = await t.call('POST', '/accounts', t.ws.keys.admin, { name: 'X', color: 'red' });
    assert.equal(unknown.statusCode, 400);
    assert.match(unknown.body, /color/);
    const wrong = await t.call('POST', '/accounts', t.ws.keys.admin, { name: 'X', employeeCount: 'many' });
    assert.equal(wrong.statusCode, 400);
    assert.equal(wrong.json().errors[0].path, 'body.employeeCount');
    const long = await t.call('POST', '/accounts', t.ws.keys.admin, { name: 'x'.repeat(501) });
    assert.equal(long.statusCode, 400);
    assert.equal(long.json().errors[0].path, 'body.name');
    const badId = await t.call('GET', '/accounts/not-a-uuid', t.ws.keys.admin);
    assert.equal(badId.statusCode, 400);
    assert.equal(badId.json().errors[0].path, 'params.id');
    const nul = await t.call('POST', '/accounts', t.ws.keys.admin, {
      name: 'A',
      custom: { note: 'x\u0000y' },
    });
    assert.equal(nul.statusCode, 400);
    assert.equal(nul.json().errors[0].path, 'body.custom.note');
    const nulQuery = await t.call('GET', '/accounts?industry=%00', t.ws.keys.admin);
    assert.equal(nulQuery.statusCode, 400);
    const empty = await t.call('PATCH', '/accounts/not-a-uuid', t.ws.keys.admin, { name: '' });
    assert.equal(empty.statusCode, 400);
  });
});
