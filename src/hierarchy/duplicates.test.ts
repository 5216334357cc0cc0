import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { useTestApp } from '../test/test-app.ts';
import { bearer, type TestWorkspace } from '../test/test-database.ts';

describe('duplicate accounts and merge', () => {
  const t = useTestApp();

  async function account(
    ws: TestWorkspace,
    name: string,
    extra: {
      country?: string;
      domains?: string[];
      industry?: string;
      parentId?: string;
      salesforceId?: string;
    } = {},
  ): Promise<string> {
    const row = await t.database.db
      .insertInto('accounts')
      .values({
        workspace_id: ws.workspaceId,
        name,
        country: extra.country ?? null,
        industry: extra.industry ?? null,
        parent_id: extra.parentId ?? null,
        salesforce_id: extra.salesforceId ?? null,
        domain: extra.domains?.[0] ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (extra.domains?.length) {
      await t.database.db
        .insertInto('account_domains')
        .values(
          extra.domains.map((domain, i) => ({
            workspace_id: ws.workspaceId,
            account_id: row.id,
            domain,
            is_primary: i === 0,
          })),
        )
        .execute();
    }
    return row.id;
  }
  const duplicates = async (ws: TestWorkspace) => {
    const res = await t.inject({
      method: 'GET',
      url: '/api/v1/accounts/duplicates',
      headers: bearer(ws.keys.sales),
    });
    assert.equal(res.statusCode, 200, res.body);
    return res.json().data as {
      account: { id: string };
      duplicate: { id: string };
      score: number;
      reasons: string[];
    }[];
  };
  const pairOf = (list: Awaited<ReturnType<typeof duplicates>>, x: string, y: string) =>
    list.find(
      (p) => (p.account.id === x && p.duplicate.id === y) || (p.account.id === y && p.duplicate.id === x),
    );

  test('found by shared domain and by normalised name in the same country; near-misses are not', async () => {
    const ws = await t.workspace();
    const acme = await account(ws, 'Acme Inc', { domains: ['acme.com'], country: 'US' });
    const acmeCorp = await account(ws, 'ACME Corporation', { domains: ['acme.com', 'acme.io'] });
    const nordisk = await account(ws, 'Nordisk Vin A/S', { country: 'DK' });
    const nordiskApS = await account(ws, 'Nordisk Vin ApS', { country: 'Denmark' });
    const logistics = await account(ws, 'Copenhagen Logistics ApS', { country: 'DK' });
    const typo = await account(ws, 'Copenhagen Logisitcs', { country: 'dk' });
    const motors = await account(ws, 'General Motors', { country: 'US' });
    const mills = await account(ws, 'General Mills', { country: 'US' });
    const dynamics = await account(ws, 'General Dynamics', { country: 'US' });
    const vinSe = await account(ws, 'Nordisk Vin AB', { country: 'SE' });
    const parent = await account(ws, 'Holding GmbH', { domains: ['holding.de'], country: 'DE' });
    const child = await account(ws, 'Holding Services GmbH', {
      domains: ['holding.de'],
      country: 'DE',
      parentId: parent,
    });

    const list = await duplicates(ws);
    const byDomain = pairOf(list, acme, acmeCorp);
    assert.ok(byDomain, 'same domain');
    assert.match(byDomain.reasons.join(), /same domain acme\.com/);
    const byName = pairOf(list, nordisk, nordiskApS);
    assert.ok(byName, 'legal forms differ, same country (DK = Denmark)');
    assert.match(byName.reasons.join(), /same normalised name in DK/);
    assert.ok(byName.score >= 0.9);
    assert.ok(pairOf(list, logistics, typo), 'one typo apart');
    assert.equal(pairOf(list, motors, mills), undefined);
    assert.equal(pairOf(list, motors, dynamics), undefined);
    assert.equal(pairOf(list, mills, dynamics), undefined);
    assert.equal(pairOf(list, nordisk, vinSe), undefined, 'same name in another country');
    assert.equal(pairOf(list, parent, child), undefined, 'parent and child are not duplicates');
    for (let i = 1; i < list.length; i++) assert.ok((list[i - 1]?.score ?? 0) >= (list[i]?.score ?? 0));

    // One account's duplicates: a pg_trgm index probe plus its domains.
    const one = await t.inject({
      method: 'GET',
      url: `/api/v1/accounts/duplicates?accountId=${nordisk}`,
      headers: bearer(ws.keys.sales),
    });
    assert.equal(one.statusCode, 200, one.body);
    const mine = one.json().data as { account: { id: string }; duplicate: { id: string } }[];
    assert.deepEqual(
      mine.flatMap((p) => [p.account.id, p.duplicate.id].filter((id) => id !== nordisk)),
      [nordiskApS],
    );
    const bad = await t.inject({
      method: 'GET',
      url: '/api/v1/accounts/duplicates?minScore=2',
      headers: bearer(ws.keys.sales),
    });
    assert.equal(bad.statusCode, 400);
  });

  test('a workspace full of look-alike names is blocked, not compared pair by pair', async () => {
    const ws = await t.workspace();
    const n = 3000;
    await t.database.db
      .insertInto('accounts')
      .values(
        Array.from({ length: n }, (_, i) => ({
          workspace_id: ws.workspaceId,
          name: `Holding ${i.toString(36)}x${(i * 7919).toString(36)} Group`,
          country: 'DK',
        })),
      )
      .execute();
    await account(ws, 'Holding Zeta Group A/S', { country: 'DK' });
    await account(ws, 'Holding Zeta Group ApS', { country: 'DK' });
    const start = performance.now();
    const list = await duplicates(ws);
    const ms = performance.now() - start;
    assert.equal(list.length, 1, JSON.stringify(list.slice(0, 3)));
    assert.ok(ms < 15_000, `${Math.round(ms)} ms`);
  });

  test('merge moves every contact, opportunity, activity, note, domain and child; fills fields; audits', async () => {
    const ws = await t.workspace();
    const survivor = await account(ws, 'Acme Inc', { domains: ['acme.com'], country: 'US' });
    const dup = await account(ws, 'ACME Corp', {
      domains: ['acme.com', 'acme.io'],
      industry: 'Software',
      salesforceId: '001X',
    });
    const dup2 = await account(ws, 'Acme Incorporated', { domains: ['acme.net'] });
    const child = await account(ws, 'Acme Labs', { parentId: dup });
    const other = await account(ws, 'Untouched');
    const ids = { ws: ws.workspaceId };
    await t.database.db
      .insertInto('contacts')
      .values([
        { workspace_id: ids.ws, account_id: survivor, email: 'a@acme.com' },
        { workspace_id: ids.ws, account_id: dup, email: 'b@acme.com' },
        { workspace_id: ids.ws, account_id: dup, email: 'c@acme.io' },
        { workspace_id: ids.ws, account_id: dup2, email: 'd@acme.net' },
        { workspace_id: ids.ws, account_id: other, email: 'e@other.com' },
      ])
      .execute();
    await t.database.db
      .insertInto('opportunities')
      .values([
        { workspace_id: ids.ws, account_id: dup, name: 'Deal 1', stage: 'open', amount: 10 },
        {
          workspace_id: ids.ws,
          account_id: dup2,
          name: 'Deal 2',
          stage: 'won',
          amount: 5,
          is_closed: true,
          is_won: true,
        },
      ])
      .execute();
    await t.database.db
      .insertInto('activities')
      .values([
        { workspace_id: ids.ws, account_id: dup, type: 'page_view', occurred_at: new Date() },
        { workspace_id: ids.ws, account_id: dup2, type: 'email_open', occurred_at: new Date() },
      ])
      .execute();
    await t.database.db
      .insertInto('notes')
      .values({ workspace_id: ids.ws, account_id: dup, body: 'Met the CFO' })
      .execute();

    const post = (key: string, id: string, duplicateIds: unknown) =>
      t.inject({
        method: 'POST',
        url: `/api/v1/accounts/${id}/merge`,
        headers: bearer(key),
        payload: { duplicateIds },
      });
    assert.equal((await post(ws.keys.sales, survivor, [dup])).statusCode, 403);
    assert.equal((await post(ws.keys.marketer, survivor, [survivor])).statusCode, 422);
    assert.equal((await post(ws.keys.marketer, survivor, [crypto.randomUUID()])).statusCode, 404);
    assert.equal((await post(ws.keys.marketer, survivor, [])).statusCode, 400);
    assert.equal((await post(ws.keys.marketer, survivor, ['x'])).statusCode, 400);

    const res = await post(ws.keys.marketer, survivor, [dup, dup2]);
    assert.equal(res.statusCode, 200, res.body);
    const r = res.json();
    assert.deepEqual(r.moved.contacts, 3);
    assert.deepEqual(r.moved.opportunities, 2);
    assert.deepEqual(r.moved.activities, 2);
    assert.deepEqual(r.moved.notes, 1);
    assert.deepEqual(r.moved.childAccounts, 1);
    assert.deepEqual(r.filled.sort(), ['industry', 'salesforce_id']);

    const count = async (table: 'contacts' | 'opportunities' | 'activities' | 'notes', accountId: string) =>
      Number(
        (
          await t.database.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('workspace_id', '=', ids.ws)
            .where('account_id', '=', accountId)
            .executeTakeFirstOrThrow()
        ).n,
      );
    assert.equal(await count('contacts', survivor), 4);
    assert.equal(await count('contacts', other), 1);
    assert.equal(await count('opportunities', survivor), 2);
    assert.equal(await count('activities', survivor), 2);
    assert.equal(await count('notes', survivor), 1);
    const total = await t.database.db
      .selectFrom('contacts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('workspace_id', '=', ids.ws)
      .executeTakeFirstOrThrow();
    assert.equal(Number(total.n), 5, 'no contact lost');

    const domains = await t.database.db
      .selectFrom('account_domains')
      .select('domain')
      .where('workspace_id', '=', ids.ws)
      .where('account_id', '=', survivor)
      .orderBy('domain')
      .execute();
    assert.deepEqual(
      domains.map((d) => d.domain),
      ['acme.com', 'acme.io', 'acme.net'],
    );
    const merged = await t.database.db
      .selectFrom('accounts')
      .selectAll()
      .where('workspace_id', '=', ids.ws)
      .where('id', 'in', [survivor, dup, dup2, child])
      .execute();
    assert.deepEqual(merged.map((a) => a.id).sort(), [survivor, child].sort());
    const s = merged.find((a) => a.id === survivor);
    assert.equal(s?.industry, 'Software');
    assert.equal(s?.country, 'US');
    assert.equal(s?.salesforce_id, '001X');
    assert.equal(merged.find((a) => a.id === child)?.parent_id, survivor);

    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'object_id', 'changes'])
      .where('workspace_id', '=', ids.ws)
      .where('action', 'in', ['account.merge', 'account.merged_into'])
      .execute();
    const entry = audit.find((a) => a.action === 'account.merge');
    assert.equal(entry?.object_id, survivor);
    assert.deepEqual(entry?.changes.mergedIds, [dup, dup2]);
    assert.equal(audit.filter((a) => a.action === 'account.merged_into').length, 2);

    assert.equal((await duplicates(ws)).length, 0, 'nothing left to merge');
  });

  test('merging the survivor’s own parent keeps the tree acyclic', async () => {
    const ws = await t.workspace();
    const top = await account(ws, 'Top');
    const dupParent = await account(ws, 'Parent Dup', { parentId: top });
    const survivor = await account(ws, 'Survivor', { parentId: dupParent });
    const res = await t.inject({
      method: 'POST',
      url: `/api/v1/accounts/${survivor}/merge`,
      headers: bearer(ws.keys.admin),
      payload: { duplicateIds: [dupParent] },
    });
    assert.equal(res.statusCode, 200, res.body);
    const s = await t.database.db
      .selectFrom('accounts')
      .select('parent_id')
      .where('workspace_id', '=', ws.workspaceId)
      .where('id', '=', survivor)
      .executeTakeFirstOrThrow();
    assert.equal(s.parent_id, top);
  });
});
