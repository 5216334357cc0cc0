import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { CURRENT_WEEK_SQL, MOMENTUM_FROM_SQL, momentumAggregateSql } from './sort-keys-sql.ts';
import { signalsLockKey } from './weighted-activities-sql.ts';

/**
 * Bring account_engagement.momentum up to the current week. Every write of an account's activity
 * sets its momentum for the week of the write, but weeks roll over without events: an account quiet
 * since last week still shows last week's lift. This recomputes, in one set-based statement, the
 * accounts whose `momentum_week` is not the current week (or, with `accountIds`, those accounts
 * whatever their week) from their weekly buckets in the 4-week window. Returns the rows updated.
 *
 * There is no job scheduler in the server: call it once a week or more often (cheap when nothing is
 * stale), e.g. from a periodic task of the serving process or before sorting by momentum. The full
 * recompute sets momentum for the current week itself. Takes the workspace's signals lock in shared
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
      : sql`${sql.ref(`${alias}.momentum_week`)} IS DISTINCT FROM ${CURRENT_WEEK_SQL}`;
  const run = async (trx: Kysely<DB>) => {
    await sql`SELECT pg_advisory_xact_lock_shared(${signalsLockKey(ws)})`.execute(trx);
    const result = await sql`
      UPDATE account_engagement e SET momentum = m.momentum, momentum_week = ${CURRENT_WEEK_SQL}
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
