import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { useTestApp } from '../test/test-app.ts';
import { bearer, type TestWorkspace } from '../test/test-database.ts';

const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * DAY);

describe('reports: stage summary and stage arrivals', () => {
  const t = useTestApp();

  const get = (url: string, key: string) =>
    t.inject({ method: 'GET', url: `/api/v1${url}`, headers: bearer(key) });

  /** Accounts named by their stage (null: no stage row); the `*` suffix marks a target account. */
  async function seed(ws: TestWorkspace, specs: { name: string; stage: string | null; since?: Date }[]) {
    const { db } = t.database;
    const ids = new Map<string, string>();
    for (const spec of specs) {
      const row = await db
        .insertInto('accounts')
        .values({ workspace_id: ws.workspaceId, name: spec.name, is_target: spec.name.endsWith('*') })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids.set(spec.name, row.id);
      if (spec.stage) {
        await db
          .insertInto('account_stages')
          .values({
            workspace_id: ws.workspaceId,
            account_id: row.id,
            stage: spec.stage,
            since: spec.since ?? ago(1),
          })
          .execute();
      }
    }
    return ids;
  }

  async function history(ws: TestWorkspace, accountId: string, from: string, to: string, at: Date) {
    await t.database.db
      .insertInto('account_stage_history')
      .values({ workspace_id: ws.workspaceId, account_id: accountId, from_stage: from, to_stage: to, at })
      .execute();
  }

  test('counts per stage in model order; unstaged accounts are in the first stage; recent entries', async () => {
    const ws = await t.workspace('Reports');
    const ids = await seed(ws, [
      { name: 'No row A', stage: null },
      { name: 'No row B*', stage: null },
      { name: 'Back to unaware', stage: 'unaware' },
      { name: 'Engaged 1', stage: 'engaged' },
      { name: 'Engaged 2*', stage: 'engaged' },
      { name: 'MQA*', stage: 'mqa' },
    ]);
    const id = (name: string) => ids.get(name) ?? '';
    await history(ws, id('Engaged 1'), 'unaware', 'aware', ago(40)); // outside the window
    await history(ws, id('Engaged 1'), 'aware', 'engaged', ago(10));
    await history(ws, id('Engaged 2*'), 'unaware', 'engaged', ago(12));
    await history(ws, id('MQA*'), 'unaware', 'engaged', ago(20));
    await history(ws, id('MQA*'), 'engaged', 'mqa', ago(5));
    // Re-entering within the window counts the account once.
    await history(ws, id('MQA*'), 'mqa', 'engaged', ago(4));
    await history(ws, id('MQA*'), 'engaged', 'mqa', ago(3));
    await history(ws, id('Back to unaware'), 'aware', 'unaware', ago(2));

    const res = await get('/reports/stage-summary', ws.keys.sales);
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.equal(body.isTarget, null);
    assert.equal(body.windowDays, 30);
    assert.deepEqual(
      body.stages.map((s: { key: string; accounts: number; enteredLast30Days: number }) => [
        s.key,
        s.accounts,
        s.enteredLast30Days,
      ]),
      [
        ['unaware', 3, 1],
        ['aware', 0, 0],
        ['engaged', 2, 3],
        ['mqa', 1, 1],
        ['opportunity', 0, 0],
        ['customer', 0, 0],
      ],
    );
    assert.equal(body.stages[0].name, 'Unaware');
    assert.equal(body.stages[0].share, 0.5);
    assert.ok(body.stages.every((s: { inModel: boolean }) => s.inModel));
    assert.deepEqual(body.totals, { accounts: 6, enteredLast30Days: 4 });

    const targets = (await get('/reports/stage-summary?isTarget=true', ws.keys.sales)).json();
    assert.equal(targets.isTarget, true);
    assert.deepEqual(
      targets.stages
        .filter((s: { accounts: number; enteredLast30Days: number }) => s.accounts || s.enteredLast30Days)
        .map((s: { key: string; accounts: number; enteredLast30Days: number }) => [
          s.key,
          s.accounts,
          s.enteredLast30Days,
        ]),
      [
        ['unaware', 1, 0],
        ['engaged', 1, 2],
        ['mqa', 1, 1],
      ],
    );
    assert.deepEqual(targets.totals, { accounts: 3, enteredLast30Days: 2 });
    const others = (await get('/reports/stage-summary?isTarget=false', ws.keys.sales)).json();
    assert.deepEqual(others.totals, { accounts: 3, enteredLast30Days: 2 });
    assert.equal(others.stages[0].accounts, 2);
  });

  test('an empty workspace is all zeros; a stage gone from the model is still counted, last', async () => {
    const ws = await t.workspace('Reports');
    const empty = (await get('/reports/stage-summary', ws.keys.marketer)).json();
    assert.equal(empty.stages.length, 6);
    assert.ok(
      empty.stages.every((s: { accounts: number; share: number }) => s.accounts === 0 && s.share === 0),
    );
    assert.deepEqual(empty.totals, { accounts: 0, enteredLast30Days: 0 });

    await seed(ws, [
      { name: 'Legacy', stage: 'nurture' },
      { name: 'Aware', stage: 'aware' },
    ]);
    const body = (await get('/reports/stage-summary', ws.keys.admin)).json();
    const last = body.stages[body.stages.length - 1];
    assert.deepEqual(last, {
      key: 'nurture',
      name: 'nurture',
      inModel: false,
      accounts: 1,
      share: 0.5,
      enteredLast30Days: 0,
    });
    assert.equal(body.totals.accounts, 2);
  });

  test('access and validation: any role reads, no key is a 401, unknown parameters are a 400', async () => {
    const ws = await t.workspace('Reports');
    const anonymous = await t.inject({ method: 'GET', url: '/api/v1/reports/stage-summary' });
    assert.equal(anonymous.statusCode, 401);
    assert.equal((await get('/reports/stage-summary?isTarget=maybe', ws.keys.sales)).statusCode, 400);
    assert.equal((await get('/reports/stage-summary?stage=mqa', ws.keys.sales)).statusCode, 400);
    assert.equal((await get('/reports/stage-arrivals', ws.keys.sales)).statusCode, 400);
    assert.equal((await get('/reports/stage-arrivals?stage=mqa&limit=0', ws.keys.sales)).statusCode, 400);
    // Another workspace's accounts never leak in.
    const other = await t.workspace('Reports');
    await seed(other, [{ name: 'Elsewhere', stage: 'mqa' }]);
    const mine = (await get('/reports/stage-summary', ws.keys.sales)).json();
    assert.equal(mine.totals.accounts, 0);
    assert.deepEqual((await get('/reports/stage-arrivals?stage=mqa', ws.keys.sales)).json().data, []);
  });

  test('stage arrivals: accounts still in the stage, newest first, limited, optionally targets only', async () => {
    const ws = await t.workspace('Reports');
    await seed(ws, [
      { name: 'Old MQA', stage: 'mqa', since: ago(9) },
      { name: 'New MQA*', stage: 'mqa', since: ago(1) },
      { name: 'Mid MQA', stage: 'mqa', since: ago(4) },
      { name: 'Engaged', stage: 'engaged', since: ago(0.5) },
    ]);
    const res = await get('/reports/stage-arrivals?stage=mqa&limit=2', ws.keys.sales);
    assert.equal(res.statusCode, 200, res.body);
    const data = res.json().data;
    assert.deepEqual(
      data.map((d: { accountName: string }) => d.accountName),
      ['New MQA*', 'Mid MQA'],
    );
    assert.ok(Date.parse(data[0].since) > Date.parse(data[1].since));
    assert.match(data[0].accountId, /^[0-9a-f-]{36}$/);
    const targets = (await get('/reports/stage-arrivals?stage=mqa&isTarget=true', ws.keys.sales)).json();
    assert.deepEqual(
      targets.data.map((d: { accountName: string }) => d.accountName),
      ['New MQA*'],
    );
  });
});
