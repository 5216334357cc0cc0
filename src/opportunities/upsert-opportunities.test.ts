import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { upsertAccounts } from '../accounts/upsert-accounts.ts';
import { insertActivities } from '../activities/insert-activities.ts';
import { systemContext } from '../auth/auth-context.ts';
import { upsertContacts } from '../contacts/upsert-contacts.ts';
import { useTestApp } from '../test/test-app.ts';
import { upsertOpportunities } from './upsert-opportunities.ts';

describe('upsertOpportunities and insertActivities', () => {
  const t = useTestApp({ withApp: false });

  test('opportunities: keys, account links by external id, won implies closed on partial updates', async () => {
    const ctx = systemContext((await t.workspace()).workspaceId);
    const [acme] = (await upsertAccounts(t.database.db, ctx, [{ name: 'Acme', hubspotId: '42' }])).results;
    const first = await upsertOpportunities(t.database.db, ctx, [
      {
        name: 'Pilot',
        stage: 'Discovery',
        amount: 1000,
        hubspotId: 'D1',
        accountHubspotId: '42',
        closeDate: '2026-06-30',
      },
      { name: 'No key', stage: 'Discovery' },
      {
        name: 'Ghost',
        stage: 'Discovery',
        salesforceId: '006G',
        accountId: '00000000-0000-4000-8000-000000000003',
      },
    ]);
    assert.deepEqual(
      first.results.map((r) => r.outcome),
      ['inserted', 'rejected', 'rejected'],
    );
    assert.match(first.results[1]?.reason ?? '', /needs an id, salesforceId or hubspotId/);
    assert.equal(first.results[2]?.reason, 'accountId: no such account in this workspace');
    const won = await upsertOpportunities(
      t.database.db,
      ctx,
      [{ name: 'Pilot', stage: 'Closed Won', isWon: true, hubspotId: 'D1' }],
      {
        key: 'hubspotId',
      },
    );
    assert.equal(won.results[0]?.outcome, 'updated');
    const stored = await t.database.db
      .selectFrom('opportunities')
      .select(['is_won', 'is_closed', 'account_id', 'amount', 'close_date'])
      .where('workspace_id', '=', ctx.workspaceId)
      .where('hubspot_id', '=', 'D1')
      .executeTakeFirstOrThrow();
    assert.deepEqual(stored, {
      is_won: true,
      is_closed: true,
      account_id: acme?.id,
      amount: 1000,
      close_date: '2026-06-30',
    });
    const same = await upsertOpportunities(t.database.db, ctx, [
      { name: 'Pilot', stage: 'Closed Won', isWon: true, hubspotId: 'D1' },
    ]);
    assert.equal(same.results[0]?.outcome, 'unchanged');
  });

  test('activities: deduplicated by messageId, linked through the contact email', async () => {
    const ctx = systemContext((await t.workspace()).workspaceId);
    await upsertAccounts(t.database.db, ctx, [{ name: 'Acme', domain: 'acme-act.com' }]);
    await upsertContacts(t.database.db, ctx, [{ email: 'ann@acme-act.com' }]);
    const events = [
      {
        type: 'page_view',
        occurredAt: '2026-03-01T10:00:00Z',
        contactEmail: 'Ann@acme-act.com',
        messageId: 'm1',
      },
      { type: 'page_view', occurredAt: '2026-03-01T10:01:00Z', messageId: 'm2' },
      { type: 'page_view', occurredAt: '2026-03-01T10:02:00Z', messageId: 'm1' },
      {
        type: 'form_fill',
        occurredAt: '2026-03-01T10:03:00Z',
        contactId: '00000000-0000-4000-8000-000000000004',
      },
      { type: 'note', occurredAt: '2026-03-01T10:04:00Z' },
    ];
    const first = await insertActivities(t.database.db, ctx, events);
    assert.deepEqual(
      first.results.map((r) => r.outcome),
      ['inserted', 'inserted', 'rejected', 'rejected', 'inserted'],
    );
    assert.equal(first.results[2]?.reason, 'duplicate of row 0 (same messageId)');
    assert.equal(first.results[3]?.reason, 'contactId: no such contact in this workspace');
    assert.ok(first.results.filter((r) => r.outcome === 'inserted').every((r) => r.id));
    const again = await insertActivities(t.database.db, ctx, events.slice(0, 2));
    assert.deepEqual(again.counts, { inserted: 0, updated: 0, unchanged: 2, rejected: 0 });
    assert.equal(again.results[0]?.id, first.results[0]?.id);
    const linked = await t.database.db
      .selectFrom('activities')
      .select(['contact_id', 'account_id'])
      .where('workspace_id', '=', ctx.workspaceId)
      .where('message_id', '=', 'm1')
      .executeTakeFirstOrThrow();
    assert.ok(linked.contact_id && linked.account_id);
  });
});
