import { type RawBuilder, sql } from 'kysely';
import { CURRENT_DAY_SQL, momentumAggregateSql, scoreKeySql } from './sort-keys-sql.ts';
import { horizonStartWeekSql } from './weekly-horizon.ts';
import { weekNumberSql, weekNumberStartSql } from './weighted-activities-sql.ts';

export interface RecomputeAggregatesInput {
  workspaceId: string;
  /**
   * Lean weighted activities of the workspace's weeks inside the horizon (weightedActivitiesSql,
   * shape `lean`): the weekly buckets.
   */
  weighted: RawBuilder<unknown>;
  /** Every activity summed per stored contact and account (contactActivityTotalsSql), e.g. a temporary table. */
  totals: RawBuilder<unknown>;
  /** A relation of contact attributes (contactAttributesSql columns), e.g. a temporary table. */
  contacts: RawBuilder<unknown>;
  /** A relation of account attributes (accountAttributesSql columns), e.g. a temporary table. */
  accounts: RawBuilder<unknown>;
  /** The seniority multiplier of activities without a contact (weightSettingsSql's other_multiplier). */
  otherMultiplier: number;
}

/**
 * One statement that rebuilds, from every activity of a workspace, the contact, account and persona
 * scores, the weekly buckets and the accounts' sort keys, into tables emptied for the workspace
 * beforehand (plain inserts, no conflict handling).
 *
 * Two aggregates feed it: per account and week inside the horizon (Σ weight, count;
 * weekly-horizon.ts), from the weighted activities of those weeks; and per contact and account
 * (Σ weight·decay, last activity, last positive-weight activity, count), from the per-group totals
 * of every activity (contactActivityTotalsSql) multiplied by the group's seniority and tier
 * multipliers — a positive weight is positive base points under a positive multiplier, or negative
 * under a negative one. Every table is a small re-aggregation of those, inserted in primary-key
 * order (each index fills page by page, not at random): buckets as they are, contact scores by
 * contact, account scores (anonymous activities included, they group with a null contact) by
 * account, persona scores by the contact's persona key and persona memberships, momentum from the
 * buckets of the 5-week window, score_key from the score. The scores are Σ w·2^(−(now − t)/h) as
 * of now, the definition the incremental path maintains, so both agree (up to floating-point
 * rounding). Scores cover the whole history; only the buckets stop at the horizon.
 *
 * Returns one row: `activities`, the number of activities read.
 */
export function recomputeAggregatesSql(input: RecomputeAggregatesInput): RawBuilder<{ activities: number }> {
  const ws = input.workspaceId;
  const h = sql`(SELECT half_life_days FROM signal_settings WHERE workspace_id = ${ws})`;
  const current = weekNumberSql(sql`date_part('epoch', now())`);
  const memberships = sql`UNION ALL
        SELECT p.account_id, 'persona:' || cp.persona_id, p.score, p.last_activity_at
        FROM pr p JOIN contact_personas cp ON cp.workspace_id = ${ws} AND cp.contact_id = p.contact_id
        WHERE p.account_id IS NOT NULL`;
  return sql<{ activities: number }>`
    WITH wk AS (
      SELECT b.account_id, b.week, sum(b.weight) AS points, count(*)::int AS events
      FROM (${input.weighted}) b WHERE b.account_id IS NOT NULL AND b.week >= ${horizonStartWeekSql(current)}
      GROUP BY b.account_id, b.week
    ), pr AS (
      SELECT c.id AS contact_id, acc.id AS account_id, t.base_decayed * m.multiplier AS score, t.events,
        t.last_activity_at,
        CASE WHEN m.multiplier > 0 THEN t.last_positive_at WHEN m.multiplier < 0 THEN t.last_negative_at
        END AS last_engaged_at
      FROM (${input.totals}) t
      LEFT JOIN (${input.contacts}) c ON c.id = t.contact_id
      LEFT JOIN (${input.accounts}) acc ON acc.id = coalesce(t.account_id, c.account_id)
      CROSS JOIN LATERAL (SELECT coalesce(c.seniority_multiplier, ${input.otherMultiplier}::float8)
        * coalesce(acc.tier_multiplier, 1) AS multiplier) m
    ), weekly AS (
      INSERT INTO account_weekly_activity (workspace_id, account_id, week_start, points, events)
      SELECT ${ws}, wk.account_id, ${weekNumberStartSql(sql`wk.week`)}, wk.points, wk.events
      FROM wk ORDER BY wk.account_id, wk.week
    ), ce AS (
      INSERT INTO contact_engagement
        (workspace_id, contact_id, account_id, score, as_of, last_activity_at, last_engaged_at)
      SELECT ${ws}, p.contact_id, c.account_id, sum(p.score), now(), max(p.last_activity_at),
        max(p.last_engaged_at)
      FROM pr p JOIN (${input.contacts}) c ON c.id = p.contact_id
      GROUP BY p.contact_id, c.account_id ORDER BY p.contact_id
    ), ae AS (
      INSERT INTO account_engagement
        (workspace_id, account_id, score, as_of, last_activity_at, score_key, momentum, momentum_on)
      SELECT ${ws}, x.account_id, x.score, now(), x.last_activity_at,
        ${scoreKeySql(sql`x.score`, sql`now()`, h)}, m.momentum, ${CURRENT_DAY_SQL}
      FROM (
        SELECT p.account_id, sum(p.score) AS score, max(p.last_activity_at) AS last_activity_at
        FROM pr p WHERE p.account_id IS NOT NULL
        GROUP BY p.account_id
      ) x
      LEFT JOIN (
        SELECT wk.account_id, ${momentumAggregateSql(sql`wk.week`, sql`wk.points`, current, 1)} AS momentum
        FROM wk WHERE wk.week BETWEEN ${current} - 4 AND ${current}
        GROUP BY wk.account_id
      ) m ON m.account_id = x.account_id
      ORDER BY x.account_id
    ), pe AS (
      INSERT INTO account_persona_engagement
        (workspace_id, account_id, persona_key, score, as_of, last_activity_at)
      SELECT ${ws}, q.account_id, q.persona_key, sum(q.score), now(), max(q.last_activity_at)
      FROM (
        SELECT p.account_id, c.persona_key, p.score, p.last_activity_at
        FROM pr p JOIN (${input.contacts}) c ON c.id = p.contact_id
        WHERE p.account_id IS NOT NULL
        ${memberships}
      ) q
      GROUP BY q.account_id, q.persona_key ORDER BY q.account_id, q.persona_key
    )
    SELECT coalesce(sum(pr.events), 0)::int AS activities FROM pr`;
}
