import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, test } from 'node:test';
import { systemContext } from '../auth/auth-context.ts';
import { useTestApp } from '../test/test-app.ts';
import { dedupeAccounts } from './dedupe-accounts.ts';

describe('accounts dedupe (the CLI job)', () => {
  const t = useTestApp({ withApp: false });

  test('lists pairs, merges clusters only when asked, audits as the CLI', async () => {
    const ws = await t.workspace();
    const ids = await t.database.db
      .insertInto('accounts')
      .values([
        { workspace_id: ws.workspaceId, name: 'Nordisk Vin A/S', country: 'DK' },
        { workspace_id: ws.workspaceId, name: 'Nordisk Vin ApS', country: 'DK' },
        { workspace_id: ws.workspaceId, name: 'Nordisk Vin', country: 'Danmark' },
        { workspace_id: ws.workspaceId, name: 'General Motors', country: 'US' },
        { workspace_id: ws.workspaceId, name: 'General Mills', country: 'US' },
      ])
      .returning('id')
      .execute();
    await t.database.db
      .insertInto('contacts')
      .values(
        ids.map((a, i) => ({ workspace_id: ws.workspaceId, account_id: a.id, email: `p${i}@example.dk` })),
      )
      .execute();
    const ctx = systemContext(ws.workspaceId, 'cli:accounts-dedupe');

    const listed = await dedupeAccounts(t.database.db, ctx, { minScore: 0.8, merge: false });
    assert.equal(listed.pairs.length, 3, 'the three Nordisk Vin accounts pair up; General * do not');
    assert.equal(listed.merged, 0);
    assert.equal(
      (
        await t.database.db
          .selectFrom('accounts')
          .select('id')
          .where('workspace_id', '=', ws.workspaceId)
          .execute()
      ).length,
      5,
    );

    const merged = await dedupeAccounts(t.database.db, ctx, { minScore: 0.8, merge: true });
    assert.equal(merged.merged, 2, 'one cluster of three → one survivor');
    const accounts = await t.database.db
      .selectFrom('accounts')
      .select('name')
      .where('workspace_id', '=', ws.workspaceId)
      .execute();
    assert.equal(accounts.length, 3);
    const contacts = await t.database.db
      .selectFrom('contacts')
      .select('account_id')
      .where('workspace_id', '=', ws.workspaceId)
      .execute();
    assert.equal(contacts.length, 5);
    assert.ok(contacts.every((c) => c.account_id !== null));
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['actor_type', 'actor_id'])
      .where('workspace_id', '=', ws.workspaceId)
      .where('action', '=', 'account.merge')
      .execute();
    assert.deepEqual(audit, [{ actor_type: 'system', actor_id: 'cli:accounts-dedupe' }]);
    assert.equal((await dedupeAccounts(t.database.db, ctx, { minScore: 0.8, merge: false })).pairs.length, 0);
  });

  test('the command rejects a bad --min-score before touching a database', () => {
    const run = spawnSync(
      process.execPath,
      [path.resolve('bin/openabm.js'), 'accounts', 'dedupe', '--min-score', 'high'],
      {
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    assert.equal(run.status, 2);
    assert.match(run.stderr, /--min-score must be a number/);
  });
});
