import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { useTestApp } from '../test/test-app.ts';
import { bearer } from '../test/test-database.ts';
import { listSegmentMembers } from './list-segment-members.ts';

const recent = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();

describe('segments API', () => {
  const t = useTestApp();
  const call = t.call.bind(t);

  test('a dynamic segment: create, members, entries on new activity without a rebuild, explain, history, events, roles', async () => {
    const key = t.ws.keys.marketer;
    const nordic = (
      await call('POST', '/accounts', key, { name: 'Nordlys', country: 'NO', isTarget: true, tier: 1 })
    ).json();
    const other = (
      await call('POST', '/accounts', key, { name: 'Southwind', country: 'ES', isTarget: true, tier: 1 })
    ).json();
    const rule = {
      type: 'and',
      rules: [
        { type: 'field', field: 'country', op: 'in', value: ['DK', 'NO', 'SE', 'FI', 'IS'] },
        { type: 'activity', urlPattern: '/pricing', window: { lastDays: 14 } },
      ],
    };
    assert.equal(
      (await call('POST', '/segments', t.ws.keys.sales, { name: 'Nope', kind: 'account', rule })).statusCode,
      403,
    );
    const created = await call('POST', '/segments', key, { name: 'Nordic pricing', kind: 'account', rule });
    assert.equal(created.statusCode, 201, created.body);
    const segment = created.json();
    assert.equal(segment.memberCount, 0);
    assert.equal(
      (await call('POST', '/segments', key, { name: 'nordic PRICING', kind: 'account', rule })).statusCode,
      409,
    );

    // An activity arrives: the account enters at once (no rebuild), with an outbox event.
    const act = await call('POST', '/activities/batch', key, {
      activities: [
        {
          type: 'page_view',
          occurredAt: recent(2),
          accountId: nordic.id,
          properties: { url: 'https://x/pricing' },
        },
        {
          type: 'page_view',
          occurredAt: recent(2),
          accountId: other.id,
          properties: { url: 'https://x/pricing' },
        },
      ],
    });
    assert.equal(act.statusCode, 200, act.body);
    const members = (await call('GET', `/segments/${segment.id}/members`, t.ws.keys.sales)).json();
    assert.deepEqual(
      members.data.map((m: { name: string; entryReason: string }) => [m.name, m.entryReason]),
      [['Nordlys', 'activities']],
    );
    const events = (await call('GET', '/signals/events?type=segment_entered', t.ws.keys.admin)).json();
    const entered = (events.data ?? events).filter(
      (e: { payload: { segmentId: string } }) => e.payload.segmentId === segment.id,
    );
    assert.equal(entered.length, 1);
    assert.equal(entered[0].accountId, nordic.id);

    // A field write moves it out (reason: accounts), with an exit event.
    await call('PATCH', `/accounts/${nordic.id}`, key, { country: 'DE' });
    assert.equal((await call('GET', `/segments/${segment.id}`, t.ws.keys.sales)).json().memberCount, 0);
    await call('PATCH', `/accounts/${nordic.id}`, key, { country: 'NO' });

    // Explain: each node, for a member and a non-member.
    const why = (await call('GET', `/segments/${segment.id}/explain/${other.id}`, t.ws.keys.sales)).json();
    assert.equal(why.holds, false);
    assert.deepEqual(
      why.children.map((c: { type: string; holds: boolean }) => [c.type, c.holds]),
      [
        ['field', false],
        ['activity', true],
      ],
    );
    assert.equal(
      (await call('GET', `/segments/${segment.id}/explain/${nordic.id}`, t.ws.keys.sales)).json().holds,
      true,
    );

    // History per day: today 1 member, entered twice, exited once.
    const history = (await call('GET', `/segments/${segment.id}/history`, t.ws.keys.sales)).json().data;
    assert.equal(history.length, 30);
    assert.deepEqual(history.at(-1), {
      day: new Date().toISOString().slice(0, 10),
      members: 1,
      entered: 2,
      exited: 1,
    });
    assert.deepEqual(
      (await call('GET', `/segments/memberships?memberId=${nordic.id}`, t.ws.keys.sales))
        .json()
        .data.map((m: { exitReason: string | null }) => m.exitReason),
      [null, 'accounts'],
    );

    // The accounts list filters by segment.
    const listed = (await call('GET', `/accounts?segment=${segment.id}`, t.ws.keys.sales)).json();
    assert.deepEqual(
      listed.data.map((a: { name: string }) => a.name),
      ['Nordlys'],
    );
    assert.equal((await call('GET', '/accounts?segment=nope', t.ws.keys.sales)).statusCode, 400);

    // A rule edit rebuilds; the sales role cannot edit.
    assert.equal(
      (await call('PATCH', `/segments/${segment.id}`, t.ws.keys.sales, { name: 'x' })).statusCode,
      403,
    );
    const widened = await call('PATCH', `/segments/${segment.id}`, key, {
      rule: { type: 'activity', urlPattern: '/pricing', window: { lastDays: 14 } },
    });
    assert.equal(widened.statusCode, 200, widened.body);
    assert.equal(widened.json().memberCount, 2);
    const rebuilt = (await call('POST', `/segments/${segment.id}/rebuild`, key)).json();
    assert.deepEqual(rebuilt, { entered: 0, exited: 0, memberCount: 2 });

    // CSV export of the members.
    const csv = await call('GET', `/segments/${segment.id}/members?format=csv`, t.ws.keys.sales);
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-type']), /text\/csv/);
    assert.equal(csv.body.trim().split('\n').length, 3);
    assert.match(csv.body, /^id,name,domain,account_id,entered_at,entry_reason/);
  });

  test('static lists: add and remove by id, upload a CSV; segments that refer to them follow; pages of members', async () => {
    const key = t.ws.keys.marketer;
    const a = (await call('POST', '/accounts', key, { name: 'Static A', domain: 'static-a.com' })).json();
    const b = (await call('POST', '/accounts', key, { name: 'Static B', domain: 'static-b.com' })).json();
    const list = (
      await call('POST', '/segments', key, { name: 'Event list', kind: 'account', type: 'static' })
    ).json();
    const watcher = (
      await call('POST', '/segments', key, {
        name: 'Event list without a deal',
        kind: 'account',
        rule: {
          type: 'and',
          rules: [
            { type: 'inSegment', segmentId: list.id },
            { type: 'not', rule: { type: 'opportunity', state: 'open' } },
          ],
        },
      })
    ).json();
    const added = (
      await call('POST', `/segments/${list.id}/members`, key, {
        add: [a.id, '00000000-0000-4000-8000-000000000000'],
      })
    ).json();
    assert.deepEqual(added, { added: 1, removed: 0, unknown: ['00000000-0000-4000-8000-000000000000'] });
    assert.equal((await call('GET', `/segments/${watcher.id}`, key)).json().memberCount, 1);
    const upload = await t.inject({
      method: 'POST',
      url: `/api/v1/segments/${list.id}/members/csv`,
      headers: { ...bearer(key), 'content-type': 'text/csv' },
      payload: 'Domain,Note\nstatic-b.com,met at booth\nunknown-domain.com,x\n',
    });
    assert.equal(upload.statusCode, 200, upload.body);
    assert.deepEqual(upload.json(), { added: 1, removed: 0, unknown: [], unmatchedRows: [2] });
    const page1 = await listSegmentMembers(t.database.db, t.ws.workspaceId, list.id, { limit: 1 });
    assert.equal(page1.data.length, 1);
    assert.ok(page1.next);
    const page2 = await listSegmentMembers(t.database.db, t.ws.workspaceId, list.id, {
      limit: 1,
      after: page1.next,
    });
    assert.equal(page2.data.length, 1);
    assert.equal(page2.next, null);
    assert.deepEqual([...page1.data, ...page2.data].map((m) => m.name).sort(), ['Static A', 'Static B']);
    await call('POST', `/segments/${list.id}/members`, key, { remove: [a.id] });
    assert.equal((await call('GET', `/segments/${watcher.id}`, key)).json().memberCount, 1);
    // Static and dynamic mistakes.
    assert.equal(
      (await call('POST', `/segments/${watcher.id}/members`, key, { add: [a.id] })).statusCode,
      400,
    );
    const bad = await call('POST', '/segments', key, {
      name: 'x',
      kind: 'account',
      type: 'static',
      rule: { type: 'opportunity', state: 'open' },
    });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().errors[0].path, 'body.rule');
    // A segment in use cannot be deleted; a self-reference is refused.
    assert.equal((await call('DELETE', `/segments/${list.id}`, key)).statusCode, 409);
    const loop = await call('PATCH', `/segments/${watcher.id}`, key, {
      rule: { type: 'inSegment', segmentId: watcher.id },
    });
    assert.equal(loop.statusCode, 400);
    assert.equal(loop.json().errors[0].path, 'body.rule');
    assert.equal((await call('DELETE', `/segments/${watcher.id}`, key)).statusCode, 204);
    assert.equal((await call('DELETE', `/segments/${list.id}`, key)).statusCode, 204);
    assert.ok(b.id);
  });

  test('a saved view becomes a segment; people segments over accounts', async () => {
    const key = t.ws.keys.marketer;
    const acc = (
      await call('POST', '/accounts', key, { name: 'Viewed', country: 'IS', employeeCount: 300 })
    ).json();
    await call('POST', '/contacts', key, {
      firstName: 'Anna',
      title: 'CFO',
      accountId: acc.id,
      email: 'anna@viewed.example',
    });
    const view = (
      await call('POST', '/saved-views', key, {
        page: 'accounts',
        name: 'Icelandic mid-size',
        filters: { country: 'IS', 'employeeCount.gte': '200' },
      })
    ).json();
    const fromView = await call('POST', '/segments/from-view', key, { viewId: view.id });
    assert.equal(fromView.statusCode, 201, fromView.body);
    assert.equal(fromView.json().memberCount, 1);
    assert.equal(fromView.json().sourceViewId, view.id);
    const people = await call('POST', '/segments', key, {
      name: 'Finance at Icelandic mid-size',
      kind: 'contact',
      rule: {
        type: 'and',
        rules: [
          { type: 'accountInSegment', segmentId: fromView.json().id },
          { type: 'contactField', field: 'jobFunction', op: 'eq', value: 'finance' },
        ],
      },
    });
    assert.equal(people.statusCode, 201, people.body);
    assert.equal(people.json().memberCount, 1);
    const badView = (
      await call('POST', '/saved-views', key, {
        page: 'accounts',
        name: 'Odd',
        filters: { 'website.contains': 'x' },
      })
    ).json();
    const refused = await call('POST', '/segments/from-view', key, { viewId: badView.id });
    assert.equal(refused.statusCode, 400);
    assert.equal(refused.json().errors[0].path, 'filters.website.contains');
  });

  test("another workspace's segments are invisible and its records never become members", async () => {
    const other = await t.workspace('Isolated');
    const theirs = (
      await call('POST', '/accounts', other.keys.admin, { name: 'Theirs', country: 'DK' })
    ).json();
    const mine = (
      await call('POST', '/segments', t.ws.keys.marketer, {
        name: 'Danes',
        kind: 'account',
        rule: { type: 'field', field: 'country', op: 'eq', value: 'DK' },
      })
    ).json();
    const theirSegment = (
      await call('POST', '/segments', other.keys.admin, {
        name: 'Danes',
        kind: 'account',
        rule: { type: 'field', field: 'country', op: 'eq', value: 'DK' },
      })
    ).json();
    assert.equal(theirSegment.memberCount, 1);
    assert.equal((await call('GET', `/segments/${mine.id}`, t.ws.keys.marketer)).json().memberCount, 0);
    assert.equal((await call('GET', `/segments/${theirSegment.id}`, t.ws.keys.admin)).statusCode, 404);
    assert.equal(
      (await call('GET', `/segments/${theirSegment.id}/members`, t.ws.keys.admin)).statusCode,
      404,
    );
    assert.equal((await call('DELETE', `/segments/${theirSegment.id}`, t.ws.keys.admin)).statusCode, 404);
    const refer = await call('POST', '/segments', t.ws.keys.admin, {
      name: 'Sneaky',
      kind: 'account',
      rule: { type: 'inSegment', segmentId: theirSegment.id },
    });
    assert.equal(refer.statusCode, 400);
    assert.equal(refer.json().errors[0].path, 'body.rule.segmentId');
    const list = (
      await call('POST', '/segments', t.ws.keys.admin, {
        name: 'Mine static',
        kind: 'account',
        type: 'static',
      })
    ).json();
    const add = (
      await call('POST', `/segments/${list.id}/members`, t.ws.keys.admin, { add: [theirs.id] })
    ).json();
    assert.deepEqual(add, { added: 0, removed: 0, unknown: [theirs.id] });
    const explain = await call('GET', `/segments/${mine.id}/explain/${theirs.id}`, t.ws.keys.admin);
    assert.equal(explain.statusCode, 404);
  });
});
