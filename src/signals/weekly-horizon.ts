import { type RawBuilder, sql } from 'kysely';
import { CURRENT_WEEK_SQL } from './sort-keys-sql.ts';

/**
 * How far back account_weekly_activity is kept: the current week and the 26 weeks before it (half
 * a year). Everything that reads weekly points set-based reads inside it — `points` stage
 * conditions (windows of at most WEEKLY_HORIZON_DAYS), momentum (4 weeks) and the default 26-week
 * series of the engagement API — so the writers (the incremental path and the full recompute) only
 * keep those weeks, and a recompute rewrites half a year of buckets instead of the whole history.
 * Older weeks are computed from the account's activities when its engagement series asks for them
 * (getAccountEngagement), and pruneWeeklyBuckets drops buckets that have aged out.
 */
export const WEEKLY_HORIZON_WEEKS = 26;

/** The longest `points` stage-condition window: its first week is the horizon's first week. */
export const WEEKLY_HORIZON_DAYS = WEEKLY_HORIZON_WEEKS * 7;

/** The Monday of the oldest kept week, as a date (CURRENT_WEEK_SQL − 26 weeks). */
export const HORIZON_START_SQL: RawBuilder<string> = sql<string>`(${CURRENT_WEEK_SQL} - ${sql.lit(WEEKLY_HORIZON_DAYS)})`;

/** The start of the oldest kept week as a timestamptz (its Monday, 00:00 UTC): activities from it on are inside. */
export const HORIZON_START_AT_SQL: RawBuilder<Date> = sql<Date>`((${HORIZON_START_SQL})::timestamp AT TIME ZONE 'UTC')`;

/** The oldest kept week as a week number (weekNumberSql terms), given the current week number. */
export function horizonStartWeekSql(currentWeek: RawBuilder<unknown>): RawBuilder<number> {
  return sql<number>`(${currentWeek} - ${sql.lit(WEEKLY_HORIZON_WEEKS)})`;
}
