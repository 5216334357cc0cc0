import assert from 'node:assert/strict';
import { test } from 'node:test';
import { useTestApp } from '../test/test-app.ts';
import type { TestWorkspace } from '../test/test-database.ts';

const t = useTestApp();

async function addAccounts(
  ws: TestWorkspace,
  specs: { name: string; fit: number; industry?: string; technologies?: string[] }[],
) {
  const rows = await t.database.db
    .insertInto('accounts')
    .values(
      specs.map((s) => ({
        workspace_id: ws.workspaceId,
        name: s.name,
        industry: s.industry ?? 'Software',
        technologies: s.technologies ?? [],
        annual_revenue: 1e6,
        owner_id: ws.userIds.sales,
      })),
    )
    .returning(['id', 'name'])
    .execute();
  const fitOf = new Map(specs.map((s) => [s.name, s.fit]));
  await t.database.db
    .insertInto('account_fit')
    .values(
      rows.map((r) => ({
        workspace_id: ws.workspaceId,
        account_id: r.id,
        score: fitOf.get(r.name) ?? null,
        rule_score: fitOf.get(r.name) ?? null,
      })),
    )
    .execute();
  return new Map(rows.map((r) => [r.name, r.id]));
}

test('tiers respect capacity per owner and sticky overrides; lists need both approvals; diff and activation', async () => {
  const ws = await t.workspace('targets');
  const ids = await addAccounts(ws, [
    ...Array.from({ length: 25 }, (_, i) => ({
      name: `Strategic ${String(i).padStart(2, '0')}`,
      fit: 95 - Math.floor(i / 2),
    })),
    ...Array.from({ length: 3 }, (_, i) => ({ name: `Mid ${i}`, fit: 65 })),
    { name: 'Weak 0', fit: 10 },
    { name: 'Weak 1', fit: 12 },
  ]);
  const id = (name: string) => ids.get(name) ?? '';
  const badRules = await t.call('PUT', '/fit/tier-rules', ws.keys.marketer, {
    tier1: { minFit: 120, minValue: null, maxPerOwner: 20 },
  });
  assert.equal(badRules.statusCode, 400);
  const rules = await t.call('PUT', '/fit/tier-rules', ws.keys.marketer, {
    tier1: { minFit: 80, minValue: null, maxPerOwner: 20 },
  });
  assert.equal(rules.statusCode, 200, rules.body);
  let proposal = (await t.call('GET', '/fit/tiers/proposal', ws.keys.sales)).json();
  assert.deepEqual(proposal.counts, { tier1: 20, tier2: 8, tier3: 0 });
  const demoted = proposal.data.filter((p: { reason: string }) => p.reason.includes('Tier 1 capacity'));
  assert.equal(demoted.length, 5);
  assert.ok(
    demoted.every((p: { accountId: string }) =>
      [20, 21, 22, 23, 24].some((i) => id(`Strategic ${i}`) === p.accountId),
    ),
  );

  // A manual override sticks and uses a Tier 1 slot.
  const override = await t.call('PUT', `/fit/accounts/${id('Weak 0')}/tier-override`, ws.keys.sales, {
    tier: 1,
    reason: 'CEO relationship',
  });
  assert.equal(override.statusCode, 200, override.body);
  assert.deepEqual(override.json(), { accountId: id('Weak 0'), tier: 1, tierOverride: 1 });
  proposal = (await t.call('GET', '/fit/tiers/proposal', ws.keys.sales)).json();
  assert.deepEqual(proposal.counts, { tier1: 20, tier2: 9, tier3: 0 });

  // Draft list for 2027-Q1 from the proposal.
  const created = await t.call('POST', '/target-lists', ws.keys.marketer, { period: '2027-Q1' });
  assert.equal(created.statusCode, 201, created.body);
  const q1 = created.json();
  assert.equal(q1.status, 'draft');
  assert.equal(q1.members, 29);
  const badPeriod = await t.call('POST', '/target-lists', ws.keys.marketer, { period: 'next quarter' });
  assert.equal(badPeriod.statusCode, 400);

  // Both sides must approve.
  assert.equal(
    (await t.call('POST', `/target-lists/${q1.id}/approve`, ws.keys.marketer, {})).json().status,
    'draft',
  );
  assert.equal((await t.call('POST', `/target-lists/${q1.id}/activate`, ws.keys.sales)).statusCode, 409);
  const adminNoSide = await t.call('POST', `/target-lists/${q1.id}/approve`, ws.keys.admin, {});
  assert.equal(adminNoSide.statusCode, 400);
  const wrongSide = await t.call('POST', `/target-lists/${q1.id}/approve`, ws.keys.sales, {
    side: 'marketing',
  });
  assert.equal(wrongSide.statusCode, 403);
  const approved = (
    await t.call('POST', `/target-lists/${q1.id}/approve`, ws.keys.sales, { comment: 'ok' })
  ).json();
  assert.deepEqual(approved, { side: 'sales', status: 'approved', approvals: ['marketing', 'sales'] });
  const activated = await t.call('POST', `/target-lists/${q1.id}/activate`, ws.keys.marketer);
  assert.equal(activated.statusCode, 200, activated.body);
  const targets = await t.database.db
    .selectFrom('accounts')
    .select(['name', 'is_target', 'tier'])
    .where('workspace_id', '=', ws.workspaceId)
    .execute();
  const byName = new Map(targets.map((t) => [t.name, t]));
  assert.equal(targets.filter((t) => t.is_target).length, 29);
  assert.deepEqual(byName.get('Weak 0'), { name: 'Weak 0', is_target: true, tier: 1 });
  assert.deepEqual(byName.get('Weak 1'), { name: 'Weak 1', is_target: false, tier: null });
  assert.equal(byName.get('Strategic 24')?.tier, 2);

  // Next period: copy, edit (approvals are withdrawn), diff, approve and activate.
  const q2 = (
    await t.call('POST', '/target-lists', ws.keys.marketer, { period: '2027-Q2', copyFromListId: q1.id })
  ).json();
  assert.equal(q2.members, 29);
  await t.call('POST', `/target-lists/${q2.id}/approve`, ws.keys.marketer, {});
  const edit = await t.call('PATCH', `/target-lists/${q2.id}/members`, ws.keys.sales, {
    upsert: [
      { accountId: id('Weak 1'), tier: 3, reason: 'expansion play' },
      { accountId: id('Mid 0'), tier: 1 },
      { accountId: id('Weak 0'), tier: 3 },
    ],
    remove: [id('Strategic 00'), id('Strategic 01')],
  });
  assert.equal(edit.statusCode, 200, edit.body);
  assert.equal(edit.json().approvalsWithdrawn, 1);
  const unknown = await t.call('PATCH', `/target-lists/${q2.id}/members`, ws.keys.sales, {
    upsert: [{ accountId: '00000000-0000-4000-8000-000000000000', tier: 1 }],
  });
  assert.equal(unknown.statusCode, 422);
  assert.match(unknown.body, /body\.upsert\.0\.accountId/);
  const diff = (await t.call('GET', `/target-lists/${q2.id}/diff`, ws.keys.sales)).json();
  assert.equal(diff.againstListId, q1.id);
  assert.deepEqual(
    diff.added.map((a: { name: string }) => a.name),
    ['Weak 1'],
  );
  assert.deepEqual(diff.removed.map((a: { name: string }) => a.name).sort(), [
    'Strategic 00',
    'Strategic 01',
  ]);
  assert.deepEqual(
    diff.tierChanged.map((c: { name: string; from: number; to: number }) => [c.name, c.from, c.to]).sort(),
    [
      ['Mid 0', 2, 1],
      ['Weak 0', 1, 3],
    ],
  );
  await t.call('POST', `/target-lists/${q2.id}/approve`, ws.keys.marketer, {});
  await t.call('POST', `/target-lists/${q2.id}/approve`, ws.keys.admin, { side: 'sales' });
  assert.equal((await t.call('POST', `/target-lists/${q2.id}/activate`, ws.keys.sales)).statusCode, 200);
  const lists = (await t.call('GET', '/target-lists', ws.keys.sales)).json().data;
  assert.deepEqual(
    lists.map((l: { period: string; status: string }) => [l.period, l.status]),
    [
      ['2027-Q2', 'active'],
      ['2027-Q1', 'archived'],
    ],
  );
  const after2 = new Map(
    (
      await t.database.db
        .selectFrom('accounts')
        .select(['name', 'is_target', 'tier'])
        .where('workspace_id', '=', ws.workspaceId)
        .execute()
    ).map((t) => [t.name, t]),
  );
  assert.equal(after2.get('Strategic 00')?.is_target, false);
  assert.equal(after2.get('Weak 1')?.tier, 3);
  assert.equal(after2.get('Mid 0')?.tier, 1);
  assert.equal(after2.get('Weak 0')?.tier, 1, 'the manual override sticks over the list tier');
  // Active lists cannot be edited; history is kept.
  assert.equal(
    (await t.call('PATCH', `/target-lists/${q1.id}/members`, ws.keys.sales, { remove: [id('Mid 1')] }))
      .statusCode,
    409,
  );
  const members = (await t.call('GET', `/target-lists/${q1.id}/members?limit=5`, ws.keys.sales)).json().data;
  assert.equal(members.length, 5);
  assert.equal(members[0].tier, 1);
});

