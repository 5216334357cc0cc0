import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { openPixelUrl, signEmailLink } from '../email-tracking/tracking-token.ts';
import { drainInbound } from '../ingest/drain-inbound.ts';
import { createWriteKey } from '../ingest/write-keys.ts';
import { useTestApp } from '../test/test-app.ts';
import type { TestWorkspace } from '../test/test-database.ts';

describe('entry points', () => {
  // The same person reaches openabm through every door a contact or an activity can come in by; each
  // door must leave the same derived state: function, seniority, personas, account link, an engagement
  // score from their activity, the account's fit row and journey stage.
  const t = useTestApp();

  const EMAIL = 'dana.reyes@northwind-analytics.com';
  const TITLE = 'Chief Financial Officer';
  const ACCOUNT = { name: 'Northwind Analytics', domain: 'northwind-analytics.com', industry: 'Software' };
  /** The workspace's ideal customer profile: software companies. */
  const ICP = { criteria: [{ weight: 50, field: 'industry', op: 'in', values: ['Software'] }] };
  const HUMAN =
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15';
  const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();

  async function ok(response: Promise<{ statusCode: number; body: string }>, status = 200) {
    const res = await response;
    assert.equal(res.statusCode, status, res.body);
    return res;
  }

  function csv(ws: TestWorkspace, kind: string, file: string) {
    return ok(
      t.inject({
        method: 'POST',
        url: `/api/v1/imports/${kind}?fileName=${kind}.csv`,
        headers: { authorization: `Bearer ${ws.keys.marketer}`, 'content-type': 'text/csv' },
        payload: file,
      }),
    );
  }

  /** Send tracking events with a new write key of the workspace and process them. */
  async function track(ws: TestWorkspace, batch: Record<string, unknown>[]) {
    const { key } = await createWriteKey(t.database.db, { workspaceId: ws.workspaceId, name: 'site' });
    await ok(
      t.inject({
        method: 'POST',
        url: '/v1/batch',
        headers: { authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` },
        payload: { batch },
      }),
    );
    await drainInbound(t.database.db, ws.workspaceId);
  }

  const createAccount = (ws: TestWorkspace) => ok(t.call('POST', '/accounts', ws.keys.admin, ACCOUNT), 201);
  const createContact = async (ws: TestWorkspace): Promise<string> => {
    const res = await ok(t.call('POST', '/contacts', ws.keys.admin, { email: EMAIL, title: TITLE }), 201);
    return JSON.parse(res.body).id;
  };
  const pageView = { type: 'page_view', occurredAt: hoursAgo(2), contactEmail: EMAIL };

  /** Each door: what a client does to bring the person (and their activity) in. */
  const doors: { name: string; enter: (ws: TestWorkspace) => Promise<void> }[] = [
    {
      name: 'REST API: POST /contacts and /activities',
      async enter(ws) {
        await createAccount(ws);
        await createContact(ws);
        await ok(t.call('POST', '/activities', ws.keys.marketer, pageView), 201);
      },
    },
    {
      name: 'bulk API: POST /contacts/bulk and /activities/batch',
      async enter(ws) {
        await createAccount(ws);
        await ok(
          t.call('POST', '/contacts/bulk', ws.keys.marketer, {
            key: 'email',
            records: [{ email: EMAIL, title: TITLE }],
          }),
        );
        await ok(t.call('POST', '/activities/batch', ws.keys.marketer, { activities: [pageView] }));
      },
    },
    {
      name: 'CSV import of contacts and activities',
      async enter(ws) {
        await createAccount(ws);
        await csv(ws, 'contacts', `Email,Job Title\n${EMAIL},${TITLE}\n`);
        await csv(ws, 'activities', `Activity Type,Occurred At,Email\npage_view,${hoursAgo(2)},${EMAIL}\n`);
      },
    },
    {
      name: 'tracking: identify with a title, then a page view',
      async enter(ws) {
        await createAccount(ws);
        await track(ws, [
          { type: 'identify', userId: 'u-dana', messageId: 'id-1', traits: { email: EMAIL, title: TITLE } },
          { type: 'page', userId: 'u-dana', messageId: 'page-1', name: 'Pricing', timestamp: hoursAgo(2) },
        ]);
      },
    },
    {
      name: 'tracking: group names a new company (account traits), then a page view',
      async enter(ws) {
        await track(ws, [
          { type: 'identify', userId: 'u-dana', messageId: 'id-1', traits: { email: EMAIL, title: TITLE } },
          { type: 'group', userId: 'u-dana', messageId: 'grp-1', groupId: 'nw-42', traits: ACCOUNT },
          { type: 'page', userId: 'u-dana', messageId: 'page-1', name: 'Pricing', timestamp: hoursAgo(2) },
        ]);
      },
    },
    {
      name: 'e-mail tracking: an open and a click',
      async enter(ws) {
        await createAccount(ws);
        const contactId = await createContact(ws);
        const input = {
          workspaceId: ws.workspaceId,
          contactId,
          messageId: 'mail-1',
          sentAt: new Date(Date.now() - 3_600_000),
        };
        const base = 'https://abm.example.com';
        const open = await openPixelUrl(t.database.db, base, input);
        const click = await signEmailLink(
          t.database.db,
          base,
          input,
          'https://northwind-analytics.com/offer',
        );
        for (const url of [open, click]) {
          const res = await t.inject({
            method: 'GET',
            url: url.slice(base.length),
            headers: { 'user-agent': HUMAN },
          });
          assert.ok(res.statusCode < 400, res.body);
        }
      },
    },
  ];

  /** The derived state of the person in a workspace. */
  async function derivedState(workspaceId: string) {
    const { db } = t.database;
    const contact = await db
      .selectFrom('contacts')
      .select([
        'id',
        'account_id',
        sql<string | null>`job_function::text`.as('job_function'),
        sql<string | null>`seniority::text`.as('seniority'),
      ])
      .where('workspace_id', '=', workspaceId)
      .where('email', '=', EMAIL)
      .executeTakeFirstOrThrow();
    const personas = await db
      .selectFrom('contact_personas as cp')
      .innerJoin('personas as p', (j) =>
        j.onRef('p.id', '=', 'cp.persona_id').onRef('p.workspace_id', '=', 'cp.workspace_id'),
      )
      .select('p.name')
      .where('cp.workspace_id', '=', workspaceId)
      .where('cp.contact_id', '=', contact.id)
      .orderBy('p.name')
      .execute();
    const account = contact.account_id
      ? await db
          .selectFrom('accounts')
          .select('domain')
          .where('workspace_id', '=', workspaceId)
          .where('id', '=', contact.account_id)
          .executeTakeFirst()
      : undefined;
    const accountId = contact.account_id ?? '00000000-0000-0000-0000-000000000000';
    const score = await db
      .selectFrom('contact_engagement')
      .select('score')
      .where('workspace_id', '=', workspaceId)
      .where('contact_id', '=', contact.id)
      .executeTakeFirst();
    const accountScore = await db
      .selectFrom('account_engagement')
      .select('score')
      .where('workspace_id', '=', workspaceId)
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    const stage = await db
      .selectFrom('account_stages')
      .select('stage')
      .where('workspace_id', '=', workspaceId)
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    const fit = await db
      .selectFrom('account_fit')
      .select('rule_score')
      .where('workspace_id', '=', workspaceId)
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    return {
      jobFunction: contact.job_function,
      seniority: contact.seniority,
      personas: personas.map((p) => p.name),
      accountDomain: account?.domain ?? null,
      contactScored: (score?.score ?? 0) > 0,
      accountScored: (accountScore?.score ?? 0) > 0,
      hasStage: stage !== undefined,
      fitRuleScore: fit?.rule_score ?? null,
    };
  }

  test('every door leaves the same derived state: function, seniority, personas, account, scores, fit, stage', async (c) => {
    const states: { door: string; state: Awaited<ReturnType<typeof derivedState>> }[] = [];
    for (const door of doors) {
      await c.test(door.name, async () => {
        const ws = await t.workspace(door.name.slice(0, 20));
        await ok(t.call('PUT', '/fit/icp', ws.keys.admin, ICP));
        await door.enter(ws);
        const state = await derivedState(ws.workspaceId);
        assert.equal(state.jobFunction, 'finance', JSON.stringify(state));
        assert.ok(state.personas.includes('Finance Leader'), JSON.stringify(state));
        assert.equal(state.accountDomain, ACCOUNT.domain);
        assert.ok(state.contactScored && state.accountScored, JSON.stringify(state));
        assert.ok(state.hasStage, 'the account has a journey stage');
        assert.ok((state.fitRuleScore ?? 0) > 0, 'the account has its fit score');
        states.push({ door: door.name, state });
      });
    }
    const [first, ...rest] = states;
    assert.ok(first);
    for (const other of rest) assert.deepEqual(other.state, first.state, `${other.door} vs ${first.door}`);
  });
});
