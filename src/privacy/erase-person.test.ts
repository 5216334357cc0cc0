import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { systemContext } from '../auth/auth-context.ts';
import type { Database } from '../db/database.ts';
import { openPixelUrl } from '../email-tracking/tracking-token.ts';
import { type App, buildApp } from '../http/app.ts';
import { importCsv } from '../imports/import-csv.ts';
import { drainInbound } from '../ingest/drain-inbound.ts';
import { createWriteKey } from '../ingest/write-keys.ts';
import { SUPPRESSED_REASON } from '../records/suppression.ts';
import { recomputeWorkspace } from '../signals/recompute-workspace.ts';
import { bearer, createTestWorkspace, openTestDatabase, type TestWorkspace } from '../test/test-database.ts';

/** Every row of every table with a workspace_id column, serialised to text, lower-cased. */
async function dumpWorkspace(database: Database, workspaceId: string): Promise<string> {
  const tables = await sql<{ table_name: string }>`
    SELECT c.table_name FROM information_schema.columns c
    JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
    WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' AND c.column_name = 'workspace_id'
    ORDER BY 1`.execute(database.db);
  const parts: string[] = [];
  for (const { table_name } of tables.rows) {
    const t = sql.table(table_name);
    const rows = await sql<{
      row: string;
    }>`SELECT ${t}::text AS row FROM ${t} WHERE workspace_id = ${workspaceId}`.execute(database.db);
    for (const r of rows.rows) parts.push(`${table_name}: ${r.row}`);
  }
  return parts.join('\n').toLowerCase();
}

