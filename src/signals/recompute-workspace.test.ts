import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import type { Database } from '../db/database.ts';
import { daysAgo, insertActivities } from '../test/insert-activities.ts';
import { openTestDatabase } from '../test/test-database.ts';
import { workspaceWithContact } from '../test/workspace-with-contact.ts';
import { createTopic } from './intent/topics.ts';
import { recomputeWorkspace } from './recompute-workspace.ts';

let database: Database;
before(async () => {
  database = await openTestDatabase();
});
after(async () => {
  await database.close();
});

const setup = (title = 'VP Marketing', tier: number | null = null) =>
  workspaceWithContact(database, 'Recompute', title, tier);

const close = (actual: number, expected: number, tolerance = 1e-6) =>
  assert.ok(
    Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected)),
    `${actual} ≉ ${expected}`,
  );

describe('full recompute', () => {
  test('the one-pass recompute equals the incremental path on every aggregate and sort key', async () => {
    const { workspaceId, accountId, contactId } = await setup('VP Marketing', 2);
    const { db } = database;
    const other = await db
      .insertInto('accounts')
      .values({ workspace_id: workspaceId, name: 'Other', tier: 1 })
      .returning('id')
      .executeTakeFirstOrThrow();
    const people = await db
      .insertInto('contacts')
      .values(
        ['Chief Financial Officer', 'Software Engineer', 'Head of IT'].map((title, i) => ({
          workspace_id: workspaceId,
          account_id: i === 2 ? null : other.id,
          email: `q${i}-${Math.random()}@other.test`,
          title,
        })),
      )
      .returning('id')
      .execute();
    const persona = await db
      .insertInto('personas')
      .values({ workspace_id: workspaceId, name: 'Finance', committee_role: 'budget_holder' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('contact_personas')
      .values({ workspace_id: workspaceId, contact_id: people[0]?.id ?? '', persona_id: persona.id })
      .execute();
    const [cfo, engineer, unlinked] = people.map((p) => p.id);
    const url = (path: string) => ({ url: `https://other.test${path}` });
    await insertActivities(db, workspaceId, [
      { type: 'page_view', at: daysAgo(0), contactId: cfo, properties: url('/Pricing?x=1') },
      { type: 'meeting', at: daysAgo(3), contactId: cfo, properties: { minutes: 60 } },
      { type: 'webinar_attended', at: daysAgo(9), contactId: engineer },
      { type: 'email_open', at: daysAgo(16), contactId: engineer, properties: { bot: true } },
      // An activity with an explicit account other than its contact's, one with no account at all.
      { type: 'form_fill', at: daysAgo(20), contactId: cfo, accountId },
      { type: 'form_fill', at: daysAgo(2), contactId: unlinked },
      { type: 'page_view', at: daysAgo(1), accountId: other.id, properties: url('/demo') },
    ]);
    await insertActivities(db, workspaceId, [
      { type: 'unsubscribe', at: daysAgo(40), contactId: engineer },
      { type: 'email_click', at: daysAgo(300), contactId },
      { type: 'page_view', at: daysAgo(14), contactId, properties: url('/blog') },
    ]);
    // Decayed values as of one fixed time, so the two snapshots are comparable.
    const at = sql`date_part('epoch', ${new Date().toISOString()}::timestamptz)`;
    const snapshot = async () => {
      const rows = await sql<{ t: string; k: string; v: number | null; d: string | null }>`
        SELECT 'account' AS t, e.account_id::text AS k,
          e.score * power(2::float8, -(${at} - date_part('epoch', e.as_of)) / 86400.0 / 30) AS v,
          concat_ws(' ', e.last_activity_at, e.momentum_on, round(e.momentum::numeric, 9)) AS d
        FROM account_engagement e WHERE e.workspace_id = ${workspaceId}
        UNION ALL
        SELECT 'key', e.account_id::text, e.score_key - ${at} / 86400.0 * ln(2::float8) / 30, NULL
        FROM account_engagement e WHERE e.workspace_id = ${workspaceId}
        UNION ALL
        SELECT 'contact', e.contact_id::text,
          e.score * power(2::float8, -(${at} - date_part('epoch', e.as_of)) / 86400.0 / 30),
          concat_ws(' ', e.account_id, e.last_activity_at, e.last_engaged_at)
        FROM contact_engagement e WHERE e.workspace_id = ${workspaceId}
        UNION ALL
        SELECT 'persona', e.account_id || ' ' || e.persona_key,
          e.score * power(2::float8, -(${at} - date_part('epoch', e.as_of)) / 86400.0 / 30),
          e.last_activity_at::text
        FROM account_persona_engagement e WHERE e.workspace_id = ${workspaceId}
        UNION ALL
        SELECT 'week', w.account_id || ' ' || w.week_start, w.points, w.events::text
        FROM account_weekly_activity w WHERE w.workspace_id = ${workspaceId}
        ORDER BY 1, 2`.execute(db);
      return rows.rows;
    };
    const incremental = await snapshot();
    assert.ok(incremental.some((r) => r.t === 'persona' && r.k.endsWith(`persona:${persona.id}`)));
    const result = await recomputeWorkspace(db, workspaceId);
    assert.equal(result.activities, 10);
    const recomputed = await snapshot();
    assert.deepEqual(
      recomputed.map((r) => [r.t, r.k, r.d]),
      incremental.map((r) => [r.t, r.k, r.d]),
    );
    for (const [i, row] of recomputed.entries()) close(row.v ?? 0, incremental[i]?.v ?? 0, 1e-9);
  });

  test('a recompute keeps first-party topic weeks; topics: true recounts them', async () => {
    const { workspaceId, contactId } = await setup();
    const { db } = database;
    await createTopic(db, workspaceId, { name: 'Pricing', urlPatterns: ['/pricing'] });
    await insertActivities(db, workspaceId, [
      { type: 'page_view', at: daysAgo(1), contactId, properties: { url: 'https://acme.test/pricing' } },
      { type: 'page_view', at: daysAgo(9), contactId, properties: { url: 'https://acme.test/pricing/x' } },
    ]);
    const events = async () =>
      (
        await sql<{ n: number }>`SELECT coalesce(sum(events), 0)::int AS n FROM account_topic_weekly
          WHERE workspace_id = ${workspaceId}`.execute(db)
      ).rows[0]?.n;
    assert.equal(await events(), 2);
    await recomputeWorkspace(db, workspaceId);
    assert.equal(await events(), 2);
    await recomputeWorkspace(db, workspaceId, { topics: true });
    assert.equal(await events(), 2);
  });
});
