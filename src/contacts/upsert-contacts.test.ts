import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { upsertAccounts } from '../accounts/upsert-accounts.ts';
import { type AuthContext, systemContext } from '../auth/auth-context.ts';
import { useTestApp } from '../test/test-app.ts';
import { upsertContacts } from './upsert-contacts.ts';

describe('upsertContacts', () => {
  const t = useTestApp({ withApp: false });
  const workspace = async (): Promise<AuthContext> => systemContext((await t.workspace()).workspaceId);
  const contact = (ctx: AuthContext, email: string) =>
    t.database.db
      .selectFrom('contacts')
      .select(['account_id', 'match_method', 'match_confidence', 'first_name', 'updated_at'])
      .where('workspace_id', '=', ctx.workspaceId)
      .where('email', '=', email)
      .executeTakeFirstOrThrow();

  test('links: explicit account, external id, kept link, email domain', async () => {
    const ctx = await workspace();
    const accounts = await upsertAccounts(t.database.db, ctx, [
      { name: 'Acme', domain: 'acme.com', hubspotId: '501' },
      { name: 'Beta', domain: 'beta.com', salesforceId: '001B' },
    ]);
    const [acme, beta] = accounts.results.map((r) => r.id ?? '');
    const res = await upsertContacts(
      t.database.db,
      ctx,
      [
        { email: 'a@acme.com', firstName: 'A' },
        { email: 'b@acme.com', accountSalesforceId: '001B' },
        { email: 'c@other.com', accountId: beta },
        { email: 'd@acme.com', accountId: '00000000-0000-4000-8000-000000000009' },
      ],
      { key: 'email' },
    );
    assert.deepEqual(
      res.results.map((r) => r.outcome),
      ['inserted', 'inserted', 'inserted', 'rejected'],
    );
    assert.equal(res.results[3]?.reason, 'accountId: no such account in this workspace');
    assert.deepEqual(
      [(await contact(ctx, 'a@acme.com')).account_id, (await contact(ctx, 'a@acme.com')).match_method],
      [acme, 'domain'],
    );
    const b = await contact(ctx, 'b@acme.com');
    assert.deepEqual([b.account_id, b.match_method, b.match_confidence], [beta, 'external_id', 1]);
    const c = await contact(ctx, 'c@other.com');
    assert.deepEqual([c.account_id, c.match_method], [beta, 'account_id']);
    // Re-importing without account information keeps the existing link and changes nothing.
    const again = await upsertContacts(t.database.db, ctx, [
      { email: 'b@acme.com' },
      { email: 'a@acme.com', firstName: 'A' },
    ]);
    assert.deepEqual(again.counts, { inserted: 0, updated: 0, unchanged: 2, rejected: 0 });
    assert.equal((await contact(ctx, 'b@acme.com')).updated_at.getTime(), b.updated_at.getTime());
  });

  test('keys: salesforceId and hubspotId; an email taken by another contact is rejected', async () => {
    const ctx = await workspace();
    await upsertContacts(t.database.db, ctx, [
      { email: 'x@k.com', salesforceId: '003X' },
      { email: 'y@k.com', hubspotId: '77' },
    ]);
    const res = await upsertContacts(t.database.db, ctx, [
      { salesforceId: '003X', firstName: 'Xavier' },
      { hubspotId: '77', email: 'x@k.com' },
      { firstName: 'Nobody' },
    ]);
    assert.deepEqual(
      res.results.map((r) => r.outcome),
      ['updated', 'rejected', 'rejected'],
    );
    assert.equal(res.results[1]?.reason, 'email already belongs to another contact');
    assert.match(res.results[2]?.reason ?? '', /needs an id, salesforceId, hubspotId or email/);
    assert.equal((await contact(ctx, 'x@k.com')).first_name, 'Xavier');
  });
});
