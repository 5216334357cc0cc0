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

/** The UTC Monday of the current week (the week `momentum` is computed for), as a date. */
export const CURRENT_WEEK_SQL: RawBuilder<string> = sql<string>`date_trunc('week', now() AT TIME ZONE 'UTC')::date`;

/** Start of the 4-week momentum window (the current week and its 3 prior weeks). */
export const MOMENTUM_FROM_SQL: RawBuilder<string> = sql<string>`(${CURRENT_WEEK_SQL} - 21)`;

/**
 * Momentum lift as in momentum.ts: (this week − mean of the 3 prior weeks) / |mean|, on weighted
 * points, from this week's points and the sum over the 3 prior weeks (missing weeks count 0).
 * Convention: null when the prior weeks sum to 0 ("no prior activity": trend `new` or `none`), so
 * such accounts sort with the nulls, not as an infinite lift.
 */
export function momentumLiftSql(
  currentPoints: RawBuilder<unknown>,
  priorPoints: RawBuilder<unknown>,
): RawBuilder<number | null> {
  return sql<number | null>`CASE WHEN coalesce(${priorPoints}, 0) <> 0
    THEN (coalesce(${currentPoints}, 0) - (${priorPoints}) / 3.0) / abs((${priorPoints}) / 3.0) END`;
}

/**
 * Momentum from weekly rows of one group (aggregate expression): `week` and `points` are columns of
 * rows restricted to the 4-week window (MOMENTUM_FROM_SQL … CURRENT_WEEK_SQL); `current` is the
 * current week in the same terms as `week` (default CURRENT_WEEK_SQL, a date).
 */
export function momentumAggregateSql(
  week: RawBuilder<unknown>,
  points: RawBuilder<unknown>,
  current: RawBuilder<unknown> = CURRENT_WEEK_SQL,
): RawBuilder<number | null> {
  return momentumLiftSql(
    sql`sum(${points}) FILTER (WHERE ${week} = ${current})`,
    sql`sum(${points}) FILTER (WHERE ${week} < ${current})`,
  );
}
