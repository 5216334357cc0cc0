import { type RawBuilder, sql } from 'kysely';

/**
 * The stored sort keys of account_engagement (migration 0651), defined once for every writer (the
 * incremental upserts, the full recompute and refreshMomentum).
 */

/**
 * `score_key` of a score stored as of `asOf`: ln(score) + days(as_of) · ln 2 / half-life, null when
 * the score is not positive. Ordering by it orders by the decayed score now (the offset
 * days(now) · ln 2 / h is the same for every account of a workspace).
 */
export function scoreKeySql(
  score: RawBuilder<unknown>,
  asOf: RawBuilder<unknown>,
  halfLifeDays: RawBuilder<unknown>,
): RawBuilder<number | null> {
  return sql<number | null>`CASE WHEN (${score}) > 0 THEN ln(${score})
    + date_part('epoch', ${asOf}) / 86400.0 * ln(2::float8) / (${halfLifeDays}) END`;
}

/** The UTC Monday of the current week, as a date. */
export const CURRENT_WEEK_SQL: RawBuilder<string> = sql<string>`date_trunc('week', now() AT TIME ZONE 'UTC')::date`;

/** The current UTC day (the day stored momentum is computed for, `account_engagement.momentum_on`). */
export const CURRENT_DAY_SQL: RawBuilder<string> = sql<string>`(now() AT TIME ZONE 'UTC')::date`;

/** Days since the current week's Monday, 0 (Monday) … 6 (Sunday). */
const DAY_IN_WEEK_SQL = sql<number>`(${CURRENT_DAY_SQL} - ${CURRENT_WEEK_SQL})`;

/** Start of the momentum window: the current week and the 4 weeks before it (momentum.ts). */
export const MOMENTUM_FROM_SQL: RawBuilder<string> = sql<string>`(${CURRENT_WEEK_SQL} - 28)`;

/**
 * Momentum lift as in momentum.ts: (points of the last 7 days − a third of the 21 days before) / |that
 * third|. Convention: null when the prior 21 days have no points ("no prior activity": trend `new` or
 * `none`), so such accounts sort with the nulls, not as an infinite lift.
 */
export function momentumLiftSql(
  last7Points: RawBuilder<unknown>,
  prior21Points: RawBuilder<unknown>,
): RawBuilder<number | null> {
  return sql<number | null>`CASE WHEN coalesce(${prior21Points}, 0) <> 0
    THEN (coalesce(${last7Points}, 0) - (${prior21Points}) / 3.0) / abs((${prior21Points}) / 3.0) END`;
}

/**
 * Momentum from weekly rows of one group (aggregate expression), over a rolling window read from the
 * weekly buckets as momentum.ts does: the last 7 days are the current week so far plus the part of the
 * previous week they reach back into, the prior 21 days the rest of the previous week, two full weeks
 * and the matching part of the fifth week back — each partial week pro-rated by its days (activity
 * taken as even within a past week). So the value reads the same on a Monday as on a Friday.
 *
 * `week` and `points` are columns of rows restricted to the window (MOMENTUM_FROM_SQL …
 * CURRENT_WEEK_SQL, or 4 week numbers back); `current` is the current week in the same terms as
 * `week`, and `weekStep` the distance of one week in those terms (7 for dates, 1 for week numbers).
 */
export function momentumAggregateSql(
  week: RawBuilder<unknown>,
  points: RawBuilder<unknown>,
  current: RawBuilder<unknown> = CURRENT_WEEK_SQL,
  weekStep = 7,
): RawBuilder<number | null> {
  const back = (n: number) => sql`${current} - ${sql.lit(n * weekStep)}`;
  const d = DAY_IN_WEEK_SQL;
  return momentumLiftSql(
    sql`(coalesce(sum(${points}) FILTER (WHERE ${week} = ${current}), 0)
      + coalesce(sum(${points}) FILTER (WHERE ${week} = ${back(1)}), 0) * (6 - ${d}) / 7.0)`,
    sql`(coalesce(sum(${points}) FILTER (WHERE ${week} = ${back(1)}), 0) * (${d} + 1) / 7.0
      + coalesce(sum(${points}) FILTER (WHERE ${week} IN (${back(2)}, ${back(3)})), 0)
      + coalesce(sum(${points}) FILTER (WHERE ${week} = ${back(4)}), 0) * (6 - ${d}) / 7.0)`,
  );
}