test('Tier 2 clusters are proposed with labels from dominant features', async () => {
  const ws = await t.workspace('clusters');
  await addAccounts(ws, [
    ...Array.from({ length: 20 }, (_, i) => ({
      name: `Bank ${i}`,
      fit: 65,
      industry: 'Banking',
      technologies: ['Oracle'],
    })),
    ...Array.from({ length: 20 }, (_, i) => ({
      name: `Shop ${i}`,
      fit: 62,
      industry: 'Retail',
      technologies: ['Shopify'],
    })),
  ]);
  const few = await t.workspace('clusters-few');
  await addAccounts(few, [{ name: 'Lonely', fit: 65 }]);
  const refused = await t.call('POST', '/fit/clusters', few.keys.marketer, {});
  assert.equal(refused.statusCode, 422);
  const res = await t.call('POST', '/fit/clusters', ws.keys.marketer, { k: 2 });
  assert.equal(res.statusCode, 200, res.body);
  const body = res.json();
  assert.equal(body.source, 'proposed Tier 2');
  assert.deepEqual(
    body.clusters.map((c: { size: number }) => c.size),
    [20, 20],
  );
  const labels = body.clusters.map((c: { label: string }) => c.label).join(' | ');
  assert.match(labels, /Banking/);
  assert.match(labels, /Retail/);
  const auto = await t.call('POST', '/fit/clusters', ws.keys.marketer, {});
  assert.equal(auto.json().k, 2);
  const stored = await t.database.db
    .selectFrom('accounts')
    .select('tier_cluster')
    .where('workspace_id', '=', ws.workspaceId)
    .execute();
  assert.ok(stored.every((s) => s.tier_cluster === 1 || s.tier_cluster === 2));
});
