import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { refreshMomentum } from './refresh-momentum.ts';
import { ensureSignalSettings } from './signal-config.ts';
import { scoreKeySql } from './sort-keys-sql.ts';
import { evaluateStages } from './stages/evaluate-stages.ts';
import {
  attributesFor,
  decaySql,
  secondsBetween,
  signalsLockKey,
  topicMatchSql,
  weightedActivitiesSql,
} from './weighted-activities-sql.ts';

/** The contact and account an activity was scored with. */
export interface Attribution {
  contactId: string | null;
  accountId: string | null;
}

/** Stands for "no account" so the weighting does not fall back to the contact's current account. */
const NO_ACCOUNT = '00000000-0000-0000-0000-000000000000';

/** A value that floating-point cancellation left at (almost) zero is stored as zero. */
const snap = (value: RawBuilder<number>) =>
  sql<number>`CASE WHEN abs(${value}) < 1e-9 THEN 0::float8 ELSE ${value} END`;

/**
 * Take activities' contributions out of the stored aggregates, as they were scored before being
 * moved: the exact negative of what applyActivities added (score' = score carried to now − Σ w·decay;
 * weekly points and counts, topic-week counts and persona scores likewise), with the current weights
 * and contact/account attributes — the ones the incremental path and a full recompute use. Together
 * with applying the moved activities again at their new place, the aggregates equal a recompute.
 * `last_activity_at`, momentum and empty weekly rows are settled afterwards by settleRetractedAccounts.
 *
 * @returns the accounts whose aggregates were reduced
 */
export async function retractScores(
  db: Kysely<DB>,
  workspaceId: string,
  moved: readonly { id: number; before: Attribution }[],
): Promise<string[]> {
  if (moved.length === 0) return [];
  const ws = workspaceId;
  await ensureSignalSettings(db, ws);
  const contactIds = [...new Set(moved.flatMap((m) => (m.before.contactId ? [m.before.contactId] : [])))];
  const accountIds = [...new Set(moved.flatMap((m) => (m.before.accountId ? [m.before.accountId] : [])))];
  const rows = JSON.stringify(
    moved.map((m) => ({ id: m.id, c: m.before.contactId, a: m.before.accountId ?? NO_ACCOUNT })),
  );
  const activities = sql`
    SELECT x.id, x.type, x.occurred_at, x.properties, r.c AS contact_id, r.a AS account_id
    FROM jsonb_to_recordset(${rows}::jsonb) AS r(id bigint, c uuid, a uuid)
    JOIN activities x ON x.workspace_id = ${ws} AND x.id = r.id, lk`;
  const weighted = weightedActivitiesSql({
    workspaceId: ws,
    activities,
    ...attributesFor(ws, contactIds, accountIds),
  });
  const h = sql`(SELECT half_life_days FROM signal_settings WHERE workspace_id = ${ws})`;
  const carried = (t: string, minus: string) =>
    snap(
      sql<number>`${sql.ref(`${t}.score`)} * ${decaySql(secondsBetween(sql`now()`, sql.ref(`${t}.as_of`)), h)} - ${sql.ref(minus)}`,
    );
  const personaRows = sql`UNION ALL
        SELECT b.account_id, 'persona:' || cp.persona_id, b.weight, b.decay
        FROM b JOIN contact_personas cp ON cp.workspace_id = ${ws} AND cp.contact_id = b.contact_id
        WHERE b.account_id IS NOT NULL`;
  const result = await sql<{ account_id: string }>`
    WITH lk AS (SELECT pg_advisory_xact_lock_shared(${signalsLockKey(ws)})),
    b AS MATERIALIZED (${weighted}),
    ce AS (
      UPDATE contact_engagement t SET score = ${carried('t', 'x.s')}, as_of = now()
      FROM (SELECT contact_id, sum(weight * decay) AS s FROM b WHERE contact_id IS NOT NULL GROUP BY contact_id) x
      WHERE t.workspace_id = ${ws} AND t.contact_id = x.contact_id
    ), ae AS (
      UPDATE account_engagement t SET score = ${carried('t', 'x.s')}, as_of = now(),
        score_key = ${scoreKeySql(carried('t', 'x.s'), sql`now()`, h)}
      FROM (SELECT account_id, sum(weight * decay) AS s FROM b WHERE account_id IS NOT NULL GROUP BY account_id) x
      WHERE t.workspace_id = ${ws} AND t.account_id = x.account_id
    ), pe AS (
      UPDATE account_persona_engagement t SET score = ${carried('t', 'x.s')}, as_of = now()
      FROM (
        SELECT account_id, persona_key, sum(weight * decay) AS s FROM (
          SELECT account_id, persona_key, weight, decay FROM b
          WHERE account_id IS NOT NULL AND persona_key IS NOT NULL
          ${personaRows}
        ) p GROUP BY account_id, persona_key
      ) x
      WHERE t.workspace_id = ${ws} AND t.account_id = x.account_id AND t.persona_key = x.persona_key
    ), wk AS (
      UPDATE account_weekly_activity t SET points = ${snap(sql<number>`t.points - x.p`)}, events = t.events - x.n
      FROM (SELECT account_id, week_start, sum(weight) AS p, count(*)::int AS n FROM b
        WHERE account_id IS NOT NULL GROUP BY account_id, week_start) x
      WHERE t.workspace_id = ${ws} AND t.account_id = x.account_id AND t.week_start = x.week_start
    ), tw AS (
      UPDATE account_topic_weekly cur SET events = cur.events - x.n
      FROM (SELECT x.account_id, t.id AS topic_id, x.week_start, count(*)::int AS n
        FROM b x JOIN intent_topics t ON t.workspace_id = ${ws} AND ${topicMatchSql()}
        WHERE x.account_id IS NOT NULL GROUP BY x.account_id, t.id, x.week_start) x
      WHERE cur.workspace_id = ${ws} AND cur.account_id = x.account_id AND cur.topic_id = x.topic_id
        AND cur.week_start = x.week_start
    )
    SELECT DISTINCT account_id FROM b WHERE account_id IS NOT NULL`.execute(db);
  return result.rows.map((r) => r.account_id);
}

/**
 * After retractScores and the re-scoring of the moved activities: drop weekly rows left without
 * events, set the accounts' last activity to what they still hold, recompute their momentum from
 * the reduced weekly points, and re-evaluate their stages.
 */
export async function settleRetractedAccounts(
  db: Kysely<DB>,
  workspaceId: string,
  accountIds: readonly string[],
): Promise<void> {
  if (accountIds.length === 0) return;
  const ws = workspaceId;
  const ids = [...accountIds];
  await sql`DELETE FROM account_weekly_activity
    WHERE workspace_id = ${ws} AND account_id = ANY (${ids}::uuid[]) AND events <= 0`.execute(db);
  await sql`DELETE FROM account_topic_weekly
    WHERE workspace_id = ${ws} AND account_id = ANY (${ids}::uuid[]) AND events <= 0
      AND third_party_score IS NULL`.execute(db);
  await sql`UPDATE account_engagement e SET last_activity_at = (
      SELECT max(a.occurred_at) FROM activities a WHERE a.workspace_id = ${ws} AND a.account_id = e.account_id)
    WHERE e.workspace_id = ${ws} AND e.account_id = ANY (${ids}::uuid[])`.execute(db);
  await refreshMomentum(db, ws, { accountIds: ids });
  await evaluateStages(db, ws, ids, 'activity');
}
