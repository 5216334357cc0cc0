import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import type { Database } from '../db/database.ts';
import { buildApp } from '../http/app.ts';
import { daysAgo, insertActivities } from '../test/insert-activities.ts';
import { bearer, openTestDatabase } from '../test/test-database.ts';
import { workspaceWithContact } from '../test/workspace-with-contact.ts';
import { recomputeWorkspace } from './recompute-workspace.ts';

let database: Database;
before(async () => {
  database = await openTestDatabase();
});
after(async () => {
  await database.close();
});

const setup = (title = 'VP Marketing', tier: number | null = null) =>
  workspaceWithContact(database, 'Signals', title, tier);

/** Scores read now: score × 2^(−(now − as_of)/h). */
async function readScores(workspaceId: string) {
  const rows = await sql<{ kind: string; key: string; score: number }>`
    SELECT 'account' AS kind, e.account_id::text AS key,
      e.score * power(2::float8, -extract(epoch FROM now() - e.as_of)::float8 / 86400 / s.half_life_days) AS score
    FROM account_engagement e JOIN signal_settings s USING (workspace_id) WHERE e.workspace_id = ${workspaceId}
    UNION ALL
    SELECT 'contact', e.contact_id::text,
      e.score * power(2::float8, -extract(epoch FROM now() - e.as_of)::float8 / 86400 / s.half_life_days)
    FROM contact_engagement e JOIN signal_settings s USING (workspace_id) WHERE e.workspace_id = ${workspaceId}
    UNION ALL
    SELECT 'persona', e.persona_key,
      e.score * power(2::float8, -extract(epoch FROM now() - e.as_of)::float8 / 86400 / s.half_life_days)
    FROM account_persona_engagement e JOIN signal_settings s USING (workspace_id) WHERE e.workspace_id = ${workspaceId}
    ORDER BY 1, 2`.execute(database.db);
  return rows.rows;
}

const close = (actual: number, expected: number, tolerance = 1e-6) =>
  assert.ok(
    Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected)),
    `${actual} ≉ ${expected}`,
  );

