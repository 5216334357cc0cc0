import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { useTestApp } from '../test/test-app.ts';
import type { TestWorkspace } from '../test/test-database.ts';

describe('activities API', () => {
  let other: TestWorkspace;
  let accountId: string;
  let contactId: string;

  const t = useTestApp();
  before(async () => {
    other = await t.workspace('Other');
    accountId = (
      await t.call('POST', '/accounts', t.ws.keys.admin, { name: 'Acme', domain: 'acme.cn' })
    ).json().id;
    contactId = (await t.call('POST', '/contacts', t.ws.keys.admin, { email: 'li@acme.cn' })).json().id;
  });

  test('one activity: contactEmail resolves the contact and its account', async () => {
    const res = await t.call('POST', '/activities', t.ws.keys.marketer, {
      type: 'email.open',
      occurredAt: '2026-03-01T10:00:00Z',
      contactEmail: 'LI@acme.cn',
      messageId: 'm-1',
    });
    assert.equal(res.statusCode, 201, res.body);
    const row = await t.database.db
      .selectFrom('activities')
      .selectAll()
      .where('workspace_id', '=', t.ws.workspaceId)
      .where('id', '=', res.json().id)
      .executeTakeFirstOrThrow();
    assert.equal(row.contact_id, contactId);
    assert.equal(row.account_id, accountId);
    const again = await t.call('POST', '/activities', t.ws.keys.marketer, {
      type: 'email.open',
      occurredAt: '2026-03-01T10:00:00Z',
      messageId: 'm-1',
    });
    assert.equal(again.statusCode, 200);
    assert.deepEqual(again.json(), { id: null, duplicate: true });
  });

  test('a batch reports duplicates (stored and repeated) without losing the others', async () => {
    const activities = [
      { type: 'page_view', occurredAt: '2026-03-02T10:00:00Z', accountId, messageId: 'b-1' },
      { type: 'page_view', occurredAt: '2026-03-02T10:01:00Z', accountId, messageId: 'm-1' },
      { type: 'page_view', occurredAt: '2026-03-02T10:02:00Z', accountId, messageId: 'b-1' },
      { type: 'form.submit', occurredAt: '2026-03-02T10:03:00Z', contactId },
      { type: 'page_view', occurredAt: '2026-03-02T10:04:00Z', contactEmail: 'unknown@else.where' },
    ];
    const res = await t.call('POST', '/activities/batch', t.ws.keys.marketer, { activities });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.equal(body.inserted, 3);
    assert.deepEqual(
      body.duplicates.map((d: { index: number }) => d.index),
      [1, 2],
    );
    assert.equal(body.ids[1], null);
    const form = await t.database.db
      .selectFrom('activities')
      .select(['account_id', 'properties'])
      .where('workspace_id', '=', t.ws.workspaceId)
      .where('id', 'in', [body.ids[3], body.ids[4]])
      .orderBy('id')
      .execute();
    assert.equal(form[0]?.account_id, accountId, "the contact's account fills accountId");
    assert.equal(form[1]?.properties.contactEmail, 'unknown@else.where');
  });

  test('a bad batch writes nothing and names body.activities.N.field', async () => {
    const before = await countActivities();
    const invalid = await t.call('POST', '/activities/batch', t.ws.keys.marketer, {
      activities: [
        { type: 'ok', occurredAt: '2026-03-03T10:00:00Z' },
        { type: 'ok', occurredAt: 'yesterday' },
      ],
    });
    assert.equal(invalid.statusCode, 400);
    assert.equal(invalid.json().errors[0].path, 'body.activities.1.occurredAt');
    const foreignAccount = (await t.call('POST', '/accounts', other.keys.admin, { name: 'F' })).json().id;
    const unknown = await t.call('POST', '/activities/batch', t.ws.keys.marketer, {
      activities: [
        { type: 'ok', occurredAt: '2026-03-03T10:00:00Z' },
        { type: 'ok', occurredAt: '2026-03-03T10:00:00Z', accountId: foreignAccount },
      ],
    });
    assert.equal(unknown.statusCode, 422);
    assert.equal(unknown.json().errors[0].path, 'body.activities.1.accountId');
    const tooMany = await t.call('POST', '/activities/batch', t.ws.keys.marketer, {
      activities: Array.from({ length: 1001 }, () => ({ type: 'x', occurredAt: '2026-03-03T10:00:00Z' })),
    });
    assert.equal(tooMany.statusCode, 400);
    assert.equal(await countActivities(), before);
  });

  test('the list is newest first with keyset pages and filters; sales read, cannot write', async () => {
    const activities = Array.from({ length: 9 }, (_, i) => ({
      type: i % 2 ? 'ad.click' : 'webinar.attend',
      // Three activities share each timestamp, so the id breaks the ties.
      occurredAt: `2026-04-0${1 + Math.floor(i / 3)}T08:00:00Z`,
      accountId,
    }));
    const res = await t.call('POST', '/activities/batch', t.ws.keys.admin, { activities });
    assert.equal(res.statusCode, 200, res.body);
    const seen: { id: number; occurredAt: string }[] = [];
    let cursor: string | null = null;
    do {
      const page = await t.call(
        'GET',
        `/activities?accountId=${accountId}&since=2026-04-01T00:00:00Z&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        t.ws.keys.sales,
      );
      assert.equal(page.statusCode, 200, page.body);
      seen.push(...page.json().data);
      cursor = page.json().nextCursor;
    } while (cursor);
    assert.equal(seen.length, 9);
    const sorted = [...seen].sort((a, b) => b.occurredAt.localeCompare(a.occurredAt) || b.id - a.id);
    assert.deepEqual(seen, sorted);
    const clicks = (
      await t.call('GET', `/activities?type=ad.click&accountId=${accountId}`, t.ws.keys.sales)
    ).json();
    assert.equal(clicks.data.length, 4);
    const foreign = (await t.call('GET', '/activities', other.keys.admin)).json();
    assert.equal(foreign.data.length, 0);
    const denied = await t.call('POST', '/activities', t.ws.keys.sales, {
      type: 'x',
      occurredAt: '2026-03-03T10:00:00Z',
    });
    assert.equal(denied.statusCode, 403);
    assert.equal((await t.call('GET', '/activities?cursor=bogus', t.ws.keys.sales)).statusCode, 400);
    assert.equal((await t.call('GET', '/activities?limit=100000', t.ws.keys.sales)).statusCode, 400);
  });

  async function countActivities(): Promise<number> {
    const row = await t.database.db
      .selectFrom('activities')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('workspace_id', '=', t.ws.workspaceId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  test('deleting a workspace deletes its activities, and only its', async () => {
    const gone = await t.workspace('Gone');
    const other = await t.workspace('Kept');
    for (const w of [gone, other]) {
      const res = await t.call('POST', '/activities', w.keys.marketer, {
        type: 'page_view',
        occurredAt: '2026-03-03T10:00:00Z',
        messageId: 'delete-1',
      });
      assert.equal(res.statusCode, 201, res.body);
    }
    await t.database.db.deleteFrom('workspaces').where('id', '=', gone.workspaceId).execute();
    const left = async (workspaceId: string) =>
      (
        await t.database.db
          .selectFrom('activities')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('workspace_id', '=', workspaceId)
          .executeTakeFirstOrThrow()
      ).n;
    assert.equal(await left(gone.workspaceId), 0);
    assert.equal(await left(other.workspaceId), 1);
  });
});
