import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { useTestApp } from '../test/test-app.ts';
import { seedMeasurementWorld } from './measurement-fixture.ts';

describe('report filters: owner and play', () => {
  const t = useTestApp();

  type Figures = Record<string, number | null>;
  type Card = { segments: { segment: string; figures: Figures }[] };

  /**
   * The measurement world (2026-Q1) plus: the sales user owns Alpha and Beta; play "Exec" entered
   * Alpha (active, 01-02) and Gamma (exited, entered 2025-12-01), held Beta out as control, and
   * entered Delta only after the quarter (05-01).
   */
  const seed = async (name: string) => {
    const ws = await t.workspace(name);
    const db = t.database.db;
    const w = ws.workspaceId;
    const world = await seedMeasurementWorld(db, w);
    await db
      .updateTable('accounts')
      .set({ owner_id: ws.userIds.sales })
      .where('workspace_id', '=', w)
      .where('id', 'in', [world.A, world.B])
      .execute();
    const playId = randomUUID();
    await sql`INSERT INTO plays (workspace_id, id, name, status) VALUES (${w}, ${playId}, 'Exec', 'active')`.execute(
      db,
    );
    await sql`INSERT INTO play_versions (workspace_id, play_id, version, definition)
      VALUES (${w}, ${playId}, 1, '{}')`.execute(db);
    const run = (accountId: string, status: string, at: string) =>
      sql`INSERT INTO play_runs (workspace_id, play_id, version, account_id, status, entered_at, reason)
        VALUES (${w}, ${playId}, 1, ${accountId}, ${status}, ${at}::timestamptz, 'entry: api')`.execute(db);
    await run(world.A, 'active', '2026-01-02T00:00:00Z');
    await run(world.B, 'held_out', '2026-01-02T00:00:00Z');
    await run(world.C, 'exited', '2025-12-01T00:00:00Z');
    await run(world.D, 'active', '2026-05-01T00:00:00Z');
    return { ws, world, playId };
  };

  const card = async (key: string, query: string): Promise<(segment: string) => Figures> => {
    const res = await t.call('GET', `/reports/scorecard?period=2026-Q1${query}`, key);
    assert.equal(res.statusCode, 200, res.body);
    const body: Card = res.json();
    return (segment) => {
      const s = body.segments.find((x) => x.segment === segment);
      assert.ok(s, `segment ${segment}`);
      return s.figures;
    };
  };
  const drill = async (key: string, segment: string, figure: string, query: string) => {
    const res = await t.call(
      'GET',
      `/reports/scorecard/drilldown?period=2026-Q1&segment=${segment}&figure=${figure}${query}`,
      key,
    );
    assert.equal(res.statusCode, 200, res.body);
    return (res.json().data as { accountId: string }[]).map((r) => r.accountId).sort();
  };

  test('scorecard and drill-down narrowed by owner, by play, and by both (hand-counted)', async () => {
    const { ws, world, playId } = await seed('Filters');
    const key = ws.keys.sales;
    const { A, B, C, D } = world;

    const plain = await card(key, '');
    assert.equal(plain('all').accounts, 4);
    assert.equal(plain('all').wonRevenue, 30_000);
    assert.equal(plain('targets').pipelineCreated, 15_000);
    assert.equal(plain('non_targets').accounts, 2);
    assert.deepEqual(await drill(key, 'all', 'accounts', ''), [A, B, C, D].sort());

    // Owner: Alpha and Beta (both targets); Gamma and Delta have no owner.
    const owner = `&ownerId=${ws.userIds.sales}`;
    const byOwner = await card(key, owner);
    assert.equal(byOwner('all').accounts, 2);
    assert.equal(byOwner('targets').accounts, 2);
    assert.equal(byOwner('non_targets').accounts, 0);
    assert.equal(byOwner('all').wonRevenue, 10_000); // A1 only; Gamma's C1 is not counted
    assert.equal(byOwner('all').pipelineCreated, 15_000); // A1 + B1
    assert.equal(byOwner('all').winRate, 0.5); // A1 won, B1 lost
    assert.equal(byOwner('tier_2').accounts, 1);
    assert.deepEqual(await drill(key, 'all', 'accounts', owner), [A, B].sort());
    assert.deepEqual(await drill(key, 'all', 'wonRevenue', owner), [A]);
    // Another user owns nothing.
    assert.equal((await card(key, `&ownerId=${ws.userIds.admin}`))('all').accounts, 0);

    // Play: Alpha (active) and Gamma (exited); Beta was held out, Delta entered after the quarter.
    const play = `&playId=${playId}`;
    const byPlay = await card(key, play);
    assert.equal(byPlay('all').accounts, 2);
    assert.equal(byPlay('targets').accounts, 1);
    assert.equal(byPlay('non_targets').accounts, 1);
    assert.equal(byPlay('tier_2').accounts, 0);
    assert.equal(byPlay('all').wonRevenue, 30_000); // A1 + C1
    assert.equal(byPlay('all').pipelineCreated, 10_000); // A1 (C1 was created before the quarter)
    assert.equal(byPlay('all').winRate, 1);
    assert.deepEqual(await drill(key, 'all', 'accounts', play), [A, C].sort());
    assert.deepEqual(await drill(key, 'non_targets', 'won', play), [C]);
    assert.deepEqual(await drill(key, 'targets', 'reached', play), [A]);

    // Both: Alpha only.
    const both = await card(key, `${owner}${play}`);
    assert.equal(both('all').accounts, 1);
    assert.equal(both('all').wonRevenue, 10_000);
    assert.equal(both('tier_1').accounts, 1);
    assert.deepEqual(await drill(key, 'all', 'accounts', `${owner}${play}`), [A]);
  });

  test('a bad uuid is a 400 naming the field; another workspace’s owner or play counts nothing', async () => {
    const { ws, playId } = await seed('Filter errors');
    const key = ws.keys.sales;
    for (const [url, field] of [
      ['/reports/scorecard?period=2026-Q1&ownerId=nope', 'ownerId'],
      ['/reports/scorecard?period=2026-Q1&playId=123', 'playId'],
      ['/reports/scorecard/drilldown?period=2026-Q1&figure=accounts&ownerId=x', 'ownerId'],
      ['/reports/scorecard/drilldown?period=2026-Q1&figure=accounts&playId=', 'playId'],
    ] as const) {
      const r = await t.call('GET', url, key);
      assert.equal(r.statusCode, 400, `${url}: ${r.body}`);
      assert.ok(r.body.includes(field), `${url}: ${r.body}`);
    }

    // The other workspace has the same world; its owner and play do not reach into this one, and
    // this workspace's own filters do not reach into it.
    const other = await seed('Filter other');
    const foreign = `&ownerId=${other.ws.userIds.sales}&playId=${other.playId}`;
    assert.equal((await card(key, foreign))('all').accounts, 0);
    assert.deepEqual(await drill(key, 'all', 'accounts', foreign), []);
    assert.equal((await card(other.ws.keys.sales, `&playId=${playId}`))('all').accounts, 0);
    assert.equal((await card(other.ws.keys.sales, `&playId=${other.playId}`))('all').accounts, 2);
  });
});
