import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { useTestApp } from '../test/test-app.ts';
import { bearer } from '../test/test-database.ts';

describe('account plans', () => {
  let owned: string;
  let other: string;

  const t = useTestApp();
  before(async () => {
    const make = async (name: string, ownerId: string | null) => {
      const res = await t.inject({
        method: 'POST',
        url: '/api/v1/accounts',
        headers: bearer(t.ws.keys.admin),
        payload: {
          name,
          domain: `${name.toLowerCase()}-${Math.random().toString(36).slice(2, 7)}.com`,
          ownerId,
        },
      });
      assert.equal(res.statusCode, 201, res.body);
      return String(res.json().id);
    };
    owned = await make('Owned', t.ws.userIds.sales);
    other = await make('Other', null);
  });

  const plan = (id: string, key: string) =>
    t.inject({ method: 'GET', url: `/api/v1/accounts/${id}/plan`, headers: bearer(key) });
  const save = (id: string, key: string, payload: object) =>
    t.inject({ method: 'PUT', url: `/api/v1/accounts/${id}/plan`, headers: bearer(key), payload });

  test('an unwritten plan is empty at version 0', async () => {
    const res = await plan(owned, t.ws.keys.sales);
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().version, 0);
    assert.equal(res.json().goals, '');
    assert.equal(res.json().updatedAt, null);
  });

  test('sales and marketing edit the plan in turn; a stale version is a 409 naming the current one', async () => {
    const first = await save(owned, t.ws.keys.sales, {
      version: 0,
      goals: 'Cut churn',
      nextSteps: 'Call CFO',
    });
    assert.equal(first.statusCode, 200, first.body);
    assert.equal(first.json().version, 1);
    assert.equal(first.json().updatedBy, t.ws.userIds.sales);

    const second = await save(owned, t.ws.keys.marketer, { version: 1, painPoints: 'Manual reporting' });
    assert.equal(second.statusCode, 200, second.body);
    assert.equal(second.json().version, 2);
    assert.equal(second.json().goals, 'Cut churn', 'untouched sections are kept');
    assert.equal(second.json().painPoints, 'Manual reporting');

    const stale = await save(owned, t.ws.keys.sales, { version: 1, goals: 'Overwrite' });
    assert.equal(stale.statusCode, 409);
    assert.match(stale.json().detail, /now version 2/);
    assert.equal(stale.json().errors[0].path, 'body.version');
    const now = await plan(owned, t.ws.keys.sales);
    assert.equal(now.json().goals, 'Cut churn', 'the conflicting save changed nothing');

    const staleNew = await save(owned, t.ws.keys.admin, { version: 0, goals: 'x' });
    assert.equal(staleNew.statusCode, 409, 'creating over an existing plan conflicts too');
  });

  test('concurrent saves from the same version: exactly one wins', async () => {
    const base = (await plan(owned, t.ws.keys.admin)).json().version;
    const results = await Promise.all(
      ['a', 'b', 'c'].map((v) => save(owned, t.ws.keys.admin, { version: base, keyPeople: v })),
    );
    const codes = results.map((r) => r.statusCode).sort();
    assert.deepEqual(codes, [200, 409, 409]);
    assert.equal((await plan(owned, t.ws.keys.admin)).json().version, base + 1);
  });

  test('every save is audited with the changed sections', async () => {
    const rows = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'changes'])
      .where('workspace_id', '=', t.ws.workspaceId)
      .where('action', '=', 'account_plan.save')
      .where('object_id', '=', owned)
      .orderBy('id')
      .execute();
    assert.ok(rows.length >= 3);
    assert.deepEqual(rows[0]?.changes, {
      version: 1,
      goals: { from: '', to: 'Cut churn' },
      nextSteps: { from: '', to: 'Call CFO' },
    });
  });

  test('sales cannot edit plans of accounts they do not own; bad input names the field', async () => {
    const denied = await save(other, t.ws.keys.sales, { version: 0, goals: 'x' });
    assert.equal(denied.statusCode, 403);
    assert.equal((await plan(other, t.ws.keys.sales)).statusCode, 200, 'but they can read it');
    const bad = await save(owned, t.ws.keys.admin, { version: -1, goals: 5 });
    assert.equal(bad.statusCode, 400);
    const paths = bad.json().errors.map((e: { path: string }) => e.path);
    assert.ok(paths.includes('body.version') && paths.includes('body.goals'), JSON.stringify(paths));
    const unknown = await save(owned, t.ws.keys.admin, { version: 1, mood: 'good' });
    assert.equal(unknown.statusCode, 400);
    const huge = await save(owned, t.ws.keys.admin, { version: 1, goals: 'x'.repeat(20_001) });
    assert.equal(huge.statusCode, 400);
  });

  test('unknown or foreign accounts are 404, a malformed id is 400', async () => {
    const missing = await plan('00000000-0000-4000-8000-000000000000', t.ws.keys.admin);
    assert.equal(missing.statusCode, 404);
    const foreign = await t.workspace('Foreign');
    assert.equal((await plan(owned, foreign.keys.admin)).statusCode, 404);
    assert.equal((await save(owned, foreign.keys.admin, { version: 0, goals: 'x' })).statusCode, 404);
    assert.equal((await plan('nope', t.ws.keys.admin)).statusCode, 400);
  });
});
