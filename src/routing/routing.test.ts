import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { useTestApp } from '../test/test-app.ts';
import type { TestWorkspace } from '../test/test-database.ts';

describe('owner routing', () => {
  const t = useTestApp();

  const rule = async (ws: TestWorkspace, body: Record<string, unknown>) => {
    const res = await t.call('POST', '/routing/rules', ws.keys.admin, body);
    assert.equal(res.statusCode, 201, res.body);
    return res.json() as { id: string; kind: string };
  };
  const account = async (ws: TestWorkspace, body: Record<string, unknown>) => {
    const res = await t.call('POST', '/accounts', ws.keys.admin, body);
    assert.equal(res.statusCode, 201, res.body);
    return res.json() as { id: string; ownerId: string | null };
  };
  const ownerOf = async (ws: TestWorkspace, id: string) =>
    (
      await t.database.db
        .selectFrom('accounts')
        .select('owner_id')
        .where('workspace_id', '=', ws.workspaceId)
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    ).owner_id;

  test('bad input is a 400 naming the field; only admins edit rules; owners must be members', async () => {
    const ws = t.ws;
    const good = {
      name: 'EMEA',
      priority: 10,
      match: { countries: ['DE'] },
      assign: { type: 'owner', ownerId: ws.userIds.sales },
    };
    for (const [body, field] of [
      [{ ...good, match: { countries: ['Atlantis'] } }, 'countries'],
      [{ ...good, match: { tiers: [5] } }, 'tiers'],
      [{ ...good, match: { domains: ['not a domain'] } }, 'domains'],
      [{ ...good, assign: { type: 'lottery' } }, 'assign'],
      [{ ...good, assign: { type: 'round_robin', ownerIds: [] } }, 'ownerIds'],
      [{ ...good, priority: -1 }, 'priority'],
      [{ ...good, colour: 'red' }, 'colour'],
      [{ name: 'x' }, 'priority'],
    ] as const) {
      const res = await t.call('POST', '/routing/rules', ws.keys.admin, body);
      assert.equal(res.statusCode, 400, `${JSON.stringify(body)} → ${res.body}`);
      assert.match(res.body, new RegExp(field), res.body);
    }
    assert.equal((await t.call('POST', '/routing/rules', ws.keys.marketer, good)).statusCode, 403);
    assert.equal((await t.call('POST', '/routing/rules', ws.keys.sales, good)).statusCode, 403);
    assert.equal(
      (await t.call('POST', '/routing/reroute', ws.keys.marketer, { scope: 'unowned' })).statusCode,
      403,
    );
    const other = await t.workspace('Elsewhere');
    const stranger = await t.call('POST', '/routing/rules', ws.keys.admin, {
      ...good,
      assign: { type: 'round_robin', ownerIds: [ws.userIds.sales, other.userIds.sales] },
    });
    assert.equal(stranger.statusCode, 422, stranger.body);
    assert.match(stranger.body, /body\.assign\.ownerIds\.1/);
    assert.equal((await t.call('GET', '/routing/rules', ws.keys.sales)).statusCode, 200);
    assert.equal((await t.call('GET', '/accounts/not-a-uuid/routing', ws.keys.sales)).statusCode, 400);
    assert.equal(
      (await t.call('PUT', `/routing/rules/${crypto.randomUUID()}`, ws.keys.admin, good)).statusCode,
      404,
    );
  });

  test('named, territory, tier and fallback rules in priority order, each decision audited', async () => {
    const ws = await t.workspace('Kinds');
    const { admin, marketer, sales } = ws.userIds;
    const named = await rule(ws, {
      name: 'Named',
      priority: 10,
      match: { domains: ['https://www.named-co.com/'] },
      assign: { type: 'owner', ownerId: admin },
    });
    assert.equal(named.kind, 'named accounts');
    const territory = await rule(ws, {
      name: 'DACH + France',
      priority: 20,
      match: { countries: ['Germany', 'FR'], regions: ['DE-BY', 'Île-de-France'] },
      assign: { type: 'owner', ownerId: marketer },
    });
    assert.equal(territory.kind, 'territory');
    await rule(ws, {
      name: 'Tier 1',
      priority: 30,
      match: { tiers: [1] },
      assign: { type: 'owner', ownerId: sales },
    });
    await rule(ws, { name: 'Everyone else', priority: 1000, assign: { type: 'owner', ownerId: admin } });

    const n = await account(ws, {
      name: 'Named Co',
      domain: 'named-co.com',
      country: 'DE',
      region: 'Bavaria',
    });
    const bavaria = await account(ws, { name: 'Bayern GmbH', country: 'DE', region: 'Bavaria', tier: 1 });
    const berlin = await account(ws, { name: 'Berlin GmbH', country: 'DE', region: 'Berlin', tier: 1 });
    const other = await account(ws, { name: 'Elsewhere Ltd', country: 'GB' });
    const owned = await account(ws, {
      name: 'Already Owned',
      country: 'DE',
      region: 'Bavaria',
      ownerId: sales,
    });
    assert.equal(await ownerOf(ws, n.id), admin, 'named beats territory (priority)');
    assert.equal(await ownerOf(ws, bavaria.id), marketer, 'territory beats tier (priority)');
    assert.equal(await ownerOf(ws, berlin.id), sales, 'outside the region: the tier rule');
    assert.equal(await ownerOf(ws, other.id), admin, 'nothing else matched: the fallback');
    assert.equal(await ownerOf(ws, owned.id), sales, 'an owner given is kept');

    const audit = await t.call('GET', `/accounts/${bavaria.id}/routing`, ws.keys.sales);
    assert.equal(audit.statusCode, 200, audit.body);
    const [decision] = audit.json().data;
    assert.equal(decision.ruleName, 'DACH + France');
    assert.equal(decision.ownerId, marketer);
    assert.equal(decision.previousOwnerId, null);
    assert.equal(decision.trigger, 'write');
    assert.match(decision.reason, /country DE in \[DE, FR\]; region DE-BY in/);
    assert.deepEqual((await t.call('GET', `/accounts/${owned.id}/routing`, ws.keys.sales)).json().data, []);
    const foreign = await t.call('GET', `/accounts/${bavaria.id}/routing`, t.ws.keys.sales);
    assert.equal(foreign.statusCode, 404, 'another workspace’s account');

    // Test a rule against an account: the unsaved rule, and every rule in order.
    const tried = await t.call('POST', '/routing/test', ws.keys.marketer, {
      accountId: berlin.id,
      rule: {
        name: 'Try',
        priority: 1,
        match: { regions: ['DE-BY'] },
        assign: { type: 'owner', ownerId: admin },
      },
    });
    assert.equal(tried.statusCode, 200, tried.body);
    assert.equal(tried.json().ownerId, null);
    assert.match(tried.json().rules[0].checks[0].detail, /region DE-BE not in \[DE-BY\]/);
    const all = await t.call('POST', '/routing/test', ws.keys.marketer, { accountId: berlin.id });
    assert.equal(all.json().ruleName, 'Tier 1');
    assert.deepEqual(
      all.json().rules.map((r: { matched: boolean }) => r.matched),
      [false, false, true, true],
    );
    const bad = await t.call('POST', '/routing/test', ws.keys.marketer, { accountId: crypto.randomUUID() });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /body\.accountId/);
  });

  test('round robin is fair and respects capacity; re-routing is idempotent; contacts follow their account', async () => {
    const ws = await t.workspace('Round robin');
    const owners = [ws.userIds.admin, ws.userIds.marketer, ws.userIds.sales];
    await rule(ws, {
      name: 'Pool',
      priority: 10,
      match: { targetOnly: true },
      assign: { type: 'round_robin', ownerIds: owners, maxAccountsPerOwner: 4 },
    });
    // One owner already has an account, the other two catch up first.
    await account(ws, { name: 'Held', ownerId: ws.userIds.admin, isTarget: true });
    const records = Array.from({ length: 16 }, (_, i) => ({
      name: `Target ${i}`,
      domain: `target-${i}.com`,
      isTarget: true,
    }));
    const bulk = await t.call('POST', '/accounts/bulk', ws.keys.marketer, { records });
    assert.equal(bulk.statusCode, 200, bulk.body);
    const counts = async () => {
      const rows = await t.database.db
        .selectFrom('accounts')
        .select(['owner_id'])
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('workspace_id', '=', ws.workspaceId)
        .groupBy('owner_id')
        .execute();
      return new Map(rows.map((r) => [r.owner_id, Number(r.n)]));
    };
    let c = await counts();
    for (const o of owners) assert.equal(c.get(o), 4, `owner ${o} has 4 (capacity)`);
    assert.equal(c.get(null), 5, '17 accounts, 12 places: 5 left unowned');

    await rule(ws, { name: 'Overflow', priority: 20, assign: { type: 'owner', ownerId: ws.userIds.sales } });
    const reroute = await t.call('POST', '/routing/reroute', ws.keys.admin, { scope: 'unowned' });
    assert.equal(reroute.statusCode, 200, reroute.body);
    assert.deepEqual(reroute.json(), { routed: 5, unmatched: 0, contacts: 0 });
    const decision = await t.database.db
      .selectFrom('routing_decisions')
      .select(['reason', 'trigger'])
      .where('workspace_id', '=', ws.workspaceId)
      .where('rule_name', '=', 'Overflow')
      .executeTakeFirstOrThrow();
    assert.equal(decision.trigger, 'reroute');
    assert.match(decision.reason, /"Pool" had every owner at capacity/);
    c = await counts();
    assert.equal(c.get(ws.userIds.sales), 9);
    const again = await t.call('POST', '/routing/reroute', ws.keys.admin, { scope: 'unowned' });
    assert.deepEqual(again.json(), { routed: 0, unmatched: 0, contacts: 0 }, 'nothing left to route');
    const decisions = await t.database.db
      .selectFrom('routing_decisions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('workspace_id', '=', ws.workspaceId)
      .executeTakeFirstOrThrow();
    assert.equal(
      Number(decisions.n),
      16,
      'one decision per routed account (11 by the pool, 5 by the overflow)',
    );

    // Lead-to-account: a new contact at a routed account takes its owner; one with an owner keeps it.
    const target = await t.database.db
      .selectFrom('accounts')
      .select(['id', 'owner_id'])
      .where('workspace_id', '=', ws.workspaceId)
      .where('domain', '=', 'target-0.com')
      .executeTakeFirstOrThrow();
    const lead = await t.call('POST', '/contacts', ws.keys.admin, { email: 'lead@target-0.com' });
    assert.equal(lead.statusCode, 201, lead.body);
    const kept = await t.call('POST', '/contacts', ws.keys.admin, {
      email: 'kept@target-0.com',
      ownerId: ws.userIds.admin,
    });
    const owner = async (id: string) =>
      await t.database.db
        .selectFrom('contacts')
        .select(['owner_id', 'account_id'])
        .where('workspace_id', '=', ws.workspaceId)
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
    assert.deepEqual(await owner(lead.json().id), { owner_id: target.owner_id, account_id: target.id });
    assert.equal((await owner(kept.json().id)).owner_id, ws.userIds.admin);
    const audit = (await t.call('GET', `/accounts/${target.id}/routing`, ws.keys.sales)).json().data;
    assert.equal(audit[0].contactId, lead.json().id);
    assert.match(audit[0].reason, /lead-to-account/);
  });

  test('a workspace without rules routes nothing (contacts keep no owner)', async () => {
    const ws = await t.workspace('No rules');
    const acc = await account(ws, { name: 'Owned', domain: 'owned-norules.com', ownerId: ws.userIds.sales });
    const lead = await t.call('POST', '/contacts', ws.keys.admin, { email: 'x@owned-norules.com' });
    const row = await t.database.db
      .selectFrom('contacts')
      .select(['owner_id', 'account_id'])
      .where('workspace_id', '=', ws.workspaceId)
      .where('id', '=', lead.json().id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(row, { owner_id: null, account_id: acc.id });
  });
});
