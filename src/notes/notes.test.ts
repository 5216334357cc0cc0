import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { useTestApp } from '../test/test-app.ts';

describe('notes API', () => {
  const t = useTestApp();
  const call = t.call.bind(t);

  test('sales write notes; only the author or an admin edits or deletes them; audited', async () => {
    const acc = (await call('POST', '/accounts', t.ws.keys.admin, { name: 'Noted' })).json();
    const created = await call('POST', `/accounts/${acc.id}/notes`, t.ws.keys.sales, { body: 'Met the CFO' });
    assert.equal(created.statusCode, 201, created.body);
    const note = created.json();
    assert.equal(note.authorId, t.ws.userIds.sales);
    const list = (await call('GET', `/accounts/${acc.id}/notes`, t.ws.keys.marketer)).json();
    assert.deepEqual(
      list.data.map((n: { body: string }) => n.body),
      ['Met the CFO'],
    );
    assert.equal(
      (await call('PATCH', `/notes/${note.id}`, t.ws.keys.marketer, { body: 'x' })).statusCode,
      403,
    );
    const edited = await call('PATCH', `/notes/${note.id}`, t.ws.keys.sales, { body: 'Met the CFO and CIO' });
    assert.equal(edited.statusCode, 200);
    assert.equal(edited.json().body, 'Met the CFO and CIO');
    assert.equal((await call('DELETE', `/notes/${note.id}`, t.ws.keys.marketer)).statusCode, 403);
    assert.equal((await call('DELETE', `/notes/${note.id}`, t.ws.keys.admin)).statusCode, 204);
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'changes'])
      .where('workspace_id', '=', t.ws.workspaceId)
      .where('object_id', '=', note.id)
      .orderBy('id')
      .execute();
    assert.deepEqual(
      audit.map((a) => a.action),
      ['note.create', 'note.update', 'note.delete'],
    );
    assert.deepEqual(audit[1]?.changes.body, { old: 'Met the CFO', new: 'Met the CFO and CIO' });
  });

  test("another workspace's account or note is a 404; bad input is a 400", async () => {
    const other = await t.workspace();
    const acc = (await call('POST', '/accounts', other.keys.admin, { name: 'Hidden' })).json();
    const note = (
      await call('POST', `/accounts/${acc.id}/notes`, other.keys.admin, { body: 'secret' })
    ).json();
    assert.equal((await call('GET', `/accounts/${acc.id}/notes`, t.ws.keys.admin)).statusCode, 404);
    assert.equal(
      (await call('POST', `/accounts/${acc.id}/notes`, t.ws.keys.admin, { body: 'x' })).statusCode,
      404,
    );
    assert.equal((await call('PATCH', `/notes/${note.id}`, t.ws.keys.admin, { body: 'x' })).statusCode, 404);
    assert.equal((await call('DELETE', `/notes/${note.id}`, t.ws.keys.admin)).statusCode, 404);
    const mine = (await call('POST', '/accounts', t.ws.keys.admin, { name: 'Mine' })).json();
    const empty = await call('POST', `/accounts/${mine.id}/notes`, t.ws.keys.admin, { body: '   ' });
    assert.equal(empty.statusCode, 400);
    assert.equal(empty.json().errors[0].path, 'body.body');
    const extra = await call('POST', `/accounts/${mine.id}/notes`, t.ws.keys.admin, {
      body: 'x',
      pinned: true,
    });
    assert.equal(extra.statusCode, 400);
  });
});
