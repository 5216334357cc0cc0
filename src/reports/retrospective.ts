import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { ensureDefaultPersonas } from '../personas/default-personas.ts';
import type { AttributionModel } from './attribution-models.ts';
import { type AttributionRow, attributionReport, ensureAttribution } from './attribution-report.ts';
import { listGoals } from './period-goals.ts';
import { listPeriodNotes, type PeriodNote } from './period-notes.ts';
import { type Segment, segmentCondition } from './report-segments.ts';
import { resolveReportPeriod } from './resolve-report-period.ts';
import { type Scorecard, scorecard } from './scorecard.ts';
import type { ScorecardFigures } from './scorecard-figures.ts';
import { touchDimensionSql } from './touch-dimensions-sql.ts';

/** The figures a review walks through, in order; lower is better for the cycle lengths. */
export const REVIEW_METRICS = [
  'accounts',
  'reached',
  'engaged',
  'mqa',
  'withOpportunity',
  'won',
  'contactsPerAccount',
  'contactsGrowth',
  'rolesPerAccount',
  'rolesGrowth',
  'pointsPerAccount',
  'engagedPeoplePerAccount',
  'oppsCreated',
  'pipelineCreated',
  'wonRevenue',
  'winRate',
  'averageDealSize',
  'salesCycleDays',
  'daysFirstTouchToOpportunity',
  'pipelineVelocity',
] as const satisfies readonly (keyof ScorecardFigures)[];
const LOWER_IS_BETTER = new Set<string>(['salesCycleDays', 'daysFirstTouchToOpportunity']);

export interface ReviewRow {
  metric: string;
  current: number | null;
  previous: number | null;
  /** current ÷ previous − 1 (null without both). */
  change: number | null;
  goal: number | null;
  goalMet: boolean | null;
}

export interface AccountLine {
  accountId: string;
  name: string;
  tier: number | null;
  points: number;
  touches: number;
  stageStart: string | null;
  stageEnd: string | null;
  pipelineCreated: number;
  wonRevenue: number;
}

export interface Retrospective {
  period: string;
  previousPeriod: string;
  segment: Segment;
  model: AttributionModel;
  computedAt: Date;
  scorecard: ReviewRow[];
  goals: (ReviewRow & { segment: string })[];
  bestAccounts: AccountLine[];
  worstAccounts: AccountLine[];
  plays: AttributionRow[];
  assets: (AttributionRow & { accountsMoved: number })[];
  committeeGaps: {
    accountId: string;
    name: string;
    tier: number | null;
    contacts: number;
    missingRoles: string[];
  }[];
  roleGaps: { role: string; accountsMissing: number }[];
  notes: PeriodNote[];
  suggestions: {
    accountId: string;
    name: string;
    action: 'add' | 'review';
    suggestedTier: number | null;
    reason: string;
  }[];
}

function figure(card: Scorecard, segment: string, metric: string): number | null {
  const figures = card.segments.find((s) => s.segment === segment)?.figures;
  if (!figures) return null;
  const value = Object.entries(figures).find(([k]) => k === metric)?.[1];
  return typeof value === 'number' ? value : null;
}

function reviewRow(
  metric: string,
  current: number | null,
  previous: number | null,
  goal: number | null,
): ReviewRow {
  return {
    metric,
    current,
    previous,
    change:
      current !== null && previous !== null && previous !== 0
        ? Math.round((current / previous - 1) * 10000) / 10000
        : null,
    goal,
    goalMet:
      goal === null || current === null
        ? null
        : LOWER_IS_BETTER.has(metric)
          ? current <= goal
          : current >= goal,
  };
}

/**
 * Everything the joint sales–marketing review of a period needs, as tables: the scorecard against
 * its goals and the previous period, best and worst accounts, plays and assets by attributed
 * pipeline (assets also by the accounts that moved a stage after touching them), open committee gaps
 * of target accounts, both teams' notes, and suggestions for the next target list (non-targets that
 * created pipeline or reached MQA: add; targets with no touch and no progress: review).
 */
