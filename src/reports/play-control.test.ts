import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { useTestApp } from '../test/test-app.ts';

describe('target versus control of a play', () => {
  const t = useTestApp();

  test('a play’s held-out accounts are its control group; without any, matched accounts it never entered', async () => {
    const ws = await t.workspace('Play control');
    const db = t.database.db;
    const w = ws.workspaceId;
    // 60 accounts in one stratum: 30 entered by the held-out play (20 stepped, 10 held out).
    await sql`
      INSERT INTO accounts (workspace_id, name, industry, employee_count)
      SELECT ${w}, 'Acct ' || g, 'Software', 500 FROM generate_series(1, 60) g`.execute(db);
    const play = async (name: string) => {
      const id = randomUUID();
      await sql`INSERT INTO plays (workspace_id, id, name, status) VALUES (${w}, ${id}, ${name}, 'active')`.execute(
        db,
      );
      await sql`INSERT INTO play_versions (workspace_id, play_id, version, definition) VALUES (${w}, ${id}, 1, '{}')`.execute(
        db,
      );
      return id;
    };
    const heldOutPlay = await play('Exec play');
    const openPlay = await play('Nurture');
    await sql`
      INSERT INTO play_runs (workspace_id, play_id, version, account_id, status, entered_at, reason)
      SELECT ${w}, ${heldOutPlay}, 1, id, CASE WHEN split_part(name, ' ', 2)::int <= 20 THEN 'active' ELSE 'held_out' END,
        '2026-01-05T00:00:00Z', 'entry: api'
      FROM accounts WHERE workspace_id = ${w} AND split_part(name, ' ', 2)::int <= 30`.execute(db);
    await sql`
      INSERT INTO play_runs (workspace_id, play_id, version, account_id, status, entered_at, reason)
      SELECT ${w}, ${openPlay}, 1, id, 'active', '2026-01-05T00:00:00Z', 'entry: api'
      FROM accounts WHERE workspace_id = ${w} AND split_part(name, ' ', 2)::int <= 12`.execute(db);
    // New opportunities at 12 of the 20 stepped accounts, 1 of the 10 held out.
    await sql`
      INSERT INTO opportunities (workspace_id, account_id, name, stage, amount, created_date)
      SELECT ${w}, id, 'Deal', 'Proposal', 1000, '2026-02-10' FROM accounts
      WHERE workspace_id = ${w} AND (split_part(name, ' ', 2)::int <= 12 OR name = 'Acct 25')`.execute(db);

    const held = await t.call(
      'GET',
      `/reports/target-vs-control?period=2026-Q1&playId=${heldOutPlay}`,
      ws.keys.sales,
    );
    assert.equal(held.statusCode, 200, held.body);
    const h = held.json();
    assert.equal(h.method.kind, 'held_out');
    assert.deepEqual(h.play, { id: heldOutPlay, name: 'Exec play', enrolled: 20, heldOut: 10 });
    assert.equal(h.groups.targets, 20);
    assert.equal(h.groups.controls, 10);
    const opportunity = h.metrics.find((m: { metric: string }) => m.metric === 'opportunityRate');
    assert.equal(opportunity.target, 12 / 20);
    assert.equal(opportunity.control, 1 / 10);

    const matched = await t.call(
      'GET',
      `/reports/target-vs-control?period=2026-Q1&playId=${openPlay}&controlsPerTarget=2&seed=3`,
      ws.keys.sales,
    );
    assert.equal(matched.statusCode, 200, matched.body);
    const m = matched.json();
    assert.equal(m.method.kind, 'exact');
    assert.equal(m.play.heldOut, 0);
    assert.equal(m.groups.targets, 12);
    assert.equal(m.groups.matchedTargets, 12);
    assert.equal(m.groups.controls, 24, 'two comparable accounts the play never entered per account');

    const other = await t.workspace('Other');
    const hidden = await t.call(
      'GET',
      `/reports/target-vs-control?period=2026-Q1&playId=${heldOutPlay}`,
      other.keys.sales,
    );
    assert.equal(hidden.statusCode, 404, 'another workspace’s play is not found');
    const bad = await t.call('GET', '/reports/target-vs-control?period=2026-Q1&playId=nope', ws.keys.sales);
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /playId/);
  });
});
