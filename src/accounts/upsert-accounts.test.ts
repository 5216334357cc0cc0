import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type AuthContext, systemContext } from '../auth/auth-context.ts';
import type { Database } from '../db/database.ts';
import { KeyClaims } from '../records/upsert-result.ts';
import { createTestWorkspace, openTestDatabase } from '../test/test-database.ts';
import { upsertAccounts } from './upsert-accounts.ts';

describe('upsertAccounts', () => {
  let database: Database;
  before(async () => {
    database = await openTestDatabase();
  });
  after(async () => {
    await database.close();
  });
  const workspace = async (): Promise<AuthContext> =>
    systemContext((await createTestWorkspace(database)).workspaceId);

  test('key domain matches through account_domains; missing keys and bad domains are rejected', async () => {
    const ctx = await workspace();
    const first = await upsertAccounts(
      database.db,
      ctx,
      [
        { name: 'Acme', website: 'https://shop.acme.co.uk/x', domains: ['acme.com'] },
        { name: 'No key' },
        { name: 'Bad', domain: 'not a domain' },
      ],
      { key: 'domain' },
    );
    assert.deepEqual(
      first.results.map((r) => r.outcome),
      ['inserted', 'rejected', 'rejected'],
    );
    assert.match(first.results[1]?.reason ?? '', /domain is required/);
    assert.equal(first.results[2]?.field, 'domain');
    // Matched by the extra domain; the name changes.
    const second = await upsertAccounts(database.db, ctx, [{ name: 'Acme Ltd', domain: 'acme.com' }], {
      key: 'domain',
    });
    assert.equal(second.results[0]?.outcome, 'updated');
    assert.equal(second.results[0]?.id, first.results[0]?.id);
    const domains = await database.db
      .selectFrom('account_domains')
      .select(['domain', 'is_primary'])
      .where('workspace_id', '=', ctx.workspaceId)
      .orderBy('domain')
      .execute();
    assert.deepEqual(domains, [
      { domain: 'acme.co.uk', is_primary: false },
      { domain: 'acme.com', is_primary: true },
    ]);
  });

  test('key auto uses Salesforce id, then HubSpot id, then domain; partial records keep other fields', async () => {
    const ctx = await workspace();
    const [a] = (
      await upsertAccounts(database.db, ctx, [
        {
          name: 'Nordic ApS',
          salesforceId: 'SF1',
          industry: 'Retail',
          technologies: ['Shopify'],
          custom: { a: 1 },
        },
      ])
    ).results;
    const partial = await upsertAccounts(database.db, ctx, [
      { name: 'Nordic ApS', salesforceId: 'SF1', custom: { b: 2 } },
    ]);
    assert.equal(partial.results[0]?.outcome, 'updated');
    const stored = await database.db
      .selectFrom('accounts')
      .select(['industry', 'technologies', 'custom'])
      .where('workspace_id', '=', ctx.workspaceId)
      .where('id', '=', a?.id ?? '')
      .executeTakeFirstOrThrow();
    assert.deepEqual(stored, { industry: 'Retail', technologies: ['Shopify'], custom: { a: 1, b: 2 } });
    const byId = await upsertAccounts(database.db, ctx, [{ id: a?.id ?? undefined, name: 'Nordic ApS' }]);
    assert.equal(byId.results[0]?.outcome, 'unchanged');
    const unknownId = await upsertAccounts(database.db, ctx, [
      { id: '00000000-0000-4000-8000-000000000000', name: 'X' },
    ]);
    assert.match(unknownId.results[0]?.reason ?? '', /id: no such account/);
  });

  test('unique external ids, owners and parents are checked per record, not by failing the batch', async () => {
    const ctx = await workspace();
    await upsertAccounts(database.db, ctx, [
      { name: 'Holder', salesforceId: 'H1', hubspotId: '100' },
      { name: 'Other', salesforceId: 'H2' },
    ]);
    const res = await upsertAccounts(database.db, ctx, [
      { name: 'Other', salesforceId: 'H2', hubspotId: '100' },
      { name: 'New', salesforceId: 'H3', hubspotId: '100' },
      { name: 'Owned', salesforceId: 'H4', ownerId: '00000000-0000-4000-8000-000000000001' },
      { name: 'Child', salesforceId: 'H5', parentId: '00000000-0000-4000-8000-000000000002' },
      { name: 'Fine', salesforceId: 'H6' },
    ]);
    assert.deepEqual(
      res.results.map((r) => r.outcome),
      ['rejected', 'rejected', 'rejected', 'rejected', 'inserted'],
    );
    assert.equal(res.results[0]?.reason, 'hubspotId already belongs to another account');
    assert.match(res.results[1]?.reason ?? '', /duplicate of row 0 \(same hubspotId\)/);
    assert.equal(res.results[2]?.reason, 'ownerId: not a user of this workspace');
    assert.equal(res.results[3]?.reason, 'parentId: no such account in this workspace');
    const conflict = await upsertAccounts(database.db, ctx, [
      { name: 'Clash', salesforceId: 'H7', hubspotId: '100' },
    ]);
    assert.match(conflict.results[0]?.reason ?? '', /conflicts with another account/);
  });

  test('duplicates across batches of one import are rejected by row number', async () => {
    const ctx = await workspace();
    const seen = new KeyClaims();
    await upsertAccounts(database.db, ctx, [{ name: 'A', salesforceId: 'D1' }], { seen, rowNumbers: [2] });
    const later = await upsertAccounts(database.db, ctx, [{ name: 'A2', salesforceId: 'D1' }], {
      seen,
      rowNumbers: [9],
    });
    assert.equal(later.results[0]?.reason, 'duplicate of row 2 (same salesforceId)');
  });

  test('writes one audit entry per batch', async () => {
    const ctx = await workspace();
    await upsertAccounts(database.db, ctx, [
      { name: 'A', domain: 'a-audit.com' },
      { name: 'B', domain: 'b-audit.com' },
    ]);
    const audits = await database.db
      .selectFrom('audit_log')
      .select(['action', 'changes'])
      .where('workspace_id', '=', ctx.workspaceId)
      .execute();
    assert.deepEqual(audits, [
      {
        action: 'account.bulk_upsert',
        changes: { key: 'auto', inserted: 2, updated: 0, unchanged: 0, rejected: 0 },
      },
    ]);
  });
});
