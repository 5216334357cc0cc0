import { type Kysely, sql } from 'kysely';
import { refreshStaleStatistics } from '../db/refresh-stale-statistics.ts';
import type { DB } from '../db/schema.ts';
import { loadStageModel } from '../signals/stages/load-stage-model.ts';
import { isoDate } from './report-period.ts';
import type { ResolvedPeriod } from './resolve-report-period.ts';

/** The tables the period facts read. */
const FACT_TABLES = [
  'accounts',
  'activities',
  'activity_weights',
  'account_stage_history',
  'account_stages',
  'contacts',
  'contact_personas',
  'opportunities',
  'target_list_members',
];

/** A period still running is refreshed when its facts are older than this. */
export const OPEN_PERIOD_MAX_AGE_MS = 15 * 60_000;

/**
 * Rebuild the per-account facts of one period (`report_account_periods`) in one statement over
 * every account of the workspace, and stamp the run in `report_runs`:
 * - membership: target flag and tier from the period's list, else the accounts' current ones;
 * - touches, people and points: activities in the period (types with negative points, such as
 *   unsubscribes and bounces, are no touch; points are the type's base points, × minutes for
 *   per-minute types);
 * - stages (positions in the workspace's stage model): held at the start, deepest held during, held at
 *   the end, from the stage history (the current stage where an account has no history);
 * - coverage: contacts known and distinct committee roles covered at the start and at the end;
 * - opportunities: open at some time in the period; created in it (count, pipeline, days from the
 *   account's first touch); closed in it (count, won, won amount, days from creation to close won).
 * Amounts are summed as stored (no currency conversion).
 */
