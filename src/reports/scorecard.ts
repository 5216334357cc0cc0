import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { loadStageModel } from '../signals/stages/load-stage-model.ts';
import { ensurePeriodFacts } from './refresh-period-facts.ts';
import { type AccountFilter, accountFilterCondition } from './report-account-filter.ts';
import { SEGMENT_LABELS, SEGMENTS, type Segment } from './report-segments.ts';
import { type Membership, resolveReportPeriod } from './resolve-report-period.ts';
import { deriveFigures, type ScorecardFigures, type SegmentTotals } from './scorecard-figures.ts';

export interface StagePosition {
  key: string;
  name: string;
  position: number;
}

export interface Scorecard {
  period: { key: string; calendar: string; start: Date; end: Date; previous: string };
  membership: Membership;
  computedAt: Date;
  segments: { segment: Segment; label: string; figures: ScorecardFigures }[];
  stages: StagePosition[];
  /** Positions of the stages counted as engaged and MQA (null when the model has no such stage). */
  thresholds: { engaged: number | null; mqa: number | null };
}

/** Stage positions and the engaged/MQA thresholds of the workspace's model. */
export async function stageThresholds(
  db: Kysely<DB>,
  workspaceId: string,
): Promise<{ stages: StagePosition[]; engaged: number | null; mqa: number | null }> {
  const model = await loadStageModel(db, workspaceId);
  const stages = model.map((s, position) => ({ key: s.key, name: s.name, position }));
  const at = (key: string) => stages.find((s) => s.key === key)?.position ?? null;
  return { stages, engaged: at('engaged'), mqa: at('mqa') };
}

/**
 * The scorecard of a period for every segment (all accounts, targets, non-targets, each tier),
 * added up from the period's account facts (computed on first use; see ensurePeriodFacts).
 *
 * @example
 * const card = await scorecard(db, workspaceId, '2026-Q3');
 * card.segments.find((s) => s.segment === 'targets')?.figures.pipelineVelocity;
 */
export async function scorecard(
  db: Kysely<DB>,
  workspaceId: string,
  periodKey: string,
  options: { refresh?: boolean; segments?: readonly Segment[]; filter?: AccountFilter } = {},
): Promise<Scorecard> {
  const resolved = await resolveReportPeriod(db, workspaceId, periodKey);
  const computedAt = await ensurePeriodFacts(db, workspaceId, resolved, { force: options.refresh ?? false });
  const thresholds = await stageThresholds(db, workspaceId);
  const totals = await segmentTotals(db, workspaceId, resolved.period.key, thresholds, {
    filter: options.filter ?? {},
    periodEnd: resolved.period.end,
  });
  const wanted = options.segments ?? SEGMENTS;
  const { period } = resolved;
  return {
    period: {
      key: period.key,
      calendar: period.calendar,
      start: period.start,
      end: period.end,
      previous: period.previous,
    },
    membership: resolved.membership,
    computedAt,
    segments: wanted.map((segment) => ({
      segment,
      label: SEGMENT_LABELS[segment],
      figures: deriveFigures(totals.get(segment) ?? emptyTotals(thresholds)),
    })),
    stages: thresholds.stages,
    thresholds: { engaged: thresholds.engaged, mqa: thresholds.mqa },
  };
}

function emptyTotals(t: { engaged: number | null; mqa: number | null }): SegmentTotals {
  return {
    accounts: 0,
    reached: 0,
    engaged: t.engaged === null ? null : 0,
    mqa: t.mqa === null ? null : 0,
    withOpportunity: 0,
    won: 0,
    coverageGrew: 0,
    contactsStart: 0,
    contactsEnd: 0,
    rolesStart: 0,
    rolesEnd: 0,
    touches: 0,
    points: 0,
    people: 0,
    oppsCreated: 0,
    pipelineCreated: 0,
    oppsClosed: 0,
    oppsWon: 0,
    wonRevenue: 0,
    cycleDaysSum: 0,
    touchToOppDaysSum: 0,
    touchToOppCount: 0,
  };
}