describe('erasing a person (GDPR Art. 17) and exporting one (Art. 15)', () => {
  let database: Database;
  let app: App;
  let ws: TestWorkspace;
  let auth: { authorization: string };
  const domain = `keepsake-${Math.random().toString(36).slice(2, 8)}.com`;
  const email = `zebulon.quixotefield@${domain}`;
  const colleagueEmail = `marta.keepsake@${domain}`;
  let accountId = '';
  let contactId = '';

  const api = (method: 'GET' | 'POST', url: string, key: string, payload?: object) =>
    app.inject({ method, url: `/api/v1${url}`, headers: bearer(key), ...(payload ? { payload } : {}) });
  const track = (batch: object[]) =>
    app.inject({ method: 'POST', url: '/v1/batch', headers: auth, payload: { batch } });
  /** The account's decayed score at one instant, so two reads compare exactly. */
  const accountScore = async (at: Date) => {
    const row = await sql<{ s: number; n: number }>`
      SELECT e.score * power(2::float8, -(date_part('epoch', ${at}::timestamptz) - date_part('epoch', e.as_of))
          / 86400.0 / s.half_life_days) AS s,
        (SELECT count(*)::int FROM activities a WHERE a.workspace_id = e.workspace_id AND a.account_id = e.account_id) AS n
      FROM account_engagement e JOIN signal_settings s ON s.workspace_id = e.workspace_id
      WHERE e.workspace_id = ${ws.workspaceId} AND e.account_id = ${accountId}`.execute(database.db);
    const r = row.rows[0];
    assert.ok(r, 'the account has a score');
    return { score: r.s, activities: r.n };
  };

  before(async () => {
    database = await openTestDatabase();
    app = await buildApp({ database });
    ws = await createTestWorkspace(database, 'Privacy');
    const { key } = await createWriteKey(database.db, { workspaceId: ws.workspaceId, name: 'web' });
    auth = { authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` };

    const account = await api('POST', '/accounts', ws.keys.admin, { name: 'Keepsake Widgets', domain });
    assert.equal(account.statusCode, 201, account.body);
    accountId = account.json().id;
    const contact = await api('POST', '/contacts', ws.keys.admin, {
      email,
      firstName: 'Zebulon',
      lastName: 'Quixotefield',
      phone: '+45 12 34 56 78',
      accountId,
    });
    assert.equal(contact.statusCode, 201, contact.body);
    contactId = contact.json().id;
    const colleague = await api('POST', '/contacts', ws.keys.admin, {
      email: colleagueEmail,
      firstName: 'Marta',
      lastName: 'Keepsake',
      title: 'VP Sales',
      accountId,
    });
    assert.equal(colleague.statusCode, 201, colleague.body);

    const context = { ip: '203.0.113.9', userAgent: 'ZebBrowser/1.0' };
    const accepted = await track([
      {
        type: 'identify',
        userId: 'zq-user-1',
        anonymousId: 'zq-anon-1',
        traits: { email, firstName: 'Zebulon', lastName: 'Quixotefield', phone: '+45 12 34 56 78' },
        context,
        messageId: 'p-1',
      },
      {
        type: 'page',
        anonymousId: 'zq-anon-1',
        properties: { url: 'https://x.example/pricing' },
        context,
        messageId: 'p-2',
      },
      {
        type: 'track',
        userId: 'zq-user-1',
        event: 'Demo Requested',
        properties: { email, note: 'call Zebulon Quixotefield back' },
        context,
        messageId: 'p-3',
      },
      {
        type: 'track',
        anonymousId: 'someone-else',
        event: 'Webinar Attended',
        properties: { attendee: 'Zebulon Quixotefield' },
        messageId: 'p-4',
      },
      { type: 'identify', userId: 'marta-1', traits: { email: colleagueEmail }, messageId: 'p-5' },
      {
        type: 'track',
        userId: 'marta-1',
        event: 'Demo Requested',
        properties: { cc: email },
        messageId: 'p-6',
      },
    ]);
    assert.equal(accepted.statusCode, 200, accepted.body);
    await drainInbound(database.db, ws.workspaceId);
    const pixel = await openPixelUrl(database.db, 'http://local', {
      workspaceId: ws.workspaceId,
      contactId,
      messageId: 'mail-1',
      sentAt: new Date(Date.now() - 3_600_000),
    });
    const open = await app.inject({
      method: 'GET',
      url: pixel.replace('http://local', ''),
      headers: { 'user-agent': 'Mozilla/5.0 ZebMail' },
    });
    assert.equal(open.statusCode, 200);
    for (const body of [`Lunch with Zebulon; his mail is ${email}`, 'Marta is the champion']) {
      assert.equal(
        (await api('POST', `/accounts/${accountId}/notes`, ws.keys.sales, { body })).statusCode,
        201,
      );
    }
    await database.db
      .insertInto('match_decisions')
      .values({
        workspace_id: ws.workspaceId,
        lead_key: `email:${email}`,
        decision: 'reject',
        decided_by: 'user:x',
      })
      .execute();
    await database.db
      .insertInto('imports')
      .values({
        workspace_id: ws.workspaceId,
        kind: 'contacts',
        status: 'done',
        rejects_csv: `Email,_row,_reason\n${email},2,bad\n${colleagueEmail},3,bad\n`,
      })
      .execute();
    await database.db
      .insertInto('inbound_failures')
      .values({
        workspace_id: ws.workspaceId,
        id: 9_000_001,
        position: 0,
        message_id: 'f-1',
        payload: JSON.stringify({ userId: 'zq-user-1', traits: { email } }),
        received_at: new Date(),
        error: 'kept failing',
      })
      .execute();
    await database.db
      .insertInto('saved_views')
      .values({
        workspace_id: ws.workspaceId,
        owner: ws.userIds.admin,
        page: 'contacts',
        name: 'Zebulon Quixotefield follow-up',
        filters: { q: email },
      })
      .execute();
    // Accepted but not processed yet: one event of the person, one of someone else.
    const queued = await track([
      { type: 'track', anonymousId: 'zq-anon-1', event: 'Pricing Viewed', messageId: 'q-1' },
      { type: 'track', anonymousId: 'another-visitor', event: 'Pricing Viewed', messageId: 'q-2' },
    ]);
    assert.equal(queued.statusCode, 200);
  });
  after(async () => {
    await app.close();
    await database.close();
  });

  test('the export lists the contact, identities, activities, e-mail events, notes and audit entries', async () => {
    const res = await api(
      'GET',
      `/privacy/people/export?email=${encodeURIComponent(email.toUpperCase())}`,
      ws.keys.admin,
    );
    assert.equal(res.statusCode, 200, res.body);
    const out = res.json();
    assert.equal(out.contact.id, contactId);
    assert.equal(out.suppressed, false);
    assert.deepEqual(
      out.identities.anonymousIds.map((i: { anonymousId: string }) => i.anonymousId),
      ['zq-anon-1'],
    );
    assert.deepEqual(
      out.identities.userIds.map((i: { userId: string }) => i.userId),
      ['zq-user-1'],
    );
    const messages = out.activities.map((a: { messageId: string }) => a.messageId).sort();
    assert.deepEqual(messages, ['p-1', 'p-2', 'p-3', 'p-4', 'p-6']);
    assert.equal(out.emailEvents.length, 1);
    assert.equal(out.emailEvents[0].type, 'email_open');
    assert.equal(out.notes.length, 1);
    assert.ok(out.auditEntries.some((e: { action: string }) => e.action === 'contact.create'));
    const byId = await api('GET', `/privacy/people/export?contactId=${contactId}`, ws.keys.admin);
    assert.equal(byId.json().contact.email, email);
  });

  test('only admins; bad input is a 400 naming the field; an unknown contact is a 404', async () => {
    assert.equal((await api('POST', '/privacy/erasures', ws.keys.marketer, { email })).statusCode, 403);
    assert.equal((await api('GET', `/privacy/people/export?email=${email}`, ws.keys.sales)).statusCode, 403);
    const neither = await api('POST', '/privacy/erasures', ws.keys.admin, {});
    assert.equal(neither.statusCode, 400);
    assert.equal(neither.json().errors[0].path, 'body.contactId');
    const both = await api('POST', '/privacy/erasures', ws.keys.admin, { email, contactId });
    assert.equal(both.statusCode, 400);
    const badEmail = await api('POST', '/privacy/erasures', ws.keys.admin, { email: 'not-an-email' });
    assert.equal(badEmail.statusCode, 400);
    assert.equal(badEmail.json().errors[0].path, 'body.email');
    const badQuery = await api('GET', '/privacy/people/export?contactId=nope', ws.keys.admin);
    assert.equal(badQuery.statusCode, 400);
    assert.equal(badQuery.json().errors[0].path, 'querystring.contactId');
    const unknown = await api('POST', '/privacy/erasures', ws.keys.admin, {
      contactId: '00000000-0000-4000-8000-000000000000',
    });
    assert.equal(unknown.statusCode, 404);
  });

  test('erasure leaves no trace of the person, keeps the account score, and suppresses them', async () => {
    const at = new Date(Date.now() + 60_000);
    const before = await accountScore(at);
    assert.ok(before.score > 0);
    const dumpBefore = await dumpWorkspace(database, ws.workspaceId);
    for (const needle of [email, 'zebulon', 'quixotefield', 'zq-anon-1', '203.0.113.9', 'zebbrowser']) {
      assert.ok(dumpBefore.includes(needle), `the fixture holds ${needle}`);
    }

    const res = await api('POST', '/privacy/erasures', ws.keys.admin, { email });
    assert.equal(res.statusCode, 200, res.body);
    const result = res.json();
    assert.equal(result.contactId, contactId);
    assert.equal(result.suppressed, 2, 'the e-mail and the user id');
    const erased = result.erased;
    assert.equal(erased.contacts, 1);
    assert.equal(erased.anonymous_ids, 1);
    assert.equal(erased.identity_user_ids, 1);
    assert.equal(
      erased.activities,
      6,
      'five tracked (one of them the colleague’s mention) and one e-mail open',
    );
    assert.equal(erased.inbound_batches, 1);
    assert.equal(erased.inbound_failures, 1);
    assert.equal(erased.match_decisions, 1);
    assert.equal(erased.notes, 1);
    assert.equal(erased.imports, 1);
    assert.equal(erased.saved_views, 1);
    assert.ok(erased.audit_log >= 1);

    const dump = await dumpWorkspace(database, ws.workspaceId);
    for (const needle of [
      email,
      'zebulon',
      'quixotefield',
      'zebulon quixotefield',
      'zq-anon-1',
      'zq-user-1',
      '12 34 56 78',
      '203.0.113.9',
      'zebbrowser',
      'zebmail',
    ]) {
      assert.ok(
        !dump.includes(needle),
        `no ${needle} left: ${dump.split('\n').find((l) => l.includes(needle))}`,
      );
    }
    assert.ok(dump.includes(colleagueEmail), 'the colleague is untouched');
    assert.ok(dump.includes('marta is the champion'));
    assert.ok(
      dump.includes('lunch with [erased]; his mail is [erased]'),
      'the note stays, without the person',
    );

    const audit = await database.db
      .selectFrom('audit_log')
      .select(['action', 'changes'])
      .where('workspace_id', '=', ws.workspaceId)
      .where('object_type', '=', 'contact')
      .where('object_id', '=', contactId)
      .orderBy('id')
      .execute();
    assert.deepEqual(
      audit.map((a) => a.action),
      ['contact.create', 'person.erase'],
      'audit entries are kept',
    );
    assert.deepEqual(audit[0]?.changes.email, { old: null, new: '[erased]' }, 'values erased, entry kept');
    assert.deepEqual(audit[0]?.changes.lastName, { old: null, new: '[erased]' });

    // Account score: the person had no seniority, so their activities weigh the same anonymous.
    const afterErasure = await accountScore(at);
    assert.equal(afterErasure.activities, before.activities, 'the account keeps every activity');
    assert.ok(
      Math.abs(afterErasure.score - before.score) <= 1e-9 * before.score,
      `${afterErasure.score} vs ${before.score}`,
    );
    await recomputeWorkspace(database.db, ws.workspaceId);
    const recomputed = await accountScore(at);
    assert.ok(Math.abs(recomputed.score - before.score) <= 1e-9 * before.score, 'a full recompute agrees');
    const personas = await database.db
      .selectFrom('contact_engagement')
      .select('contact_id')
      .where('workspace_id', '=', ws.workspaceId)
      .where('contact_id', '=', contactId)
      .execute();
    assert.equal(personas.length, 0, 'no contact score is left');

    // The queue's other event is still processed; the person's is gone.
    await drainInbound(database.db, ws.workspaceId);
    const queuedLeft = await database.db
      .selectFrom('activities')
      .select('message_id')
      .where('workspace_id', '=', ws.workspaceId)
      .where('message_id', 'in', ['q-1', 'q-2'])
      .execute();
    assert.deepEqual(
      queuedLeft.map((r) => r.message_id),
      ['q-2'],
    );

    const exported = (
      await api('GET', `/privacy/people/export?email=${encodeURIComponent(email)}`, ws.keys.admin)
    ).json();
    assert.equal(exported.contact, null);
    assert.equal(exported.suppressed, true);
    assert.equal(exported.activities.length, 0);
    assert.equal(exported.notes.length, 0);
  });

  test('a suppressed e-mail is not imported, created or identified again', async () => {
    const created = await api('POST', '/contacts', ws.keys.admin, {
      email: email.toUpperCase(),
      firstName: 'Zebulon',
    });
    assert.equal(created.statusCode, 409);
    assert.equal(created.json().errors[0].path, 'body.email');
    assert.equal(created.json().errors[0].message, SUPPRESSED_REASON);

    const bulk = await api('POST', '/contacts/bulk', ws.keys.marketer, {
      records: [{ email, firstName: 'Zebulon' }],
    });
    assert.equal(bulk.statusCode, 422);
    assert.equal(bulk.json().errors[0].path, 'body.records.0.email');
    assert.equal(bulk.json().errors[0].message, SUPPRESSED_REASON);

    const csv = [
      Buffer.from(
        `Email,First Name,Last Name\n${email},Zebulon,Quixotefield\nnew.person@${domain},New,Person\n`,
      ),
    ];
    const summary = await importCsv(database.db, systemContext(ws.workspaceId), csv, {
      kind: 'contacts',
      fileName: 'again.csv',
    });
    assert.equal(summary.inserted, 1);
    assert.equal(summary.rejected, 1, 'the erased person is skipped and reported');
    const stored = await database.db
      .selectFrom('imports')
      .select('rejects_csv')
      .where('workspace_id', '=', ws.workspaceId)
      .where('id', '=', summary.importId)
      .executeTakeFirstOrThrow();
    assert.match(stored.rejects_csv ?? '', /erased person/);

    const activity = await api('POST', '/activities', ws.keys.marketer, {
      type: 'meeting',
      occurredAt: new Date().toISOString(),
      contactEmail: email,
    });
    assert.equal(activity.statusCode, 201, activity.body);

    const identify = await track([
      {
        type: 'identify',
        userId: 'zq-user-2',
        anonymousId: 'zq-anon-2',
        traits: { email: email.toUpperCase(), firstName: 'Zebulon' },
        messageId: 'r-1',
      },
      { type: 'identify', userId: 'zq-user-1', traits: { firstName: 'Zebulon' }, messageId: 'r-2' },
      { type: 'track', userId: 'zq-user-2', event: 'Pricing Viewed', messageId: 'r-3' },
    ]);
    assert.equal(identify.statusCode, 200);
    await drainInbound(database.db, ws.workspaceId);
    const contacts = await database.db
      .selectFrom('contacts')
      .select(['email', 'first_name'])
      .where('workspace_id', '=', ws.workspaceId)
      .execute();
    assert.deepEqual(contacts.map((c) => c.email).sort(), [colleagueEmail, `new.person@${domain}`]);
    const dump = await dumpWorkspace(database, ws.workspaceId);
    for (const needle of [email, 'zebulon', 'quixotefield', 'zq-user-1']) {
      assert.ok(!dump.includes(needle), `no ${needle}: ${dump.split('\n').find((l) => l.includes(needle))}`);
    }
  });
});
