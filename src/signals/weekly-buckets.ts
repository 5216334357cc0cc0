import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { WeekBucket } from './momentum.ts';
import { contactColumns } from './optional-columns.ts';
import { HORIZON_START_SQL } from './weekly-horizon.ts';
import { attributesFor, weightedActivitiesSql } from './weighted-activities-sql.ts';

/**
 * Every week of an account's history with its weighted points and events, oldest first: the stored
 * buckets for the weeks inside the horizon (weekly-horizon.ts) and, for older weeks, the same sums
 * computed from the account's activities under the current weights (its own activities and those
 * of its contacts that name no account — the attribution the scores use). One statement, so both
 * parts agree on which week is current.
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
  const older = sql`
    SELECT a.* FROM activities a
    WHERE a.workspace_id = ${ws} AND a.account_id = ${accountId}
      AND a.occurred_at < (${HORIZON_START_SQL})::timestamp AT TIME ZONE 'UTC'
    UNION ALL
    SELECT a.* FROM contacts c
    JOIN activities a ON a.workspace_id = c.workspace_id AND a.contact_id = c.id
    WHERE c.workspace_id = ${ws} AND c.account_id = ${accountId} AND a.account_id IS NULL
      AND a.occurred_at < (${HORIZON_START_SQL})::timestamp AT TIME ZONE 'UTC'`;
  const weighted = weightedActivitiesSql({
    workspaceId: ws,
    activities: older,
    ...attributesFor(
      ws,
      await contactColumns(db),
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