export async function refreshPeriodFacts(
  db: Kysely<DB>,
  workspaceId: string,
  resolved: ResolvedPeriod,
): Promise<number> {
  const { period, membership } = resolved;
  const model = await loadStageModel(db, workspaceId);
  const keys = model.map((s) => s.key);
  const positions = model.map((_, i) => i);
  const start = period.start.toISOString();
  const end = period.end.toISOString();
  const startDay = isoDate(period.start);
  const endDay = isoDate(period.end);
  const listId = membership.source === 'list' ? membership.listId : null;
  // One statement over whole tables: with statistics missing (a fresh embedded database) it is planned
  // as nested loops and takes minutes instead of a second.
  await refreshStaleStatistics(db, FACT_TABLES);
  return db.transaction().execute(async (trx) => {
    await trx
      .deleteFrom('report_account_periods')
      .where('workspace_id', '=', workspaceId)
      .where('period', '=', period.key)
      .execute();
    const inserted = await sql`
      WITH m AS (
        SELECT * FROM unnest(${keys}::text[], ${positions}::int[]) AS m(stage, pos)
      ), members AS (
        SELECT account_id, tier FROM target_list_members
        WHERE workspace_id = ${workspaceId} AND list_id = ${listId}::uuid
      ), acts AS (
        SELECT a.account_id, count(*)::int AS touches, count(DISTINCT a.contact_id)::int AS people,
          sum(coalesce(w.points, 0) * CASE WHEN w.per_minute THEN least(480::float8, greatest(0::float8,
            CASE WHEN jsonb_typeof(a.properties->'minutes') = 'number' THEN (a.properties->>'minutes')::float8
            ELSE 0 END)) ELSE 1 END)::real AS points
        FROM activities a
        LEFT JOIN activity_weights w ON w.workspace_id = a.workspace_id AND w.activity_type = a.type
        WHERE a.workspace_id = ${workspaceId} AND a.account_id IS NOT NULL
          AND a.occurred_at >= ${start}::timestamptz AND a.occurred_at < ${end}::timestamptz
          AND coalesce(w.points, 0) >= 0
        GROUP BY a.account_id
      ), h AS (
        SELECT h.account_id, h.at, h.id, h.from_stage, h.to_stage, mt.pos AS to_pos
        FROM account_stage_history h LEFT JOIN m mt ON mt.stage = h.to_stage
        WHERE h.workspace_id = ${workspaceId}
      ), h_before AS (
        SELECT DISTINCT ON (account_id) account_id, to_pos FROM h WHERE at < ${start}::timestamptz
        ORDER BY account_id, at DESC, id DESC
      ), h_in AS (
        SELECT account_id, max(to_pos) AS max_pos,
          (array_agg(to_pos ORDER BY at DESC, id DESC))[1] AS last_pos,
          (array_agg(from_stage ORDER BY at, id))[1] AS first_from
        FROM h WHERE at >= ${start}::timestamptz AND at < ${end}::timestamptz GROUP BY account_id
      ), h_after AS (
        SELECT DISTINCT ON (account_id) account_id, from_stage FROM h WHERE at >= ${end}::timestamptz
        ORDER BY account_id, at, id
      ), stages AS (
        SELECT a.id AS account_id,
          coalesce(hb.to_pos, mf.pos, ma.pos, mc.pos, 0) AS stage_start,
          coalesce(hi.last_pos, hb.to_pos, ma.pos, mc.pos, 0) AS stage_end,
          hi.max_pos
        FROM accounts a
        LEFT JOIN h_before hb ON hb.account_id = a.id
        LEFT JOIN h_in hi ON hi.account_id = a.id
        LEFT JOIN h_after ha ON ha.account_id = a.id
        LEFT JOIN m mf ON mf.stage = hi.first_from
        LEFT JOIN m ma ON ma.stage = ha.from_stage
        LEFT JOIN account_stages s ON s.workspace_id = a.workspace_id AND s.account_id = a.id
          AND hb.account_id IS NULL AND hi.account_id IS NULL AND ha.account_id IS NULL
        LEFT JOIN m mc ON mc.stage = s.stage
        WHERE a.workspace_id = ${workspaceId}
      ), people AS (
        SELECT c.account_id,
          count(*) FILTER (WHERE c.created_at < ${start}::timestamptz)::int AS contacts_start,
          count(*) FILTER (WHERE c.created_at < ${end}::timestamptz)::int AS contacts_end
        FROM contacts c WHERE c.workspace_id = ${workspaceId} AND c.account_id IS NOT NULL
        GROUP BY c.account_id
      ), roles AS (
        SELECT c.account_id,
          count(DISTINCT p.committee_role) FILTER (WHERE greatest(c.created_at, cp.assigned_at) < ${start}::timestamptz)::int
            AS roles_start,
          count(DISTINCT p.committee_role) FILTER (WHERE greatest(c.created_at, cp.assigned_at) < ${end}::timestamptz)::int
            AS roles_end
        FROM contacts c
        JOIN contact_personas cp ON cp.workspace_id = c.workspace_id AND cp.contact_id = c.id
        JOIN personas p ON p.workspace_id = cp.workspace_id AND p.id = cp.persona_id AND p.active
        WHERE c.workspace_id = ${workspaceId} AND c.account_id IS NOT NULL
        GROUP BY c.account_id
      ), opps AS (
        SELECT o.account_id,
          bool_or(o.created_date < ${endDay}::date
            AND (NOT o.is_closed OR coalesce(o.close_date, o.created_date) >= ${startDay}::date)) AS had_open,
          count(*) FILTER (WHERE o.created_date >= ${startDay}::date AND o.created_date < ${endDay}::date)::int AS created,
          coalesce(sum(o.amount) FILTER (WHERE o.created_date >= ${startDay}::date AND o.created_date < ${endDay}::date), 0)
            AS pipeline,
          count(*) FILTER (WHERE o.is_closed AND o.close_date >= ${startDay}::date AND o.close_date < ${endDay}::date)::int
            AS closed,
          count(*) FILTER (WHERE o.is_won AND o.close_date >= ${startDay}::date AND o.close_date < ${endDay}::date)::int AS won,
          coalesce(sum(o.amount) FILTER (WHERE o.is_won AND o.close_date >= ${startDay}::date
            AND o.close_date < ${endDay}::date), 0) AS won_amount,
          coalesce(sum(o.close_date - o.created_date) FILTER (WHERE o.is_won AND o.close_date >= ${startDay}::date
            AND o.close_date < ${endDay}::date), 0)::int AS cycle_days
        FROM opportunities o WHERE o.workspace_id = ${workspaceId} AND o.account_id IS NOT NULL
          AND o.created_date < ${endDay}::date
        GROUP BY o.account_id
      ), first_touch AS (
        SELECT o.account_id, min(ft.at) AS first_at,
          sum(extract(epoch FROM (o.created_date::timestamp AT TIME ZONE 'UTC' - ft.at)) / 86400)
            FILTER (WHERE ft.at IS NOT NULL)::real AS days,
          count(ft.at)::int AS n
        FROM opportunities o
        CROSS JOIN LATERAL (
          SELECT a.occurred_at AS at FROM activities a
          WHERE a.workspace_id = o.workspace_id AND a.account_id = o.account_id
            AND a.occurred_at < (o.created_date + 1)::timestamp AT TIME ZONE 'UTC'
          ORDER BY a.occurred_at LIMIT 1
        ) ft
        WHERE o.workspace_id = ${workspaceId} AND o.account_id IS NOT NULL
          AND o.created_date >= ${startDay}::date AND o.created_date < ${endDay}::date
        GROUP BY o.account_id
      )
      INSERT INTO report_account_periods (workspace_id, period, account_id, is_target, tier, touches, people, points,
        first_touch_at, stage_start, stage_max, stage_end, contacts_start, contacts_end, roles_start, roles_end,
        had_open_opportunity, opps_created, pipeline_created, touch_to_opp_days, touch_to_opp_count, opps_closed,
        opps_won, won_amount, cycle_days)
      SELECT ${workspaceId}, ${period.key}, a.id,
        CASE WHEN ${listId}::uuid IS NULL THEN a.is_target ELSE mb.account_id IS NOT NULL END,
        CASE WHEN ${listId}::uuid IS NULL THEN CASE WHEN a.is_target THEN a.tier END ELSE mb.tier END,
        coalesce(ac.touches, 0), coalesce(ac.people, 0), coalesce(ac.points, 0), ft.first_at,
        st.stage_start, greatest(st.stage_start, st.max_pos), st.stage_end,
        coalesce(pe.contacts_start, 0), coalesce(pe.contacts_end, 0),
        coalesce(ro.roles_start, 0), coalesce(ro.roles_end, 0),
        coalesce(op.had_open, false), coalesce(op.created, 0), coalesce(op.pipeline, 0), ft.days, coalesce(ft.n, 0),
        coalesce(op.closed, 0), coalesce(op.won, 0), coalesce(op.won_amount, 0), coalesce(op.cycle_days, 0)
      FROM accounts a
      JOIN stages st ON st.account_id = a.id
      LEFT JOIN members mb ON mb.account_id = a.id
      LEFT JOIN acts ac ON ac.account_id = a.id
      LEFT JOIN people pe ON pe.account_id = a.id
      LEFT JOIN roles ro ON ro.account_id = a.id
      LEFT JOIN opps op ON op.account_id = a.id
      LEFT JOIN first_touch ft ON ft.account_id = a.id
      WHERE a.workspace_id = ${workspaceId}
    `.execute(trx);
    const rows = Number(inserted.numAffectedRows ?? 0);
    await trx
      .insertInto('report_runs')
      .values({
        workspace_id: workspaceId,
        kind: 'facts',
        period: period.key,
        rows,
        settings: JSON.stringify({ stages: keys, membership: membershipKey(membership) }),
      })
      .onConflict((oc) =>
        oc.columns(['workspace_id', 'kind', 'period']).doUpdateSet({
          computed_at: sql`now()`,
          rows,
          settings: JSON.stringify({ stages: keys, membership: membershipKey(membership) }),
        }),
      )
      .execute();
    return rows;
  });
}