export async function retrospective(
  db: Kysely<DB>,
  workspaceId: string,
  options: { period: string; segment: Segment; model: AttributionModel },
): Promise<Retrospective> {
  const current = await scorecard(db, workspaceId, options.period);
  const previous = await scorecard(db, workspaceId, current.period.previous);
  const key = current.period.key;
  const goals = await listGoals(db, workspaceId, key);
  const goalOf = (segment: string, metric: string) =>
    goals.find((g) => g.segment === segment && g.metric === metric)?.target ?? null;
  const seg = segmentCondition(options.segment);
  const stageKey = (pos: number | null) => (pos === null ? null : (current.stages[pos]?.key ?? null));
  const mqa = current.thresholds.mqa ?? 32767;
  const start = current.period.start.toISOString();
  const end = current.period.end.toISOString();
  await ensureDefaultPersonas(db, workspaceId);
  // Both attribution reports below read the same run: compute it once, not twice at the same time.
  await ensureAttribution(db, workspaceId, await resolveReportPeriod(db, workspaceId, key));

  const accountLines = async (order: 'best' | 'worst') => {
    const { rows } = await sql<{
      account_id: string;
      name: string;
      tier: number | null;
      points: number;
      touches: number;
      stage_start: number | null;
      stage_end: number | null;
      pipeline_created: number;
      won_amount: number;
    }>`
      SELECT f.account_id, a.name, f.tier, f.points, f.touches, f.stage_start, f.stage_end, f.pipeline_created, f.won_amount
      FROM report_account_periods f JOIN accounts a ON a.workspace_id = f.workspace_id AND a.id = f.account_id
      WHERE f.workspace_id = ${workspaceId} AND f.period = ${key} AND ${seg}
        AND ${order === 'best' ? sql`(f.won_amount > 0 OR f.pipeline_created > 0 OR f.points > 0)` : sql`f.opps_created = 0 AND f.opps_won = 0`}
      ORDER BY ${
        order === 'best'
          ? sql`f.won_amount DESC, f.pipeline_created DESC, f.points DESC`
          : sql`f.points ASC, f.touches ASC, (f.stage_end - f.stage_start) ASC`
      }, f.account_id
      LIMIT 10`.execute(db);
    return rows.map((r) => ({
      accountId: r.account_id,
      name: r.name,
      tier: r.tier,
      points: Math.round(Number(r.points) * 100) / 100,
      touches: Number(r.touches),
      stageStart: stageKey(r.stage_start),
      stageEnd: stageKey(r.stage_end),
      pipelineCreated: Number(r.pipeline_created),
      wonRevenue: Number(r.won_amount),
    }));
  };

  const [best, worst, plays, assets, moved, gaps, notes, suggestions] = await Promise.all([
    accountLines('best'),
    accountLines('worst'),
    attributionReport(db, workspaceId, {
      period: key,
      model: options.model,
      by: 'play',
      kind: 'all',
      segment: options.segment,
    }),
    attributionReport(db, workspaceId, {
      period: key,
      model: options.model,
      by: 'asset',
      kind: 'all',
      segment: options.segment,
    }),
    sql<{ key: string | null; moved: number }>`
      SELECT ${touchDimensionSql('asset')} AS key, count(DISTINCT a.account_id)::int AS moved
      FROM activities a JOIN report_account_periods f ON f.workspace_id = a.workspace_id AND f.period = ${key}
        AND f.account_id = a.account_id
      WHERE a.workspace_id = ${workspaceId} AND a.occurred_at >= ${start}::timestamptz AND a.occurred_at < ${end}::timestamptz
        AND f.stage_max > f.stage_start AND ${seg}
      GROUP BY 1`.execute(db),
    sql<{ account_id: string; name: string; tier: number | null; contacts: number; missing: string[] }>`
      WITH key_roles AS (
        SELECT DISTINCT committee_role AS role FROM personas WHERE workspace_id = ${workspaceId} AND active
      ), t AS (
        SELECT f.account_id, f.tier, f.contacts_end FROM report_account_periods f
        WHERE f.workspace_id = ${workspaceId} AND f.period = ${key} AND f.is_target AND ${seg}
      ), have AS (
        SELECT DISTINCT c.account_id, p.committee_role AS role
        FROM t JOIN contacts c ON c.workspace_id = ${workspaceId} AND c.account_id = t.account_id
        JOIN contact_personas cp ON cp.workspace_id = c.workspace_id AND cp.contact_id = c.id
        JOIN personas p ON p.workspace_id = cp.workspace_id AND p.id = cp.persona_id AND p.active
      )
      SELECT t.account_id, a.name, t.tier, t.contacts_end AS contacts,
        array(SELECT k.role FROM key_roles k WHERE NOT EXISTS (SELECT 1 FROM have h
          WHERE h.account_id = t.account_id AND h.role = k.role) ORDER BY k.role) AS missing
      FROM t JOIN accounts a ON a.workspace_id = ${workspaceId} AND a.id = t.account_id
      ORDER BY t.tier NULLS LAST, a.name, t.account_id`.execute(db),
    listPeriodNotes(db, workspaceId, key),
    sql<{ account_id: string; name: string; action: 'add' | 'review'; tier: number | null; reason: string }>`
      (SELECT f.account_id, a.name, 'add' AS action, CASE WHEN f.opps_created > 0 THEN 2 ELSE 3 END AS tier,
        CASE WHEN f.opps_created > 0 THEN 'not a target, yet created ' || f.opps_created || ' opportunity(ies) this period'
          ELSE 'not a target, yet reached MQA this period' END AS reason
      FROM report_account_periods f JOIN accounts a ON a.workspace_id = f.workspace_id AND a.id = f.account_id
      WHERE f.workspace_id = ${workspaceId} AND f.period = ${key} AND NOT f.is_target
        AND (f.opps_created > 0 OR f.stage_max >= ${mqa})
      ORDER BY f.pipeline_created DESC, f.points DESC, f.account_id LIMIT 50)
      UNION ALL
      (SELECT f.account_id, a.name, 'review', f.tier, 'a target with no touch and no progress this period'
      FROM report_account_periods f JOIN accounts a ON a.workspace_id = f.workspace_id AND a.id = f.account_id
      WHERE f.workspace_id = ${workspaceId} AND f.period = ${key} AND f.is_target AND f.touches = 0
        AND NOT f.had_open_opportunity AND coalesce(f.stage_end, 0) <= coalesce(f.stage_start, 0)
      ORDER BY f.tier NULLS LAST, f.account_id LIMIT 50)`.execute(db),
  ]);
  const missing = gaps.rows.filter((g) => g.missing.length > 0);
  const roleCounts = new Map<string, number>();
  for (const g of missing) for (const r of g.missing) roleCounts.set(r, (roleCounts.get(r) ?? 0) + 1);
  return {
    period: key,
    previousPeriod: previous.period.key,
    segment: options.segment,
    model: options.model,
    computedAt: current.computedAt,
    scorecard: REVIEW_METRICS.map((m) =>
      reviewRow(
        m,
        figure(current, options.segment, m),
        figure(previous, options.segment, m),
        goalOf(options.segment, m),
      ),
    ),
    goals: goals.map((g) => ({
      segment: g.segment,
      ...reviewRow(
        g.metric,
        figure(current, g.segment, g.metric),
        figure(previous, g.segment, g.metric),
        g.target,
      ),
    })),
    bestAccounts: best,
    worstAccounts: worst,
    plays: plays.rows,
    assets: assets.rows.map((r) => ({
      ...r,
      accountsMoved: moved.rows.find((m) => m.key === r.key)?.moved ?? 0,
    })),
    committeeGaps: missing.slice(0, 200).map((g) => ({
      accountId: g.account_id,
      name: g.name,
      tier: g.tier,
      contacts: Number(g.contacts),
      missingRoles: g.missing,
    })),
    roleGaps: [...roleCounts]
      .map(([role, accountsMissing]) => ({ role, accountsMissing }))
      .sort((a, b) => b.accountsMissing - a.accountsMissing),
    notes,
    suggestions: suggestions.rows.map((s) => ({
      accountId: s.account_id,
      name: s.name,
      action: s.action,
      suggestedTier: s.tier,
      reason: s.reason,
    })),
  };
}
