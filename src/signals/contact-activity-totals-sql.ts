import { type RawBuilder, sql } from 'kysely';
import { basePointsSql, decaySql, type WeightSettingsRow } from './weighted-activities-sql.ts';

/**
 * Every activity of a workspace summed per (contact_id, account_id) as stored on the activity, with
 * no join per activity: Σ base points × decay (`base_decayed`), `events`, `last_activity_at`, and the
 * latest activity with positive (`last_positive_at`) and negative (`last_negative_at`) base points.
 *
 * The weight is base points × seniority multiplier × tier multiplier, and both multipliers are the
 * same for every activity of a group (its contact's seniority; the account is the activity's own,
 * else its contact's), so the full recompute multiplies once per group (recompute-aggregates-sql.ts)
 * instead of once per activity. The settings are bound as values (read beforehand with
 * weightSettingsSql), not read from signal_settings by the statement: that leaves it free of
 * correlated subqueries, so PostgreSQL may scan and pre-aggregate in parallel workers.
 */
export function contactActivityTotalsSql(
  workspaceId: string,
  settings: WeightSettingsRow,
): RawBuilder<unknown> {
  const ws = workspaceId;
  return sql`
    SELECT a.contact_id, a.account_id,
      sum(x.base_points * ${decaySql(sql`s.now_epoch - x.epoch`, sql`s.half_life_days`)}) AS base_decayed,
      count(*)::int AS events, max(a.occurred_at) AS last_activity_at,
      max(a.occurred_at) FILTER (WHERE x.base_points > 0) AS last_positive_at,
      max(a.occurred_at) FILTER (WHERE x.base_points < 0) AS last_negative_at
    FROM activities a
    CROSS JOIN (
      SELECT ${settings.half_life_days}::float8 AS half_life_days, date_part('epoch', now()) AS now_epoch,
        ${settings.key_page_points}::float8 AS key_page_points, ${settings.key_page_likes}::text[] AS key_page_likes
    ) s
    LEFT JOIN activity_weights w ON w.workspace_id = ${ws} AND w.activity_type = a.type
    CROSS JOIN LATERAL (
      SELECT ${basePointsSql()} AS base_points, date_part('epoch', a.occurred_at) AS epoch
    ) x
    WHERE a.workspace_id = ${ws}
    GROUP BY a.contact_id, a.account_id`;
}
