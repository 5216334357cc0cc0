import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { useTestApp } from '../test/test-app.ts';
import { bearer } from '../test/test-database.ts';

describe('saved views', () => {
  const t = useTestApp();

  const create = (key: string, payload: object) =>
    t.inject({ method: 'POST', url: '/api/v1/saved-views', headers: bearer(key), payload });
  const list = async (key: string, page = 'accounts') => {
    const res = await t.inject({
      method: 'GET',
      url: `/api/v1/saved-views?page=${page}`,
      headers: bearer(key),
    });
    assert.equal(res.statusCode, 200, res.body);
    return res.json().data as { id: string; name: string; mine: boolean; filters: Record<string, string> }[];
  };

  test('a view is private to its owner until shared', async () => {
    const res = await create(t.ws.keys.sales, {
      page: 'accounts',
      name: 'My Nordics',
      filters: { 'country.in': 'DK,SE', tier: '1' },
      sort: '-annualRevenue',
    });
    assert.equal(res.statusCode, 201, res.body);
    const view = res.json();
    assert.deepEqual(view.filters, { 'country.in': 'DK,SE', tier: '1' });
    assert.equal(view.mine, true);
    assert.equal(view.shared, false);
    assert.ok((await list(t.ws.keys.sales)).some((v) => v.id === view.id));
    assert.ok(!(await list(t.ws.keys.marketer)).some((v) => v.id === view.id));
    assert.equal((await list(t.ws.keys.sales, 'contacts')).length, 0, 'views are per page');

    const shared = await t.inject({
      method: 'PATCH',
      url: `/api/v1/saved-views/${view.id}`,
      headers: bearer(t.ws.keys.sales),
      payload: { shared: true, name: 'Nordics' },
    });
    assert.equal(shared.statusCode, 200, shared.body);
    const seen = (await list(t.ws.keys.marketer)).find((v) => v.id === view.id);
    assert.equal(seen?.name, 'Nordics');
    assert.equal(seen?.mine, false);

    const foreign = await t.inject({
      method: 'PATCH',
      url: `/api/v1/saved-views/${view.id}`,
      headers: bearer(t.ws.keys.marketer),
      payload: { name: 'Hijack' },
    });
    assert.equal(foreign.statusCode, 403, 'only the owner changes a view');
    const del = await t.inject({
      method: 'DELETE',
      url: `/api/v1/saved-views/${view.id}`,
      headers: bearer(t.ws.keys.admin),
    });
    assert.equal(del.statusCode, 204, 'an admin may remove a shared view');
    assert.ok(!(await list(t.ws.keys.sales)).some((v) => v.id === view.id));
  });

  test('names are unique per owner and page (409), and writes are audited', async () => {
    const a = await create(t.ws.keys.marketer, { page: 'accounts', name: 'Tier 1' });
    assert.equal(a.statusCode, 201);
    const dup = await create(t.ws.keys.marketer, { page: 'accounts', name: 'Tier 1' });
    assert.equal(dup.statusCode, 409);
    assert.equal(dup.json().errors[0].path, 'body.name');
    assert.equal((await create(t.ws.keys.admin, { page: 'accounts', name: 'Tier 1' })).statusCode, 201);
    const b = await create(t.ws.keys.marketer, { page: 'accounts', name: 'Tier 2' });
    const rename = await t.inject({
      method: 'PATCH',
      url: `/api/v1/saved-views/${b.json().id}`,
      headers: bearer(t.ws.keys.marketer),
      payload: { name: 'Tier 1' },
    });
    assert.equal(rename.statusCode, 409);
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('workspace_id', '=', t.ws.workspaceId)
      .where('action', 'like', 'saved_view.%')
      .execute();
    assert.ok(audit.filter((r) => r.action === 'saved_view.create').length >= 3);
    assert.ok(audit.some((r) => r.action === 'saved_view.update'));
    assert.ok(audit.some((r) => r.action === 'saved_view.delete'));
  });

  test('bad input names the field; other workspaces see nothing', async () => {
    const bad = await create(t.ws.keys.sales, { page: 'Accounts!', name: '', filters: { tier: 1 } });
    assert.equal(bad.statusCode, 400);
    const paths = bad.json().errors.map((e: { path: string }) => e.path);
    for (const p of ['body.page', 'body.name', 'body.filters.tier'])
      assert.ok(paths.includes(p), JSON.stringify(paths));
    const tooMany = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`f${i}`, 'x']));
    assert.equal(
      (await create(t.ws.keys.sales, { page: 'accounts', name: 'many', filters: tooMany })).statusCode,
      400,
    );
    const mine = await create(t.ws.keys.sales, { page: 'accounts', name: 'Private', shared: true });
    const other = await t.workspace('Other');
    assert.equal((await list(other.keys.admin)).length, 0);
    const get = await t.inject({
      method: 'GET',
      url: `/api/v1/saved-views/${mine.json().id}`,
      headers: bearer(other.keys.admin),
    });
    assert.equal(get.statusCode, 404);
  });
});
