import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { useTestApp } from '../test/test-app.ts';

describe('content API: assets', () => {
  const t = useTestApp();
  const call = t.call.bind(t);

  test('marketers add and change assets (each change a version); sales read; filters by tag', async () => {
    const persona = await t.database.db
      .insertInto('personas')
      .values({ workspace_id: t.ws.workspaceId, name: 'Finance Leader', committee_role: 'budget_holder' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const created = await call('POST', '/content/assets', t.ws.keys.marketer, {
      kind: 'email',
      title: 'Cost of doing nothing',
      body: 'Your close takes 12 days…',
      personaIds: [persona.id],
      functions: ['finance'],
      buyingStages: ['problem'],
      industries: ['Manufacturing'],
    });
    assert.equal(created.statusCode, 201, created.body);
    const asset = created.json();
    assert.equal(asset.version, 1);
    assert.equal(asset.ownerId, t.ws.userIds.marketer);
    await call('POST', '/content/assets', t.ws.keys.admin, {
      kind: 'document',
      title: 'ROI calculator',
      url: 'https://example.com/roi.xlsx',
      buyingStages: ['choice'],
    });
    const changed = await call('PATCH', `/content/assets/${asset.id}`, t.ws.keys.marketer, {
      title: 'The cost of waiting',
      version: 1,
    });
    assert.equal(changed.statusCode, 200, changed.body);
    assert.equal(changed.json().version, 2);
    const stale = await call('PATCH', `/content/assets/${asset.id}`, t.ws.keys.marketer, {
      title: 'x',
      version: 1,
    });
    assert.equal(stale.statusCode, 409);
    const versions = (await call('GET', `/content/assets/${asset.id}/versions`, t.ws.keys.sales)).json().data;
    assert.deepEqual(
      versions.map((v: { version: number; snapshot: { title: string } }) => [v.version, v.snapshot.title]),
      [
        [2, 'The cost of waiting'],
        [1, 'Cost of doing nothing'],
      ],
    );
    const titles = async (qs: string) =>
      (await call('GET', `/content/assets${qs}`, t.ws.keys.sales))
        .json()
        .data.map((a: { title: string }) => a.title);
    assert.deepEqual(await titles(`?personaId=${persona.id}`), ['The cost of waiting']);
    assert.deepEqual(await titles('?buyingStage=choice'), ['ROI calculator']);
    assert.deepEqual(await titles('?function=finance&industry=manufacturing'), ['The cost of waiting']);
    assert.deepEqual(await titles('?kind=document'), ['ROI calculator']);
    assert.deepEqual(await titles('?q=waiting'), ['The cost of waiting']);
    assert.equal((await titles('')).length, 2);
    assert.equal(
      (await call('POST', '/content/assets', t.ws.keys.sales, { kind: 'email', title: 'x' })).statusCode,
      403,
    );
    assert.equal((await call('DELETE', `/content/assets/${asset.id}`, t.ws.keys.sales)).statusCode, 403);
  });

  test('bad asset input is a 400 naming the field; another workspace sees nothing', async () => {
    const bad = async (payload: object, path: string) => {
      const res = await call('POST', '/content/assets', t.ws.keys.marketer, payload);
      assert.equal(res.statusCode, 400, res.body);
      assert.equal(res.json().errors[0].path, path);
    };
    await bad({ kind: 'document', title: 'No link' }, 'body.url');
    await bad({ kind: 'poster', title: 'x' }, 'body.kind');
    await bad({ kind: 'email', title: 'x', buyingStages: ['later'] }, 'body.buyingStages.0');
    await bad(
      { kind: 'email', title: 'x', personaIds: ['00000000-0000-4000-8000-000000000000'] },
      'body.personaIds.0',
    );
    await bad({ kind: 'email', title: 'x', url: 'javascript:alert(1)' }, 'body.url');
    const badQuery = await call('GET', '/content/assets?buyingStage=soon', t.ws.keys.sales);
    assert.equal(badQuery.statusCode, 400);
    assert.equal(badQuery.json().errors[0].path, 'querystring.buyingStage');
    const mine = (
      await call('POST', '/content/assets', t.ws.keys.marketer, { kind: 'ad_copy', title: 'Mine' })
    ).json();
    const other = await t.workspace();
    assert.equal((await call('GET', `/content/assets/${mine.id}`, other.keys.admin)).statusCode, 404);
    assert.equal(
      (await call('PATCH', `/content/assets/${mine.id}`, other.keys.admin, { title: 'x' })).statusCode,
      404,
    );
    assert.equal((await call('DELETE', `/content/assets/${mine.id}`, other.keys.admin)).statusCode, 404);
    assert.deepEqual((await call('GET', '/content/assets', other.keys.admin)).json().data, []);
    assert.equal((await call('DELETE', `/content/assets/${mine.id}`, t.ws.keys.marketer)).statusCode, 204);
  });
});
