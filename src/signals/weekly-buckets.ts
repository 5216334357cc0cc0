import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { accountActivitiesSql } from './account-activities-sql.ts';
import type { WeekBucket } from './momentum.ts';
import { HORIZON_START_AT_SQL, HORIZON_START_SQL } from './weekly-horizon.ts';
import { attributesFor, weightedActivitiesSql } from './weighted-activities-sql.ts';

/**
 * Every week of an account's history with its weighted points and events, oldest first: the stored
 * buckets for the weeks inside the horizon (weekly-horizon.ts) and, for older weeks, the same sums
 * computed from the account's activities (accountActivitiesSql) under the current weights. One
 * statement, so both parts agree on which week is current.
 *
 * @example
 * const buckets = await accountWeeklyBuckets(db, workspaceId, accountId);
 */
export async function accountWeeklyBuckets(
  db: Kysely<DB>,
  workspaceId: string,
  accountId: string,
): Promise<WeekBucket[]> {
  const ws = workspaceId;
  const contacts = await db
    .selectFrom('contacts')
    .select('id')
    .where('workspace_id', '=', ws)
    .where('account_id', '=', accountId)
    .execute();
  const older = accountActivitiesSql(ws, accountId, sql<boolean>`a.occurred_at < ${HORIZON_START_AT_SQL}`);
  const weighted = weightedActivitiesSql({
    workspaceId: ws,
    activities: older,
    ...attributesFor(
      ws,
      contacts.map((c) => c.id),
      [accountId],
    ),
  });
  const rows = await sql<{ week_start: string; points: number; events: number }>`
    SELECT w.week_start::text AS week_start, w.points, w.events FROM account_weekly_activity w
    WHERE w.workspace_id = ${ws} AND w.account_id = ${accountId} AND w.week_start >= ${HORIZON_START_SQL}
    UNION ALL
    SELECT o.week_start::text, sum(o.weight), count(*)::int FROM (${weighted}) o
    WHERE o.account_id = ${accountId}
    GROUP BY o.week_start
    ORDER BY 1`.execute(db);
  return rows.rows.map((r) => ({ weekStart: r.week_start, points: r.points, events: r.events }));
}
