import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { useTestApp } from '../test/test-app.ts';
import { bearer } from '../test/test-database.ts';
import { matchAndLinkContacts } from './match-and-link-contacts.ts';
import { rematchWorkspace } from './rematch-workspace.ts';

describe('matching with the database', () => {
  const acc: Record<string, string> = {};
  const con: Record<string, string> = {};

  async function addAccount(key: string, name: string, domains: string[], country: string | null) {
    const row = await t.database.db
      .insertInto('accounts')
      .values({ workspace_id: t.ws.workspaceId, name, domain: domains[0] ?? null, country })
      .returning('id')
      .executeTakeFirstOrThrow();
    acc[key] = row.id;
    if (domains.length > 0) {
      await t.database.db
        .insertInto('account_domains')
        .values(
          domains.map((domain, i) => ({
            workspace_id: t.ws.workspaceId,
            account_id: row.id,
            domain,
            is_primary: i === 0,
          })),
        )
        .execute();
    }
  }
  async function addContact(
    key: string,
    email: string | null,
    company: string | null,
    country: string | null,
  ) {
    const row = await t.database.db
      .insertInto('contacts')
      .values({ workspace_id: t.ws.workspaceId, email, country, custom: company ? { company } : {} })
      .returning('id')
      .executeTakeFirstOrThrow();
    con[key] = row.id;
  }
  const contact = (key: string) =>
    t.database.db
      .selectFrom('contacts')
      .select(['account_id', 'match_method', 'match_confidence'])
      .where('workspace_id', '=', t.ws.workspaceId)
      .where('id', '=', con[key] ?? '')
      .executeTakeFirstOrThrow();

  const t = useTestApp();
  before(async () => {
    await addAccount('gm', 'General Motors Company', ['gm.com'], 'US');
    await addAccount('mills', 'General Mills Inc', ['generalmills.com'], 'US');
    await addAccount('nordic', 'Nordic Foods A/S', ['nordicfoods.dk', 'nordic-foods.com'], 'DK');
    await addContact('strong', 'jane@gm.com', 'General Motors', 'US');
    await addContact('alias', 'ole@eu.nordic-foods.com', null, null);
    await addContact('weak', 'bob@gmail.com', 'Genral Mills', null);
    await addContact('none', 'eve@gmail.com', 'Nordic Feeds', 'DK');
    await addContact('nothing', null, null, null);
  });

  test('rematch links strong matches, leaves weak ones for review', async () => {
    const res = await t.inject({
      method: 'POST',
      url: '/api/v1/matching/rematch',
      headers: bearer(t.ws.keys.marketer),
    });
    assert.equal(res.statusCode, 200, res.body);
    const report = res.json();
    assert.equal(report.contacts, 5);
    assert.equal(report.matched, 2);
    assert.equal(report.weak, 1);
    assert.equal(report.unmatched, 2);
    assert.equal((await contact('strong')).account_id, acc.gm);
    assert.equal((await contact('strong')).match_method, 'domain_name');
    const alias = await contact('alias');
    assert.equal(alias.account_id, acc.nordic);
    assert.equal(alias.match_method, 'subdomain');
    const weak = await contact('weak');
    assert.equal(weak.account_id, null);
    assert.equal(weak.match_method, 'name');
    assert.ok((weak.match_confidence ?? 0) > 0.5);
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('workspace_id', '=', t.ws.workspaceId)
      .where('action', '=', 'matching.rematch')
      .execute();
    assert.equal(audit.length, 1);
    const denied = await t.inject({
      method: 'POST',
      url: '/api/v1/matching/rematch',
      headers: bearer(t.ws.keys.sales),
    });
    assert.equal(denied.statusCode, 403);
  });

  test('review queue lists weak and unmatched contacts with candidates and evidence', async () => {
    await rematchWorkspace(t.database.db, t.ws.workspaceId);
    const res = await t.inject({
      method: 'GET',
      url: '/api/v1/matching/review',
      headers: bearer(t.ws.keys.sales),
    });
    assert.equal(res.statusCode, 200, res.body);
    const items: {
      contactId: string;
      status: string;
      suggestedAccountId: string | null;
      evidence: string[];
      candidates: unknown[];
      reason: string;
    }[] = res.json().data;
    const weak = items.find((i) => i.contactId === con.weak);
    assert.equal(weak?.status, 'weak');
    assert.equal(weak?.suggestedAccountId, acc.mills);
    assert.ok((weak?.candidates.length ?? 0) >= 1);
    assert.ok(weak?.evidence.some((e) => e.includes('General Mills')));
    const none = items.find((i) => i.contactId === con.none);
    assert.equal(none?.status, 'unmatched');
    assert.match(none?.reason ?? '', /free webmail/);
    assert.equal(
      items.some((i) => i.contactId === con.strong),
      false,
    );
    const onlyWeak = await t.inject({
      method: 'GET',
      url: '/api/v1/matching/review?status=weak&limit=1',
      headers: bearer(t.ws.keys.sales),
    });
    assert.equal(onlyWeak.json().data.length, 1);
    const bad = await t.inject({
      method: 'GET',
      url: '/api/v1/matching/review?limit=0',
      headers: bearer(t.ws.keys.sales),
    });
    assert.equal(bad.statusCode, 400);
  });

  test('assign and reject stick across re-runs', async () => {
    const assign = await t.inject({
      method: 'POST',
      url: `/api/v1/matching/review/${con.weak}/assign`,
      headers: bearer(t.ws.keys.sales),
      payload: { accountId: acc.mills },
    });
    assert.equal(assign.statusCode, 200, assign.body);
    assert.equal(assign.json().accountId, acc.mills);
    const reject = await t.inject({
      method: 'POST',
      url: `/api/v1/matching/review/${con.strong}/reject`,
      headers: bearer(t.ws.keys.sales),
      payload: { accountId: acc.gm },
    });
    assert.equal(reject.statusCode, 200, reject.body);
    const report = await rematchWorkspace(t.database.db, t.ws.workspaceId);
    assert.equal(report.manual, 2);
    const weak = await contact('weak');
    assert.equal(weak.account_id, acc.mills);
    assert.equal(weak.match_method, 'manual');
    assert.equal(weak.match_confidence, 1);
    const strong = await contact('strong');
    assert.equal(strong.account_id, null);
    assert.equal(strong.match_method, 'manual');
    const queue = await t.inject({
      method: 'GET',
      url: '/api/v1/matching/review',
      headers: bearer(t.ws.keys.sales),
    });
    assert.equal(
      queue.json().data.some((i: { contactId: string }) => i.contactId === con.strong),
      false,
    );
    const single = await t.inject({
      method: 'POST',
      url: '/api/v1/matching/match',
      headers: bearer(t.ws.keys.sales),
      payload: { email: 'jane@gm.com' },
    });
    assert.equal(single.json().status, 'none');
    assert.match(single.json().reason, /manual decision/);
  });

  test('decision errors are clear 4xx', async () => {
    const unknownAccount = await t.inject({
      method: 'POST',
      url: `/api/v1/matching/review/${con.none}/assign`,
      headers: bearer(t.ws.keys.sales),
      payload: { accountId: '00000000-0000-4000-8000-000000000000' },
    });
    assert.equal(unknownAccount.statusCode, 422);
    assert.equal(unknownAccount.json().errors[0].path, 'body.accountId');
    const unknownContact = await t.inject({
      method: 'POST',
      url: '/api/v1/matching/review/00000000-0000-4000-8000-000000000000/reject',
      headers: bearer(t.ws.keys.sales),
    });
    assert.equal(unknownContact.statusCode, 404, unknownContact.body);
    const badId = await t.inject({
      method: 'POST',
      url: '/api/v1/matching/review/nope/assign',
      headers: bearer(t.ws.keys.sales),
      payload: { accountId: acc.gm },
    });
    assert.equal(badId.statusCode, 400);
    const missing = await t.inject({
      method: 'POST',
      url: `/api/v1/matching/review/${con.none}/assign`,
      headers: bearer(t.ws.keys.sales),
      payload: {},
    });
    assert.equal(missing.statusCode, 400);
  });

  test('single-lead match uses a cached index that follows account changes', async () => {
    const first = await t.inject({
      method: 'POST',
      url: '/api/v1/matching/match',
      headers: bearer(t.ws.keys.sales),
      payload: { email: 'x@newdomain.io' },
    });
    assert.equal(first.statusCode, 200);
    assert.equal(first.json().status, 'none');
    await t.database.db
      .insertInto('account_domains')
      .values({ workspace_id: t.ws.workspaceId, account_id: acc.gm ?? '', domain: 'newdomain.io' })
      .execute();
    const second = await t.inject({
      method: 'POST',
      url: '/api/v1/matching/match',
      headers: bearer(t.ws.keys.sales),
      payload: { email: 'x@newdomain.io', company: 'GM' },
    });
    assert.equal(second.json().status, 'matched');
    assert.equal(second.json().accountId, acc.gm);
    assert.equal(second.json().method, 'domain_name');
    const garbage = await t.inject({
      method: 'POST',
      url: '/api/v1/matching/match',
      headers: bearer(t.ws.keys.sales),
      payload: { email: '😀', company: '' },
    });
    assert.equal(garbage.statusCode, 200);
    assert.equal(garbage.json().status, 'none');
    const tooLong = await t.inject({
      method: 'POST',
      url: '/api/v1/matching/match',
      headers: bearer(t.ws.keys.sales),
      payload: { company: 'x'.repeat(1001) },
    });
    assert.equal(tooLong.statusCode, 400);
    assert.match(tooLong.body, /body\.company/);
  });

  test('matchAndLinkContacts links new contacts and keeps explicit links', async () => {
    await addContact('fresh', 'sam@generalmills.com', 'General Mills', 'US');
    await addContact('explicit', 'kim@gm.com', null, null);
    await t.database.db
      .updateTable('contacts')
      .set({ account_id: acc.nordic ?? null, match_method: 'account_id', match_confidence: 1 })
      .where('workspace_id', '=', t.ws.workspaceId)
      .where('id', '=', con.explicit ?? '')
      .execute();
    const results = await matchAndLinkContacts(t.database.db, t.ws.workspaceId, [
      con.fresh ?? '',
      con.explicit ?? '',
    ]);
    assert.equal(results.length, 2);
    assert.equal((await contact('fresh')).account_id, acc.mills);
    assert.equal((await contact('fresh')).match_method, 'domain_name');
    assert.equal((await contact('explicit')).account_id, acc.nordic);
    assert.equal(results.find((r) => r.contactId === con.explicit)?.status, 'explicit');
  });
});
