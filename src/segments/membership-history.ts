import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';

export interface MembershipDay {
  /** UTC day, YYYY-MM-DD. */
  day: string;
  /** Members at the end of the day. */
  members: number;
  entered: number;
  exited: number;
}

/**
 * Members per UTC day from `from` to `to` (inclusive) with the day's entries and exits, for the
 * membership-over-time chart: members before `from` plus a running sum of entries − exits, from
 * one pass over the segment's stints in the range.
 */
export async function membershipHistory(
  db: Kysely<DB>,
  workspaceId: string,
  segmentId: string,
  from: string,
  to: string,
): Promise<MembershipDay[]> {
  const result = await sql<MembershipDay>`
    WITH sm AS (
      SELECT entered_at, exited_at FROM segment_memberships
      WHERE workspace_id = ${workspaceId} AND segment_id = ${segmentId}
    ), base AS (
      SELECT count(*) AS n FROM sm
      WHERE entered_at < ${from}::date AND (exited_at IS NULL OR exited_at >= ${from}::date)
    ), ev AS (
      SELECT (entered_at AT TIME ZONE 'UTC')::date AS day, 1 AS e, 0 AS x FROM sm
      WHERE entered_at >= ${from}::date AND entered_at < ${to}::date + 1
      UNION ALL
      SELECT (exited_at AT TIME ZONE 'UTC')::date, 0, 1 FROM sm
      WHERE exited_at >= ${from}::date AND exited_at < ${to}::date + 1
    ), per AS (SELECT day, sum(e) AS entered, sum(x) AS exited FROM ev GROUP BY day)
    SELECT to_char(d.day, 'YYYY-MM-DD') AS day,
      ((SELECT n FROM base) + sum(coalesce(p.entered, 0) - coalesce(p.exited, 0)) OVER (ORDER BY d.day))::int AS members,
      coalesce(p.entered, 0)::int AS entered, coalesce(p.exited, 0)::int AS exited
    FROM generate_series(${from}::date, ${to}::date, interval '1 day') AS g(t)
    CROSS JOIN LATERAL (SELECT g.t::date AS day) d
    LEFT JOIN per p ON p.day = d.day
    ORDER BY d.day`.execute(db);
  return result.rows;
}

/** A record's segments now and its past stints, newest first (the account or person page). */
export async function memberSegments(
  db: Kysely<DB>,
  workspaceId: string,
  memberId: string,
): Promise<
  {
    segmentId: string;
    name: string;
    enteredAt: Date;
    exitedAt: Date | null;
    entryReason: string;
    exitReason: string | null;
  }[]
> {
  const rows = await db
    .selectFrom('segment_memberships as m')
    .innerJoin('segments as s', (j) =>
      j.onRef('s.workspace_id', '=', 'm.workspace_id').onRef('s.id', '=', 'm.segment_id'),
    )
    .select(['m.segment_id', 's.name', 'm.entered_at', 'm.exited_at', 'm.entry_reason', 'm.exit_reason'])
    .where('m.workspace_id', '=', workspaceId)
    .where('m.member_id', '=', memberId)
    .orderBy('m.entered_at', 'desc')
    .limit(500)
    .execute();
  return rows.map((r) => ({
    segmentId: r.segment_id,
    name: r.name,
    enteredAt: r.entered_at,
    exitedAt: r.exited_at,
    entryReason: r.entry_reason,
    exitReason: r.exit_reason,
  }));
}
