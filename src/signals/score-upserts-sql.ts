import { type RawBuilder, sql } from 'kysely';
import {
  CURRENT_DAY_SQL,
  CURRENT_WEEK_SQL,
  MOMENTUM_FROM_SQL,
  momentumAggregateSql,
  scoreKeySql,
} from './sort-keys-sql.ts';
import { HORIZON_START_SQL } from './weekly-horizon.ts';
import { decaySql, secondsBetween, topicMatchSql } from './weighted-activities-sql.ts';

/**
 * Data-modifying CTEs that fold a relation `b` of weighted activities (weightedActivitiesSql
 * columns) into the stored scores, weekly buckets (weeks inside the horizon, weekly-horizon.ts) and
 * topic weeks — additively: the incremental path (a batch) and a topic's recount (its topic weeks).
 * The full recompute has its own SQL (recompute-aggregates-sql.ts) with the same definitions.
 *
 * Decay: each key stores (score, as_of). A batch contributes Σ w·2^(−(now − t)/h) as of now (late
 * and out-of-order events included), and the stored value is first moved to now:
 *   score' = score·2^(−(now − as_of)/h) + Σ w·2^(−(now − t)/h),  as_of' = now.
 * That is exactly the batch definition Σ over all events, so incremental equals recompute.
 *
 * account_engagement also gets its sort keys (sort-keys-sql.ts): `score_key` of the new score, and
 * `momentum` of the current week for every touched account from its stored weekly points in the
 * 5-week window plus the batch's (the statement sees the buckets as they were before it). Two
 * concurrent batches on one account may each miss the other's points in momentum until the
 * account's next batch or refreshMomentum; scores and buckets are exact (additive).
 *
 * Persona scores are kept per `function:seniority` key for every contact and also per
 * `persona:<id>` for each persona the contact belongs to (a person may be in several).
 */
