import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { useTestApp } from '../test/test-app.ts';
import { bearer } from '../test/test-database.ts';
import { ultimateParentOf } from './ultimate-parent.ts';

describe('account hierarchy', () => {
  const t = useTestApp();

  async function account(name: string, parentId: string | null = null): Promise<string> {
    const row = await t.database.db
      .insertInto('accounts')
      .values({ workspace_id: t.ws.workspaceId, name, parent_id: parentId })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }
  async function people(accountId: string, n: number): Promise<void> {
    await t.database.db
      .insertInto('contacts')
      .values(
        Array.from({ length: n }, (_, i) => ({
          workspace_id: t.ws.workspaceId,
          account_id: accountId,
          first_name: `C${i}`,
        })),
      )
      .execute();
  }
  async function opp(accountId: string, amount: number, state: 'open' | 'won' | 'lost'): Promise<void> {
    await t.database.db
      .insertInto('opportunities')
      .values({
        workspace_id: t.ws.workspaceId,
        account_id: accountId,
        name: `${state} ${amount}`,
        stage: state,
        amount,
        is_closed: state !== 'open',
        is_won: state === 'won',
      })
      .execute();
  }

  test('ultimate parent, tree and roll-ups of contacts and opportunities', async () => {
    const group = await account('Group');
    const nordics = await account('Nordics', group);
    const dk = await account('Denmark', nordics);
    const us = await account('US', group);
    await people(group, 1);
    await people(nordics, 2);
    await people(dk, 3);
    await people(us, 4);
    await opp(dk, 100, 'open');
    await opp(dk, 50, 'won');
    await opp(us, 1000, 'open');
    await opp(us, 7, 'lost');
    await opp(nordics, 10, 'won');

    const top = await ultimateParentOf(t.database.db, t.ws.workspaceId, dk);
    assert.deepEqual(top, { id: group, path: [dk, nordics, group], cycle: false });
    assert.equal(await ultimateParentOf(t.database.db, t.ws.workspaceId, crypto.randomUUID()), null);

    const res = await t.inject({
      method: 'GET',
      url: `/api/v1/accounts/${dk}/hierarchy`,
      headers: bearer(t.ws.keys.sales),
    });
    assert.equal(res.statusCode, 200, res.body);
    const h = res.json();
    assert.equal(h.ultimateParentId, group);
    assert.deepEqual(h.ancestors, [dk, nordics, group]);
    assert.equal(h.cycle, false);
    const root = h.tree;
    assert.equal(root.id, group);
    assert.deepEqual(root.own, {
      contacts: 1,
      opportunities: 0,
      openOpportunities: 0,
      openPipeline: 0,
      wonAmount: 0,
    });
    assert.deepEqual(root.rollup, {
      contacts: 10,
      opportunities: 5,
      openOpportunities: 2,
      openPipeline: 1100,
      wonAmount: 60,
    });
    const n = root.children.find((c: { id: string }) => c.id === nordics);
    assert.deepEqual(n.rollup, {
      contacts: 5,
      opportunities: 3,
      openOpportunities: 1,
      openPipeline: 100,
      wonAmount: 60,
    });
    assert.equal(n.children[0].id, dk);
    assert.equal(n.children[0].depth, 2);
  });

  test('a parent cycle neither loops nor crashes', async () => {
    const a = await account('Loop A');
    const b = await account('Loop B', a);
    const c = await account('Loop C', b);
    await t.database.db.updateTable('accounts').set({ parent_id: c }).where('id', '=', a).execute();
    await people(a, 1);
    await people(b, 1);
    await people(c, 1);
    const top = await ultimateParentOf(t.database.db, t.ws.workspaceId, c);
    assert.ok(top);
    assert.equal(top.cycle, true);
    assert.deepEqual(top.path, [c, b, a]);
    const res = await t.inject({
      method: 'GET',
      url: `/api/v1/accounts/${c}/hierarchy`,
      headers: bearer(t.ws.keys.sales),
    });
    assert.equal(res.statusCode, 200, res.body);
    const h = res.json();
    assert.equal(h.cycle, true);
    assert.equal(h.tree.id, a);
    assert.equal(h.tree.rollup.contacts, 3, 'each account counted once');
  });

  test('unknown, foreign and malformed ids', async () => {
    const other = await t.workspace();
    const foreign = await t.database.db
      .insertInto('accounts')
      .values({ workspace_id: other.workspaceId, name: 'Foreign' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const get = (id: string) =>
      t.inject({ method: 'GET', url: `/api/v1/accounts/${id}/hierarchy`, headers: bearer(t.ws.keys.sales) });
    assert.equal((await get(foreign.id)).statusCode, 404);
    assert.equal((await get(crypto.randomUUID())).statusCode, 404);
    assert.equal((await get('nope')).statusCode, 400);
  });
});
