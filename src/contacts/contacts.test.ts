import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { useTestApp } from '../test/test-app.ts';
import type { TestWorkspace } from '../test/test-database.ts';

describe('contacts API', () => {
  let other: TestWorkspace;

  const t = useTestApp();
  before(async () => {
    other = await t.workspace('Other');
  });

  test('the matcher links a work email on a subdomain; equal accounts are decided by the oldest', async () => {
    const older = (
      await t.call('POST', '/accounts', t.ws.keys.admin, { name: 'Old', domains: ['tallinn.ee'] })
    ).json();
    await t.call('POST', '/accounts', t.ws.keys.admin, { name: 'New', domain: 'tallinn.ee' });
    const res = await t.call('POST', '/contacts', t.ws.keys.marketer, {
      email: 'Mari@Mail.Tallinn.EE',
      firstName: 'Mari',
      title: 'Tegevjuht',
    });
    assert.equal(res.statusCode, 201, res.body);
    const c = res.json();
    assert.equal(c.email, 'mari@mail.tallinn.ee');
    assert.equal(c.emailDomain, 'mail.tallinn.ee');
    assert.equal(c.accountId, older.id);
    assert.equal(c.matchMethod, 'subdomain');
    assert.ok(c.matchConfidence >= 0.8, `confidence ${c.matchConfidence} reaches the match threshold`);
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('workspace_id', '=', t.ws.workspaceId)
      .where('object_id', '=', c.id)
      .execute();
    assert.deepEqual(
      audit.map((a) => a.action),
      ['contact.create'],
    );
  });

  test('explicit account id or account external ids win over the email domain', async () => {
    const byDomain = (
      await t.call('POST', '/accounts', t.ws.keys.admin, { name: 'Dom', domain: 'dom.dk' })
    ).json();
    const sf = (
      await t.call('POST', '/accounts', t.ws.keys.admin, { name: 'SF', salesforceId: '001SF' })
    ).json();
    const hs = (await t.call('POST', '/accounts', t.ws.keys.admin, { name: 'HS', hubspotId: '9001' })).json();
    const a = (
      await t.call('POST', '/contacts', t.ws.keys.admin, { email: 'a@dom.dk', accountSalesforceId: '001SF' })
    ).json();
    assert.equal(a.accountId, sf.id);
    assert.equal(a.matchMethod, 'salesforce_id');
    const b = (
      await t.call('POST', '/contacts', t.ws.keys.admin, { email: 'b@dom.dk', accountHubspotId: '9001' })
    ).json();
    assert.equal(b.accountId, hs.id);
    const c = (
      await t.call('POST', '/contacts', t.ws.keys.admin, { email: 'c@x.dk', accountId: byDomain.id })
    ).json();
    assert.equal(c.accountId, byDomain.id);
    assert.equal(c.matchMethod, 'account_id');
    const missing = await t.call('POST', '/contacts', t.ws.keys.admin, {
      email: 'd@dom.dk',
      accountSalesforceId: 'nope',
    });
    assert.equal(missing.statusCode, 422);
    assert.equal(missing.json().errors[0].path, 'body.accountSalesforceId');
    const foreign = (await t.call('POST', '/accounts', other.keys.admin, { name: 'F' })).json();
    const cross = await t.call('POST', '/contacts', t.ws.keys.admin, {
      email: 'e@dom.dk',
      accountId: foreign.id,
    });
    assert.equal(cross.statusCode, 422);
    assert.equal(cross.json().errors[0].path, 'body.accountId');
  });

  test('a duplicate email in the workspace is a 409 naming email; another workspace may reuse it', async () => {
    assert.equal(
      (await t.call('POST', '/contacts', t.ws.keys.admin, { email: 'dup@ex.is' })).statusCode,
      201,
    );
    const dup = await t.call('POST', '/contacts', t.ws.keys.admin, { email: 'DUP@ex.is' });
    assert.equal(dup.statusCode, 409);
    assert.equal(dup.json().errors[0].path, 'body.email');
    assert.equal(
      (await t.call('POST', '/contacts', other.keys.admin, { email: 'dup@ex.is' })).statusCode,
      201,
    );
    const second = (await t.call('POST', '/contacts', t.ws.keys.admin, { email: 'second@ex.is' })).json();
    const clash = await t.call('PATCH', `/contacts/${second.id}`, t.ws.keys.admin, { email: 'dup@ex.is' });
    assert.equal(clash.statusCode, 409);
  });

  test('changing the email re-links a domain-linked contact; accountId null unlinks; audit has old → new', async () => {
    const one = (
      await t.call('POST', '/accounts', t.ws.keys.admin, { name: 'One', domain: 'one.de' })
    ).json();
    const two = (
      await t.call('POST', '/accounts', t.ws.keys.admin, { name: 'Two', domain: 'two.de' })
    ).json();
    const c = (await t.call('POST', '/contacts', t.ws.keys.admin, { email: 'x@one.de' })).json();
    assert.equal(c.accountId, one.id);
    const moved = (await t.call('PATCH', `/contacts/${c.id}`, t.ws.keys.admin, { email: 'x@two.de' })).json();
    assert.equal(moved.accountId, two.id);
    assert.equal(moved.emailDomain, 'two.de');
    const unlinked = (
      await t.call('PATCH', `/contacts/${c.id}`, t.ws.keys.admin, { accountId: null })
    ).json();
    assert.equal(unlinked.accountId, null);
    assert.equal(unlinked.matchMethod, null);
    const audits = await t.database.db
      .selectFrom('audit_log')
      .select('changes')
      .where('workspace_id', '=', t.ws.workspaceId)
      .where('object_id', '=', c.id)
      .where('action', '=', 'contact.update')
      .orderBy('id')
      .execute();
    assert.deepEqual(audits[0]?.changes.email, { old: 'x@one.de', new: 'x@two.de' });
    assert.deepEqual(audits[1]?.changes.accountId, { old: two.id, new: null });
  });

  test('sales update only their own contacts and cannot reassign them; cannot create or delete', async () => {
    const mine = (
      await t.call('POST', '/contacts', t.ws.keys.admin, { email: 'm@s.fo', ownerId: t.ws.userIds.sales })
    ).json();
    const theirs = (await t.call('POST', '/contacts', t.ws.keys.admin, { email: 't@s.fo' })).json();
    assert.equal(
      (await t.call('PATCH', `/contacts/${mine.id}`, t.ws.keys.sales, { title: 'CFO' })).statusCode,
      200,
    );
    assert.equal(
      (await t.call('PATCH', `/contacts/${theirs.id}`, t.ws.keys.sales, { title: 'CFO' })).statusCode,
      403,
    );
    assert.equal(
      (await t.call('PATCH', `/contacts/${mine.id}`, t.ws.keys.sales, { ownerId: t.ws.userIds.admin }))
        .statusCode,
      403,
    );
    assert.equal((await t.call('POST', '/contacts', t.ws.keys.sales, { email: 'n@s.fo' })).statusCode, 403);
    assert.equal((await t.call('DELETE', `/contacts/${mine.id}`, t.ws.keys.sales)).statusCode, 403);
    assert.equal((await t.call('DELETE', `/contacts/${mine.id}`, t.ws.keys.marketer)).statusCode, 204);
    assert.equal((await t.call('GET', `/contacts/${mine.id}`, t.ws.keys.sales)).statusCode, 404);
  });

  test("another workspace's contact or account is a 404", async () => {
    const foreign = (await t.call('POST', '/contacts', other.keys.admin, { email: 'hidden@f.lt' })).json();
    for (const method of ['GET', 'DELETE'] as const)
      assert.equal((await t.call(method, `/contacts/${foreign.id}`, t.ws.keys.admin)).statusCode, 404);
    assert.equal(
      (await t.call('PATCH', `/contacts/${foreign.id}`, t.ws.keys.admin, { title: 'x' })).statusCode,
      404,
    );
    const acc = (await t.call('POST', '/accounts', other.keys.admin, { name: 'F2' })).json();
    assert.equal((await t.call('GET', `/accounts/${acc.id}/contacts`, t.ws.keys.admin)).statusCode, 404);
  });

  test("an account's contacts and contact list filters page through", async () => {
    const acc = (
      await t.call('POST', '/accounts', t.ws.keys.admin, { name: 'Big', domain: 'big.jp' })
    ).json();
    for (let i = 0; i < 5; i++)
      await t.call('POST', '/contacts', t.ws.keys.admin, { email: `p${i}@big.jp`, lastName: `L${i}` });
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await t.call(
        'GET',
        `/accounts/${acc.id}/contacts?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        t.ws.keys.sales,
      );
      assert.equal(res.statusCode, 200, res.body);
      ids.push(...res.json().data.map((c: { id: string }) => c.id));
      cursor = res.json().nextCursor;
    } while (cursor);
    assert.equal(new Set(ids).size, 5);
    const filtered = (
      await t.call('GET', '/contacts?emailDomain=big.jp&lastName.in=L1,L3&sort=createdAt', t.ws.keys.sales)
    ).json();
    assert.deepEqual(
      filtered.data.map((c: { lastName: string }) => c.lastName),
      ['L1', 'L3'],
    );
    const search = (await t.call('GET', '/contacts?q=P4@BIG', t.ws.keys.sales)).json();
    assert.equal(search.data.length, 1);
    const bad = await t.call('GET', '/contacts?shoeSize=9', t.ws.keys.sales);
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().errors[0].path, 'query.shoeSize');
  });

  test('bad input names the field', async () => {
    const res = await t.call('POST', '/contacts', t.ws.keys.admin, { email: 'not-an-email', nickname: 'x' });
    assert.equal(res.statusCode, 400);
    const paths = res.json().errors.map((e: { path: string }) => e.path);
    assert.ok(paths.includes('body.email'), JSON.stringify(paths));
    assert.match(res.body, /nickname/);
    assert.equal((await t.call('GET', '/contacts/123', t.ws.keys.admin)).statusCode, 400);
  });
});