/**
 * One pass over the period's facts, each row counted in `all`, targets or non-targets, and its tier;
 * optionally only the accounts of an owner or a play (see accountFilterCondition).
 */
export async function segmentTotals(
  db: Kysely<DB>,
  workspaceId: string,
  periodKey: string,
  thresholds: { engaged: number | null; mqa: number | null },
  narrow?: { filter: AccountFilter; periodEnd: Date },
): Promise<Map<Segment, SegmentTotals>> {
  const accounts = narrow ? accountFilterCondition(narrow.filter, narrow.periodEnd) : sql<boolean>`true`;
  const engaged = thresholds.engaged ?? 32767;
  const mqa = thresholds.mqa ?? 32767;
  const { rows } = await sql<Record<string, number | string | null>>`
    SELECT s.segment, count(*)::int AS accounts,
      count(*) FILTER (WHERE f.touches > 0)::int AS reached,
      count(*) FILTER (WHERE f.stage_max >= ${engaged})::int AS engaged,
      count(*) FILTER (WHERE f.stage_max >= ${mqa})::int AS mqa,
      count(*) FILTER (WHERE f.had_open_opportunity)::int AS with_opportunity,
      count(*) FILTER (WHERE f.opps_won > 0)::int AS won,
      count(*) FILTER (WHERE f.contacts_end > f.contacts_start OR f.roles_end > f.roles_start)::int AS coverage_grew,
      sum(f.contacts_start)::float8 AS contacts_start, sum(f.contacts_end)::float8 AS contacts_end,
      sum(f.roles_start)::float8 AS roles_start, sum(f.roles_end)::float8 AS roles_end,
      sum(f.touches)::float8 AS touches, sum(f.points)::float8 AS points, sum(f.people)::float8 AS people,
      sum(f.opps_created)::float8 AS opps_created, sum(f.pipeline_created)::float8 AS pipeline_created,
      sum(f.opps_closed)::float8 AS opps_closed, sum(f.opps_won)::float8 AS opps_won,
      sum(f.won_amount)::float8 AS won_revenue, sum(f.cycle_days)::float8 AS cycle_days,
      coalesce(sum(f.touch_to_opp_days), 0)::float8 AS touch_days, sum(f.touch_to_opp_count)::float8 AS touch_count
    FROM report_account_periods f
    CROSS JOIN LATERAL (VALUES ('all'),
      (CASE WHEN f.is_target THEN 'targets' ELSE 'non_targets' END),
      (CASE WHEN f.is_target AND f.tier IS NOT NULL THEN 'tier_' || f.tier END)) s(segment)
    WHERE f.workspace_id = ${workspaceId} AND f.period = ${periodKey} AND s.segment IS NOT NULL AND ${accounts}
    GROUP BY s.segment
  `.execute(db);
  const n = (v: number | string | null | undefined) => Number(v ?? 0);
  const map = new Map<Segment, SegmentTotals>();
  for (const r of rows) {
    const segment = SEGMENTS.find((s) => s === r.segment);
    if (!segment) continue;
    map.set(segment, {
      accounts: n(r.accounts),
      reached: n(r.reached),
      engaged: thresholds.engaged === null ? null : n(r.engaged),
      mqa: thresholds.mqa === null ? null : n(r.mqa),
      withOpportunity: n(r.with_opportunity),
      won: n(r.won),
      coverageGrew: n(r.coverage_grew),
      contactsStart: n(r.contacts_start),
      contactsEnd: n(r.contacts_end),
      rolesStart: n(r.roles_start),
      rolesEnd: n(r.roles_end),
      touches: n(r.touches),
      points: Math.round(n(r.points) * 100) / 100,
      people: n(r.people),
      oppsCreated: n(r.opps_created),
      pipelineCreated: n(r.pipeline_created),
      oppsClosed: n(r.opps_closed),
      oppsWon: n(r.opps_won),
      wonRevenue: n(r.won_revenue),
      cycleDaysSum: n(r.cycle_days),
      touchToOppDaysSum: Math.round(n(r.touch_days) * 100) / 100,
      touchToOppCount: n(r.touch_count),
    });
  }
  return map;
}
