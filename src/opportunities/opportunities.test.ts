import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { useTestApp } from '../test/test-app.ts';
import type { TestWorkspace } from '../test/test-database.ts';

describe('opportunities API', () => {
  let other: TestWorkspace;

  const t = useTestApp();
  before(async () => {
    other = await t.workspace('Other');
  });

  test('create links by account id or external id; isWon closes; audited', async () => {
    const acc = (
      await t.call('POST', '/accounts', t.ws.keys.admin, { name: 'Buyer', salesforceId: '001B' })
    ).json();
    const res = await t.call('POST', '/opportunities', t.ws.keys.marketer, {
      name: 'Renewal',
      stage: 'Closed Won',
      amount: 12000,
      currency: 'eur',
      closeDate: '2026-06-30',
      isWon: true,
      accountSalesforceId: '001B',
    });
    assert.equal(res.statusCode, 201, res.body);
    const opp = res.json();
    assert.equal(opp.accountId, acc.id);
    assert.equal(opp.isWon, true);
    assert.equal(opp.isClosed, true);
    assert.equal(opp.currency, 'EUR');
    assert.equal(opp.closeDate, '2026-06-30');
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'changes'])
      .where('workspace_id', '=', t.ws.workspaceId)
      .where('object_id', '=', opp.id)
      .executeTakeFirstOrThrow();
    assert.equal(audit.action, 'opportunity.create');
    assert.deepEqual(audit.changes.amount, { old: null, new: 12000 });
    const reopen = await t.call('PATCH', `/opportunities/${opp.id}`, t.ws.keys.admin, { isClosed: false });
    assert.equal(reopen.statusCode, 422);
    assert.equal(reopen.json().errors[0].path, 'body.isClosed');
    const contradiction = await t.call('POST', '/opportunities', t.ws.keys.admin, {
      name: 'X',
      stage: 'Won',
      isWon: true,
      isClosed: false,
    });
    assert.equal(contradiction.statusCode, 422);
    const unwon = await t.call('PATCH', `/opportunities/${opp.id}`, t.ws.keys.admin, {
      isClosed: false,
      isWon: false,
    });
    assert.equal(unwon.statusCode, 200);
    assert.equal(unwon.json().isClosed, false);
  });

  test('unknown account references are 422s naming the field', async () => {
    const res = await t.call('POST', '/opportunities', t.ws.keys.admin, {
      name: 'X',
      stage: 'New',
      accountHubspotId: 'nope',
    });
    assert.equal(res.statusCode, 422);
    assert.equal(res.json().errors[0].path, 'body.accountHubspotId');
    const foreign = (await t.call('POST', '/accounts', other.keys.admin, { name: 'F' })).json();
    const cross = await t.call('POST', '/opportunities', t.ws.keys.admin, {
      name: 'X',
      stage: 'New',
      accountId: foreign.id,
    });
    assert.equal(cross.statusCode, 422);
  });

  test('account opportunities, list filters and sort by amount with nulls last', async () => {
    const acc = (await t.call('POST', '/accounts', t.ws.keys.admin, { name: 'Pipeline' })).json();
    const amounts = [500, null, 1500, 500, null, 3000];
    for (const [i, amount] of amounts.entries()) {
      const r = await t.call('POST', '/opportunities', t.ws.keys.admin, {
        name: `Deal ${i}`,
        stage: i % 2 ? 'Proposal' : 'Discovery',
        amount,
        accountId: acc.id,
      });
      assert.equal(r.statusCode, 201, r.body);
    }
    const seen: (number | null)[] = [];
    let cursor: string | null = null;
    do {
      const res = await t.call(
        'GET',
        `/accounts/${acc.id}/opportunities?sort=-amount&limit=4${cursor ? `&cursor=${cursor}` : ''}`,
        t.ws.keys.sales,
      );
      assert.equal(res.statusCode, 200, res.body);
      seen.push(...res.json().data.map((o: { amount: number | null }) => o.amount));
      cursor = res.json().nextCursor;
    } while (cursor);
    assert.deepEqual(seen, [3000, 1500, 500, 500, null, null]);
    const proposals = (
      await t.call(
        'GET',
        `/opportunities?accountId=${acc.id}&stage=Proposal&amount.exists=false`,
        t.ws.keys.sales,
      )
    ).json();
    assert.deepEqual(
      proposals.data.map((o: { name: string }) => o.name),
      ['Deal 1'],
    );
    const open = (await t.call('GET', `/accounts/${acc.id}`, t.ws.keys.sales)).json();
    assert.equal(open.counts.openOpportunities, 6);
    assert.equal((await t.call('GET', '/opportunities?isWon=maybe', t.ws.keys.sales)).statusCode, 400);
    const badDate = await t.call('GET', '/opportunities?closeDate.gte=2026-02-30', t.ws.keys.sales);
    assert.equal(badDate.statusCode, 400);
    assert.equal(badDate.json().errors[0].path, 'query.closeDate.gte');
  });

  test('sales update their own opportunities only; other workspaces see 404', async () => {
    const mine = (
      await t.call('POST', '/opportunities', t.ws.keys.admin, {
        name: 'M',
        stage: 'New',
        ownerId: t.ws.userIds.sales,
      })
    ).json();
    const theirs = (
      await t.call('POST', '/opportunities', t.ws.keys.admin, { name: 'T', stage: 'New' })
    ).json();
    assert.equal(
      (await t.call('PATCH', `/opportunities/${mine.id}`, t.ws.keys.sales, { stage: 'Demo' })).statusCode,
      200,
    );
    assert.equal(
      (await t.call('PATCH', `/opportunities/${theirs.id}`, t.ws.keys.sales, { stage: 'Demo' })).statusCode,
      403,
    );
    assert.equal(
      (await t.call('POST', '/opportunities', t.ws.keys.sales, { name: 'N', stage: 'New' })).statusCode,
      403,
    );
    assert.equal((await t.call('GET', `/opportunities/${mine.id}`, other.keys.admin)).statusCode, 404);
    assert.equal((await t.call('DELETE', `/opportunities/${mine.id}`, other.keys.admin)).statusCode, 404);
    assert.equal((await t.call('DELETE', `/opportunities/${mine.id}`, t.ws.keys.admin)).statusCode, 204);
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('workspace_id', '=', t.ws.workspaceId)
      .where('object_id', '=', mine.id)
      .orderBy('id')
      .execute();
    assert.deepEqual(
      audit.map((a) => a.action),
      ['opportunity.create', 'opportunity.update', 'opportunity.delete'],
    );
  });

  test('bad input names the field', async () => {
    const res = await t.call('POST', '/opportunities', t.ws.keys.admin, {
      name: 'X',
      stage: '',
      closeDate: '30/06/2026',
    });
    assert.equal(res.statusCode, 400);
    const paths = res.json().errors.map((e: { path: string }) => e.path);
    assert.ok(paths.includes('body.stage') && paths.includes('body.closeDate'), JSON.stringify(paths));
    const neg = await t.call('POST', '/opportunities', t.ws.keys.admin, {
      name: 'X',
      stage: 'New',
      amount: -1,
    });
    assert.equal(neg.statusCode, 400);
  });
});