export function scoreUpsertCtes(
  workspaceId: string,
  parts: { scores: boolean; topics: boolean; topicId?: string } = {
    scores: true,
    topics: true,
  },
): RawBuilder<unknown> {
  const ws = workspaceId;
  const h = sql`(SELECT half_life_days FROM signal_settings WHERE workspace_id = ${ws})`;
  const contribution = sql`sum(b.weight * b.decay)`;
  const carry = (t: string) => decaySql(secondsBetween(sql`now()`, sql.ref(`${t}.as_of`)), h);
  const scores = sql`
    ce AS (
      INSERT INTO contact_engagement AS t
        (workspace_id, contact_id, account_id, score, as_of, last_activity_at, last_engaged_at)
      SELECT ${ws}, b.contact_id, b.contact_account_id, ${contribution}, now(), max(b.occurred_at),
        max(b.occurred_at) FILTER (WHERE b.weight > 0)
      FROM b WHERE b.contact_id IS NOT NULL
      GROUP BY b.contact_id, b.contact_account_id ORDER BY b.contact_id
      ON CONFLICT (workspace_id, contact_id) DO UPDATE SET
        score = t.score * ${carry('t')} + excluded.score,
        as_of = excluded.as_of,
        account_id = excluded.account_id,
        last_activity_at = greatest(t.last_activity_at, excluded.last_activity_at),
        last_engaged_at = greatest(t.last_engaged_at, excluded.last_engaged_at)
    ), ae AS (
      INSERT INTO account_engagement AS t
        (workspace_id, account_id, score, as_of, last_activity_at, score_key, momentum, momentum_on)
      SELECT ${ws}, x.account_id, x.score, now(), x.last_activity_at,
        ${scoreKeySql(sql`x.score`, sql`now()`, h)}, m.momentum, ${CURRENT_DAY_SQL}
      FROM (
        SELECT b.account_id, ${contribution} AS score, max(b.occurred_at) AS last_activity_at
        FROM b WHERE b.account_id IS NOT NULL GROUP BY b.account_id
      ) x
      LEFT JOIN (
        SELECT z.account_id, ${momentumAggregateSql(sql`z.week_start`, sql`z.points`)} AS momentum
        FROM (
          SELECT b.account_id, b.week_start, b.weight AS points FROM b
          WHERE b.account_id IS NOT NULL AND b.week_start BETWEEN ${MOMENTUM_FROM_SQL} AND ${CURRENT_WEEK_SQL}
          UNION ALL
          SELECT w.account_id, w.week_start, w.points
          FROM (SELECT DISTINCT account_id FROM b WHERE account_id IS NOT NULL) k
          CROSS JOIN LATERAL (
            SELECT w.account_id, w.week_start, w.points FROM account_weekly_activity w
            WHERE w.workspace_id = ${ws} AND w.account_id = k.account_id
              AND w.week_start BETWEEN ${MOMENTUM_FROM_SQL} AND ${CURRENT_WEEK_SQL}
            OFFSET 0
          ) w
        ) z
        GROUP BY z.account_id
      ) m ON m.account_id = x.account_id
      ORDER BY x.account_id
      ON CONFLICT (workspace_id, account_id) DO UPDATE SET
        score = t.score * ${carry('t')} + excluded.score,
        score_key = ${scoreKeySql(sql`t.score * ${carry('t')} + excluded.score`, sql`excluded.as_of`, h)},
        as_of = excluded.as_of,
        last_activity_at = greatest(t.last_activity_at, excluded.last_activity_at),
        momentum = excluded.momentum,
        momentum_on = excluded.momentum_on
    ), pe AS (
      INSERT INTO account_persona_engagement AS t
        (workspace_id, account_id, persona_key, score, as_of, last_activity_at)
      SELECT ${ws}, b.account_id, b.persona_key, ${contribution}, now(), max(b.occurred_at)
      FROM (
        SELECT account_id, persona_key, weight, decay, occurred_at FROM b
        WHERE account_id IS NOT NULL AND persona_key IS NOT NULL
        UNION ALL
        SELECT b.account_id, 'persona:' || cp.persona_id, b.weight, b.decay, b.occurred_at
        FROM b JOIN contact_personas cp ON cp.workspace_id = ${ws} AND cp.contact_id = b.contact_id
        WHERE b.account_id IS NOT NULL
      ) b
      GROUP BY b.account_id, b.persona_key ORDER BY b.account_id, b.persona_key
      ON CONFLICT (workspace_id, account_id, persona_key) DO UPDATE SET
        score = t.score * ${carry('t')} + excluded.score,
        as_of = excluded.as_of,
        last_activity_at = greatest(t.last_activity_at, excluded.last_activity_at)
    ), wk AS (
      INSERT INTO account_weekly_activity AS t (workspace_id, account_id, week_start, points, events)
      SELECT ${ws}, b.account_id, b.week_start, sum(b.weight), count(*)
      FROM b WHERE b.account_id IS NOT NULL AND b.week_start >= ${HORIZON_START_SQL}
      GROUP BY b.account_id, b.week_start ORDER BY b.account_id, b.week_start
      ON CONFLICT (workspace_id, account_id, week_start) DO UPDATE SET
        points = t.points + excluded.points, events = t.events + excluded.events
    )`;
  const topics = sql`
    tw AS (
      INSERT INTO account_topic_weekly AS cur (workspace_id, account_id, topic_id, week_start, events)
      SELECT ${ws}, x.account_id, t.id, x.week_start, count(*)
      FROM b x JOIN intent_topics t ON t.workspace_id = ${ws}
        ${parts.topicId ? sql`AND t.id = ${parts.topicId}` : sql``} AND ${topicMatchSql()}
      WHERE x.account_id IS NOT NULL
      GROUP BY x.account_id, t.id, x.week_start ORDER BY x.account_id, t.id, x.week_start
      ON CONFLICT (workspace_id, account_id, topic_id, week_start) DO UPDATE SET
        events = cur.events + excluded.events
    )`;
  const ctes = [...(parts.scores ? [scores] : []), ...(parts.topics ? [topics] : [])];
  return sql.join(ctes, sql`, `);
}
