import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { login } from '../auth/sessions.ts';
import { useTestApp } from '../test/test-app.ts';
import { DEMO_ADMIN_EMAIL, DEMO_USERS } from './demo-users.ts';
import { generateFixture, generateWorld } from './generate-world.ts';
import { loadDemoWorld } from './load-demo-world.ts';

describe('loadDemoWorld', () => {
  const t = useTestApp({ withApp: false });

  test('writes a 300-account world into a new workspace with matching counts', async () => {
    const asOf = '2026-03-01';
    const expected = generateFixture(11, { accounts: 300, asOf });
    // The quarters of history before the 90-day window are loaded as activities too.
    let historyActivities = 0;
    for (const bundle of generateWorld({ seed: 11, accounts: 300, asOf }))
      historyActivities += bundle.history.activities.length;
    const world = await loadDemoWorld(t.database, {
      seed: 11,
      accounts: 300,
      asOf,
      password: 'demo password 1',
    });
    const ws = world.workspaceId;
    const count = async (
      table: 'accounts' | 'account_domains' | 'contacts' | 'opportunities' | 'activities',
    ) => {
      const row = await t.database.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('workspace_id', '=', ws)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    };
    assert.equal(await count('accounts'), 300);
    assert.equal(await count('contacts'), expected.contacts.length);
    assert.equal(await count('opportunities'), expected.opportunities.length);
    assert.equal(await count('activities'), expected.activities.length + historyActivities);
    const domainCount = expected.accounts.reduce((s, a) => s + a.domains.length, 0);
    assert.equal(await count('account_domains'), domainCount);
    assert.deepEqual(world.counts, {
      accounts: 300,
      accountDomains: domainCount,
      contacts: expected.contacts.length,
      opportunities: expected.opportunities.length,
      activities: expected.activities.length + historyActivities,
      users: DEMO_USERS.length,
    });

    // Ids are the generator's: the same seed gives the same ids.
    const first = expected.accounts[0];
    assert.ok(first);
    const stored = await t.database.db
      .selectFrom('accounts')
      .selectAll()
      .where('workspace_id', '=', ws)
      .where('id', '=', first.id)
      .executeTakeFirstOrThrow();
    assert.equal(stored.name, first.name);
    assert.deepEqual(stored.technologies, first.technologies);
    assert.equal(stored.annual_revenue, first.annualRevenue);
    assert.ok(stored.owner_id, 'accounts are owned by a seller');

    // Every account's primary domain is in account_domains, and contacts' email domains find their account there.
    const primaries = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM accounts a
      JOIN account_domains d ON d.workspace_id = a.workspace_id AND d.account_id = a.id AND d.domain = a.domain AND d.is_primary
      WHERE a.workspace_id = ${ws}`.execute(t.database.db);
    assert.equal(primaries.rows[0]?.n, 300);
    const matched = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM contacts c
      JOIN account_domains d ON d.workspace_id = c.workspace_id AND d.domain = c.email_domain
      WHERE c.workspace_id = ${ws} AND d.account_id = c.account_id`.execute(t.database.db);
    assert.ok(
      (matched.rows[0]?.n ?? 0) > expected.contacts.length * 0.8,
      'contacts link to accounts by domain',
    );
    const wrong = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM contacts c
      JOIN account_domains d ON d.workspace_id = c.workspace_id AND d.domain = c.email_domain
      WHERE c.workspace_id = ${ws} AND d.account_id <> c.account_id`.execute(t.database.db);
    assert.equal(wrong.rows[0]?.n, 0, 'no domain points at the wrong account');

    // Subsidiaries point at parents in the same workspace; customers have won deals.
    const orphans = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM accounts a WHERE a.workspace_id = ${ws} AND a.parent_id IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM accounts p WHERE p.workspace_id = a.workspace_id AND p.id = a.parent_id)`.execute(
      t.database.db,
    );
    assert.equal(orphans.rows[0]?.n, 0);
    const customersWithoutWins = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM accounts a WHERE a.workspace_id = ${ws} AND a.lifecycle = 'customer'
        AND NOT EXISTS (SELECT 1 FROM opportunities o WHERE o.workspace_id = a.workspace_id AND o.account_id = a.id AND o.is_won)`.execute(
      t.database.db,
    );
    assert.equal(customersWithoutWins.rows[0]?.n, 0);

    // The demo team can sign in with the printed password.
    const session = await login(t.database.db, {
      email: DEMO_ADMIN_EMAIL,
      password: 'demo password 1',
      workspaceId: ws,
    });
    assert.ok(session);
    const members = await t.database.db
      .selectFrom('workspace_members')
      .select('role')
      .where('workspace_id', '=', ws)
      .execute();
    assert.deepEqual(members.map((m) => m.role).sort(), DEMO_USERS.map((u) => u.role).sort());
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('workspace_id', '=', ws)
      .execute();
    assert.ok(audit.some((a) => a.action === 'demo.load'));
  });

  test('rejects a nonsensical size without leaving a workspace behind', async () => {
    const before = await t.database.db.selectFrom('workspaces').select('id').execute();
    await assert.rejects(loadDemoWorld(t.database, { accounts: 0 }), /accounts must be a positive/);
    const afterRows = await t.database.db.selectFrom('workspaces').select('id').execute();
    assert.equal(afterRows.length, before.length);
  });
});
