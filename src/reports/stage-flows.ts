import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { ensurePeriodFacts } from './refresh-period-facts.ts';
import { type Segment, segmentCondition } from './report-segments.ts';
import { resolveReportPeriod } from './resolve-report-period.ts';
import { stageThresholds } from './scorecard.ts';

export interface StageConversionRow {
  stage: string;
  name: string;
  position: number;
  /** Accounts in the stage at some time in the period (at its start, or entering it). */
  entered: number;
  /** Of those, accounts that moved from it to a deeper stage in the period. */
  advanced: number;
  /** advanced ÷ entered (null without entries). */
  conversion: number | null;
  /** Mean days spent in the stage, over the stays that ended in the period (entry known). */
  averageDaysInStage: number | null;
  staysEnded: number;
}

export interface StageFlow {
  source: string;
  target: string;
  /** Distinct accounts that made this move in the period. */
  accounts: number;
}

export interface StageFlows {
  period: string;
  segment: Segment;
  /** Nodes in model order (stages no longer in the model last). */
  nodes: { key: string; name: string }[];
  /** source → target counts, for a Sankey; `start:` nodes are where accounts stood at the period's start. */
  links: StageFlow[];
  /** Accounts per stage at the period's start and end. */
  atStart: Record<string, number>;
  atEnd: Record<string, number>;
}

async function prepare(db: Kysely<DB>, workspaceId: string, periodKey: string) {
  const resolved = await resolveReportPeriod(db, workspaceId, periodKey);
  await ensurePeriodFacts(db, workspaceId, resolved);
  const t = await stageThresholds(db, workspaceId);
  return { resolved, t, start: resolved.period.start.toISOString(), end: resolved.period.end.toISOString() };
}

/**
 * Stage-to-stage conversion and average time in stage for a segment in a period, from the stage
 * history of the segment's accounts.
 */
export async function stageConversion(
  db: Kysely<DB>,
  workspaceId: string,
  periodKey: string,
  segment: Segment,
): Promise<{ period: string; segment: Segment; stages: StageConversionRow[] }> {
  const { resolved, t, start, end } = await prepare(db, workspaceId, periodKey);
  const keys = t.stages.map((s) => s.key);
  const positions = t.stages.map((s) => s.position);
  const { rows } = await sql<{
    stage: string;
    entered: number;
    advanced: number;
    days: number | null;
    stays: number;
  }>`
    WITH m AS (SELECT * FROM unnest(${keys}::text[], ${positions}::int[]) AS m(stage, pos)),
    seg AS (
      SELECT f.account_id, f.stage_start FROM report_account_periods f
      WHERE f.workspace_id = ${workspaceId} AND f.period = ${resolved.period.key} AND ${segmentCondition(segment)}
    ), h AS (
      SELECT h.account_id, h.at, h.from_stage, h.to_stage,
        lag(h.at) OVER (PARTITION BY h.account_id ORDER BY h.at, h.id) AS entered_at
      FROM account_stage_history h JOIN seg ON seg.account_id = h.account_id
      WHERE h.workspace_id = ${workspaceId} AND h.at < ${end}::timestamptz
    ), in_stage AS (
      SELECT seg.account_id, m.stage FROM seg JOIN m ON m.pos = seg.stage_start
      UNION
      SELECT h.account_id, h.to_stage FROM h WHERE h.at >= ${start}::timestamptz
    ), advanced AS (
      SELECT DISTINCT h.account_id, h.from_stage AS stage FROM h
      JOIN m mf ON mf.stage = h.from_stage JOIN m mt ON mt.stage = h.to_stage
      WHERE h.at >= ${start}::timestamptz AND mt.pos > mf.pos
    ), stays AS (
      SELECT h.from_stage AS stage, avg(extract(epoch FROM h.at - h.entered_at) / 86400)::float8 AS days,
        count(*)::int AS n
      FROM h WHERE h.at >= ${start}::timestamptz AND h.entered_at IS NOT NULL GROUP BY h.from_stage
    )
    SELECT m.stage,
      (SELECT count(*) FROM in_stage i WHERE i.stage = m.stage)::int AS entered,
      (SELECT count(*) FROM advanced a JOIN in_stage i ON i.account_id = a.account_id AND i.stage = a.stage
        WHERE a.stage = m.stage)::int AS advanced,
      s.days, coalesce(s.n, 0) AS stays
    FROM m LEFT JOIN stays s ON s.stage = m.stage ORDER BY m.pos
  `.execute(db);
  return {
    period: resolved.period.key,
    segment,
    stages: rows.map((r) => {
      const stage = t.stages.find((s) => s.key === r.stage);
      const entered = Number(r.entered);
      const advanced = Number(r.advanced);
      return {
        stage: r.stage,
        name: stage?.name ?? r.stage,
        position: stage?.position ?? 0,
        entered,
        advanced,
        conversion: entered > 0 ? Math.round((advanced / entered) * 10000) / 10000 : null,
        averageDaysInStage: r.days === null ? null : Math.round(Number(r.days) * 100) / 100,
        staysEnded: Number(r.stays),
      };
    }),
  };
}

/** Stage-to-stage flows of a segment in a period (source → target account counts, for a Sankey). */
export async function stageFlows(
  db: Kysely<DB>,
  workspaceId: string,
  periodKey: string,
  segment: Segment,
): Promise<StageFlows> {
  const { resolved, t, start, end } = await prepare(db, workspaceId, periodKey);
  const cond = segmentCondition(segment);
  const [links, counts] = await Promise.all([
    sql<{ source: string; target: string; accounts: number }>`
      SELECT h.from_stage AS source, h.to_stage AS target, count(DISTINCT h.account_id)::int AS accounts
      FROM account_stage_history h
      JOIN report_account_periods f ON f.workspace_id = h.workspace_id AND f.account_id = h.account_id
        AND f.period = ${resolved.period.key}
      WHERE h.workspace_id = ${workspaceId} AND h.at >= ${start}::timestamptz AND h.at < ${end}::timestamptz AND ${cond}
      GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2
    `.execute(db),
    sql<{ pos: number | null; at_start: number; at_end: number; which: string }>`
      SELECT 'start' AS which, f.stage_start AS pos, count(*)::int AS at_start, 0 AS at_end
      FROM report_account_periods f WHERE f.workspace_id = ${workspaceId} AND f.period = ${resolved.period.key} AND ${cond}
      GROUP BY f.stage_start
      UNION ALL
      SELECT 'end', f.stage_end, 0, count(*)::int
      FROM report_account_periods f WHERE f.workspace_id = ${workspaceId} AND f.period = ${resolved.period.key} AND ${cond}
      GROUP BY f.stage_end
    `.execute(db),
  ]);
  const name = (pos: number | null) => t.stages[pos ?? 0]?.key ?? 'unknown';
  const atStart: Record<string, number> = {};
  const atEnd: Record<string, number> = {};
  for (const r of counts.rows) {
    if (r.which === 'start') atStart[name(r.pos)] = Number(r.at_start);
    else atEnd[name(r.pos)] = Number(r.at_end);
  }
  const known = new Set(t.stages.map((s) => s.key));
  const strays = [...new Set(links.rows.flatMap((l) => [l.source, l.target]))]
    .filter((k) => !known.has(k))
    .sort();
  return {
    period: resolved.period.key,
    segment,
    nodes: [
      ...t.stages.map((s) => ({ key: s.key, name: s.name })),
      ...strays.map((k) => ({ key: k, name: k })),
    ],
    links: links.rows.map((l) => ({ source: l.source, target: l.target, accounts: Number(l.accounts) })),
    atStart,
    atEnd,
  };
}