describe('decayed engagement scores', () => {
  test('a score decays with the half-life and incremental (with late events) equals the batch recompute', async () => {
    const { workspaceId, accountId, contactId } = await setup('VP Marketing');
    const { db } = database;
    // In order, then a late event older than everything already applied, in separate batches.
    await insertActivities(db, workspaceId, [{ type: 'form_fill', at: daysAgo(30), contactId }]);
    await insertActivities(db, workspaceId, [
      { type: 'email_click', at: daysAgo(2), contactId },
      { type: 'page_view', at: daysAgo(1), contactId, properties: { url: 'https://acme.test/blog' } },
    ]);
    await insertActivities(db, workspaceId, [{ type: 'meeting', at: daysAgo(60), contactId }]);
    await insertActivities(db, workspaceId, [{ type: 'page_view', at: daysAgo(5), accountId }]); // anonymous
    const incremental = await readScores(workspaceId);
    // VP = 1.5; anonymous = other 0.5; half-life 30 days.
    const expectedAccount =
      10 * 1.5 * 2 ** -1 +
      3 * 1.5 * 2 ** (-2 / 30) +
      1 * 1.5 * 2 ** (-1 / 30) +
      20 * 1.5 * 2 ** -2 +
      0.5 * 2 ** (-5 / 30);
    const account = incremental.find((r) => r.kind === 'account' && r.key === accountId);
    close(account?.score ?? Number.NaN, expectedAccount, 1e-4);
    const contact = incremental.find((r) => r.kind === 'contact' && r.key === contactId);
    close(contact?.score ?? Number.NaN, expectedAccount - 0.5 * 2 ** (-5 / 30), 1e-4);
    assert.ok(incremental.some((r) => r.kind === 'persona' && r.key === 'marketing:vp'));

    const result = await recomputeWorkspace(db, workspaceId);
    assert.equal(result.activities, 5);
    const batch = await readScores(workspaceId);
    assert.equal(batch.length, incremental.length);
    for (const [i, row] of batch.entries()) {
      assert.equal(row.key, incremental[i]?.key);
      close(row.score, incremental[i]?.score ?? Number.NaN, 1e-6);
    }
  });

  test('weights × seniority × tier, key pages, per-minute meetings, bots, negatives', async () => {
    const { workspaceId, accountId, contactId, keys } = await setup('Chief Executive Officer', 1);
    const { db } = database;
    const app = await buildApp({ database });
    const put = await app.inject({
      method: 'PUT',
      url: '/api/v1/signals/weights',
      headers: bearer(keys.marketer),
      payload: {
        tierMultipliers: { '1': 3 },
        weights: [
          { type: 'page_view', points: 1 },
          { type: 'key_page', points: 5 },
          { type: 'meeting', points: 1, perMinute: true },
          { type: 'unsubscribe', points: -10 },
        ],
        keyPagePatterns: ['/pricing', '/docs/*/api'],
      },
    });
    assert.equal(put.statusCode, 200, put.body);
    const now = new Date();
    await insertActivities(db, workspaceId, [
      { type: 'page_view', at: now, contactId, properties: { url: 'https://acme.test/pricing?plan=pro' } },
      { type: 'page_view', at: now, contactId, properties: { url: 'https://acme.test/docs/v2/api' } },
      { type: 'page_view', at: now, contactId, properties: { url: 'https://acme.test/about' } },
      { type: 'meeting', at: now, contactId, properties: { minutes: 45 } },
      { type: 'email_open', at: now, contactId, properties: { bot: true } },
      { type: 'unsubscribe', at: now, contactId },
      { type: 'unknown_thing', at: now, contactId },
    ]);
    const timeline = await app.inject({
      method: 'GET',
      url: `/api/v1/accounts/${accountId}/timeline?limit=50`,
      headers: bearer(keys.sales),
    });
    assert.equal(timeline.statusCode, 200, timeline.body);
    const entries: {
      type: string;
      properties: { url?: string };
      weight: { weight: number; seniority: string };
    }[] = timeline.json().data;
    const weightOf = (pred: (e: (typeof entries)[number]) => boolean) => entries.find(pred)?.weight.weight;
    // C-level 2.0 × tier-1 3.0 = 6.
    assert.equal(
      weightOf((e) => e.properties.url?.endsWith('pricing?plan=pro') ?? false),
      5 * 6,
    );
    assert.equal(
      weightOf((e) => e.properties.url?.endsWith('/docs/v2/api') ?? false),
      5 * 6,
    );
    assert.equal(
      weightOf((e) => e.properties.url?.endsWith('/about') ?? false),
      1 * 6,
    );
    assert.equal(
      weightOf((e) => e.type === 'meeting'),
      45 * 6,
    );
    assert.equal(
      weightOf((e) => e.type === 'email_open'),
      0,
    );
    assert.equal(
      weightOf((e) => e.type === 'unsubscribe'),
      -10 * 6,
    );
    assert.equal(
      weightOf((e) => e.type === 'unknown_thing'),
      0,
    );
    assert.ok(entries.every((e) => e.weight.seniority === 'c_level'));
    const scores = await readScores(workspaceId);
    close(scores.find((r) => r.kind === 'account')?.score ?? Number.NaN, (5 + 5 + 1 + 45 - 10) * 6, 1e-3);
    await app.close();
  });

  test('changing weights recomputes history; bad weights are a 400 naming the field', async () => {
    const { workspaceId, contactId, keys } = await setup('Marketing Manager');
    const { db } = database;
    const app = await buildApp({ database });
    await insertActivities(db, workspaceId, [{ type: 'form_fill', at: new Date(), contactId }]);
    close((await readScores(workspaceId)).find((r) => r.kind === 'account')?.score ?? Number.NaN, 10, 1e-3);
    const bad = await app.inject({
      method: 'PUT',
      url: '/api/v1/signals/weights',
      headers: bearer(keys.marketer),
      payload: { weights: [{ type: 'form fill!', points: 'x' }] },
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /body\.weights\.0\./);
    const forbidden = await app.inject({
      method: 'PUT',
      url: '/api/v1/signals/weights',
      headers: bearer(keys.sales),
      payload: { halfLifeDays: 10 },
    });
    assert.equal(forbidden.statusCode, 403);
    const res = await app.inject({
      method: 'PUT',
      url: '/api/v1/signals/weights',
      headers: bearer(keys.marketer),
      payload: { weights: [{ type: 'form_fill', points: 40 }], seniorityMultipliers: { manager: 2 } },
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().recompute.activities, 1);
    close((await readScores(workspaceId)).find((r) => r.kind === 'account')?.score ?? Number.NaN, 80, 1e-3);
    const get = await app.inject({
      method: 'GET',
      url: '/api/v1/signals/weights',
      headers: bearer(keys.marketer),
    });
    assert.deepEqual(get.json().weights, [{ type: 'form_fill', points: 40, perMinute: false }]);
    await app.close();
  });
});
