import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import {
  CURRENT_DAY_SQL,
  CURRENT_WEEK_SQL,
  MOMENTUM_FROM_SQL,
  momentumAggregateSql,
} from './sort-keys-sql.ts';
import { signalsLockKey } from './weighted-activities-sql.ts';

/**
 * Bring account_engagement.momentum up to the current day. Every write of an account's activity sets
 * its momentum for the day of the write, but the rolling window moves on without events: an account
 * quiet since yesterday still shows yesterday's lift. This recomputes, in one set-based statement, the
 * accounts whose `momentum_on` is not today (or, with `accountIds`, those accounts whatever their
 * day) from their weekly buckets in the 5-week window. Accounts with no momentum and no activity in
 * the window are left alone (their momentum stays null whatever the day). Returns the rows updated.
 *
 * The server's momentum refresher calls it every 15 minutes (cheap when nothing is stale: most runs
 * update nothing, one run a day updates the active accounts). The full recompute sets momentum for
 * the current day itself. Takes the workspace's signals lock in shared
 * mode; an account written concurrently by applyActivities keeps the value that write computed.
 *
 * @example
 * await refreshMomentum(db, workspaceId); // after a week boundary
 */
export async function refreshMomentum(
  db: Kysely<DB>,
  workspaceId: string,
  options: { accountIds?: readonly string[] } = {},
): Promise<number> {
  const ws = workspaceId;
  const ids = options.accountIds ? [...new Set(options.accountIds)] : null;
  if (ids && ids.length === 0) return 0;
  const which = (alias: string) =>
    ids
      ? sql`${sql.ref(`${alias}.account_id`)} = ANY (${ids}::uuid[])`
      : sql`${sql.ref(`${alias}.momentum_on`)} IS DISTINCT FROM ${CURRENT_DAY_SQL}
          AND (${sql.ref(`${alias}.momentum`)} IS NOT NULL OR EXISTS (
            SELECT 1 FROM account_weekly_activity x
            WHERE x.workspace_id = ${ws} AND x.account_id = ${sql.ref(`${alias}.account_id`)}
              AND x.week_start BETWEEN ${MOMENTUM_FROM_SQL} AND ${CURRENT_WEEK_SQL}))`;
  const run = async (trx: Kysely<DB>) => {
    await sql`SELECT pg_advisory_xact_lock_shared(${signalsLockKey(ws)})`.execute(trx);
    const result = await sql`
      UPDATE account_engagement e SET momentum = m.momentum, momentum_on = ${CURRENT_DAY_SQL}
      FROM (
        SELECT s.account_id, ${momentumAggregateSql(sql`w.week_start`, sql`w.points`)} AS momentum
        FROM account_engagement s
        LEFT JOIN account_weekly_activity w ON w.workspace_id = s.workspace_id AND w.account_id = s.account_id
          AND w.week_start BETWEEN ${MOMENTUM_FROM_SQL} AND ${CURRENT_WEEK_SQL}
        WHERE s.workspace_id = ${ws} AND ${which('s')}
        GROUP BY s.account_id
      ) m
      WHERE e.workspace_id = ${ws} AND e.account_id = m.account_id AND ${which('e')}`.execute(trx);
    return Number(result.numAffectedRows ?? 0);
  };
  return db.isTransaction ? run(db) : db.transaction().execute(run);
}