/**
 * Make sure a period's facts exist and are fresh enough: computed when missing, recomputed when
 * `force` or when the period had not ended at the last computation and that is older than
 * OPEN_PERIOD_MAX_AGE_MS. Returns when they were computed.
 */
export async function ensurePeriodFacts(
  db: Kysely<DB>,
  workspaceId: string,
  resolved: ResolvedPeriod,
  options: { force?: boolean; now?: Date } = {},
): Promise<Date> {
  const now = options.now ?? new Date();
  const run = await db
    .selectFrom('report_runs')
    .select(['computed_at', 'settings'])
    .where('workspace_id', '=', workspaceId)
    .where('kind', '=', 'facts')
    .where('period', '=', resolved.period.key)
    .executeTakeFirst();
  const sameMembership =
    run !== undefined && membershipOf(run.settings) === membershipKey(resolved.membership);
  const stale =
    !run ||
    !sameMembership ||
    (run.computed_at < resolved.period.end &&
      now.getTime() - run.computed_at.getTime() > OPEN_PERIOD_MAX_AGE_MS);
  if (options.force || stale) {
    await refreshPeriodFacts(db, workspaceId, resolved);
    return new Date();
  }
  return run.computed_at;
}

function membershipKey(m: ResolvedPeriod['membership']): string {
  return m.source === 'list' ? `list:${m.listId}` : 'accounts';
}

function membershipOf(settings: unknown): unknown {
  return settings && typeof settings === 'object' && 'membership' in settings ? settings.membership : null;
}
