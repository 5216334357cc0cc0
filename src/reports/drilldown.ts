import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { HttpProblem } from '../errors/problem.ts';
import { ensurePeriodFacts } from './refresh-period-facts.ts';
import { type AccountFilter, accountFilterCondition } from './report-account-filter.ts';
import { type Segment, segmentCondition } from './report-segments.ts';
import { resolveReportPeriod } from './resolve-report-period.ts';
import { stageThresholds } from './scorecard.ts';
import { FIGURE_CONDITIONS } from './scorecard-figures.ts';

export interface DrillRow {
  accountId: string;
  name: string;
  domain: string | null;
  isTarget: boolean;
  tier: number | null;
  touches: number;
  people: number;
  points: number;
  stageStart: string | null;
  stageMax: string | null;
  stageEnd: string | null;
  contactsStart: number;
  contactsEnd: number;
  rolesStart: number;
  rolesEnd: number;
  hadOpenOpportunity: boolean;
  oppsCreated: number;
  pipelineCreated: number;
  oppsClosed: number;
  oppsWon: number;
  wonRevenue: number;
  cycleDays: number;
  firstTouchAt: Date | null;
}

export interface DrillPage {
  period: string;
  segment: Segment;
  figure: string;
  data: DrillRow[];
  /** Pass as `cursor` for the next page; null on the last. */
  nextCursor: string | null;
}

/** Figure keys a drill-down accepts: every scorecard figure, and `entered:<stage>` / `advanced:<stage>`. */
export function isDrillFigure(figure: string): boolean {
  return figure in FIGURE_CONDITIONS || /^(entered|advanced):[a-z0-9_-]{1,50}$/i.test(figure);
}

/**
 * The accounts behind one scorecard figure of a segment and period, in account id order, a page at a
 * time (keyset on the id over the facts' primary key). For a count the rows are the accounts counted;
 * for an amount or a rate the accounts whose facts add up to it (e.g. `winRate`: the accounts with a
 * deal closed in the period). `entered:<stage>` lists accounts in that stage during the period,
 * `advanced:<stage>` those that moved from it to a deeper stage in the period.
 */
export async function drilldown(
  db: Kysely<DB>,
  workspaceId: string,
  options: {
    period: string;
    segment: Segment;
    figure: string;
    limit: number;
    cursor?: string | undefined;
  } & AccountFilter,
): Promise<DrillPage> {
  if (!isDrillFigure(options.figure)) {
    throw new HttpProblem(400, 'Bad request', {
      errors: [{ path: 'query.figure', message: `unknown figure ${options.figure}` }],
    });
  }
  const resolved = await resolveReportPeriod(db, workspaceId, options.period);
  await ensurePeriodFacts(db, workspaceId, resolved);
  const t = await stageThresholds(db, workspaceId);
  const condition = figureCondition(options.figure, t, resolved.period.start, resolved.period.end);
  const key = resolved.period.key;
  const accounts = accountFilterCondition(options, resolved.period.end);
  const { rows } = await sql<{
    account_id: string;
    name: string;
    domain: string | null;
    is_target: boolean;
    tier: number | null;
    touches: number;
    people: number;
    points: number;
    stage_start: number | null;
    stage_max: number | null;
    stage_end: number | null;
    contacts_start: number;
    contacts_end: number;
    roles_start: number;
    roles_end: number;
    had_open_opportunity: boolean;
    opps_created: number;
    pipeline_created: number;
    opps_closed: number;
    opps_won: number;
    won_amount: number;
    cycle_days: number;
    first_touch_at: Date | null;
  }>`
    SELECT f.account_id, a.name, a.domain, f.is_target, f.tier, f.touches, f.people, f.points, f.stage_start,
      f.stage_max, f.stage_end, f.contacts_start, f.contacts_end, f.roles_start, f.roles_end, f.had_open_opportunity,
      f.opps_created, f.pipeline_created, f.opps_closed, f.opps_won, f.won_amount, f.cycle_days, f.first_touch_at
    FROM report_account_periods f
    JOIN accounts a ON a.workspace_id = f.workspace_id AND a.id = f.account_id
    WHERE f.workspace_id = ${workspaceId} AND f.period = ${key}
      AND ${segmentCondition(options.segment)} AND ${condition} AND ${accounts}
      AND (${options.cursor ?? null}::uuid IS NULL OR f.account_id > ${options.cursor ?? null}::uuid)
    ORDER BY f.account_id
    LIMIT ${options.limit + 1}
  `.execute(db);
  const stageName = (pos: number | null) => (pos === null ? null : (t.stages[pos]?.key ?? null));
  const page = rows.slice(0, options.limit);
  return {
    period: key,
    segment: options.segment,
    figure: options.figure,
    data: page.map((r) => ({
      accountId: r.account_id,
      name: r.name,
      domain: r.domain,
      isTarget: r.is_target,
      tier: r.tier,
      touches: Number(r.touches),
      people: Number(r.people),
      points: Math.round(Number(r.points) * 100) / 100,
      stageStart: stageName(r.stage_start),
      stageMax: stageName(r.stage_max),
      stageEnd: stageName(r.stage_end),
      contactsStart: Number(r.contacts_start),
      contactsEnd: Number(r.contacts_end),
      rolesStart: Number(r.roles_start),
      rolesEnd: Number(r.roles_end),
      hadOpenOpportunity: r.had_open_opportunity,
      oppsCreated: Number(r.opps_created),
      pipelineCreated: Number(r.pipeline_created),
      oppsClosed: Number(r.opps_closed),
      oppsWon: Number(r.opps_won),
      wonRevenue: Number(r.won_amount),
      cycleDays: Number(r.cycle_days),
      firstTouchAt: r.first_touch_at,
    })),
    nextCursor: rows.length > options.limit ? (page[page.length - 1]?.account_id ?? null) : null,
  };
}

function figureCondition(
  figure: string,
  t: { stages: { key: string; position: number }[]; engaged: number | null; mqa: number | null },
  start: Date,
  end: Date,
) {
  const stage = /^(entered|advanced):(.+)$/.exec(figure);
  if (stage) {
    const position = t.stages.find((s) => s.key === stage[2])?.position;
    if (position === undefined) return sql<boolean>`false`;
    const inPeriod = sql`h.workspace_id = f.workspace_id AND h.account_id = f.account_id
      AND h.at >= ${start.toISOString()}::timestamptz AND h.at < ${end.toISOString()}::timestamptz`;
    if (stage[1] === 'entered') {
      return sql<boolean>`(f.stage_start = ${position} OR EXISTS (SELECT 1 FROM account_stage_history h
        WHERE ${inPeriod} AND h.to_stage = ${stage[2]}))`;
    }
    const deeper = t.stages.filter((s) => s.position > position).map((s) => s.key);
    return sql<boolean>`EXISTS (SELECT 1 FROM account_stage_history h
      WHERE ${inPeriod} AND h.from_stage = ${stage[2]} AND h.to_stage = ANY(${deeper}::text[]))`;
  }
  const text = (FIGURE_CONDITIONS[figure] ?? 'false')
    .replace(':engaged', String(t.engaged ?? 32767))
    .replace(':mqa', String(t.mqa ?? 32767));
  return sql.raw<boolean>(text);
}
