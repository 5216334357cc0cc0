import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { AttributionModel } from './attribution-models.ts';
import { attributionReport } from './attribution-report.ts';
import { ensurePeriodFacts } from './refresh-period-facts.ts';
import { isoDate } from './report-period.ts';
import { type Segment, segmentCondition } from './report-segments.ts';
import { resolveReportPeriod } from './resolve-report-period.ts';
import { stageThresholds } from './scorecard.ts';
import { touchDimensionSql } from './touch-dimensions-sql.ts';

export const ROI_DIMENSIONS = ['channel', 'campaign', 'play', 'event'] as const;
export type RoiDimension = (typeof ROI_DIMENSIONS)[number];

export interface RoiRow {
  key: string | null;
  /** Costs in the period (a cost spanning days outside it counts pro rata by day). */
  cost: number;
  /** Accounts with a touch of this key in the period / of those, engaged (deepest stage ≥ engaged). */
  reachedAccounts: number;
  engagedAccounts: number;
  /** Attributed by the model: Σ share of opportunities created, pipeline, Σ share of won deals, revenue. */
  opportunities: number;
  pipeline: number;
  wonDeals: number;
  revenue: number;
  /** (revenue − cost) ÷ cost; null without cost. */
  roi: number | null;
  costPerEngagedAccount: number | null;
  costPerOpportunity: number | null;
  costPerWonDeal: number | null;
}

export interface RoiReport {
  period: string;
  model: AttributionModel;
  by: RoiDimension;
  segment: Segment;
  rows: RoiRow[];
  totals: Omit<RoiRow, 'key'>;
}

const per = (cost: number, n: number) => (cost > 0 && n > 0 ? Math.round((cost / n) * 100) / 100 : null);

function finish(
  r: Omit<RoiRow, 'roi' | 'costPerEngagedAccount' | 'costPerOpportunity' | 'costPerWonDeal'>,
): RoiRow {
  return {
    ...r,
    cost: Math.round(r.cost * 100) / 100,
    roi: r.cost > 0 ? Math.round(((r.revenue - r.cost) / r.cost) * 10000) / 10000 : null,
    costPerEngagedAccount: per(r.cost, r.engagedAccounts),
    costPerOpportunity: per(r.cost, r.opportunities),
    costPerWonDeal: per(r.cost, r.wonDeals),
  };
}

/**
 * Spend and return per channel, campaign, play or event in a period under one attribution model:
 * the costs entered or imported, the accounts reached and engaged through it, and the pipeline and
 * revenue the model credits to it; ROI and cost per engaged account, per opportunity and per won deal.
 */
export async function roiReport(
  db: Kysely<DB>,
  workspaceId: string,
  options: { period: string; model: AttributionModel; by: RoiDimension; segment: Segment },
): Promise<RoiReport> {
  const resolved = await resolveReportPeriod(db, workspaceId, options.period);
  await ensurePeriodFacts(db, workspaceId, resolved);
  const t = await stageThresholds(db, workspaceId);
  const attribution = await attributionReport(db, workspaceId, { ...options, kind: 'all' });
  const start = resolved.period.start;
  const end = resolved.period.end;
  const startDay = isoDate(start);
  const endDay = isoDate(end);
  const costColumn = sql.ref(options.by);
  const [costs, reach] = await Promise.all([
    sql<{ key: string | null; cost: number }>`
      SELECT ${costColumn} AS key,
        sum(amount * (least(ends_on + 1, ${endDay}::date) - greatest(starts_on, ${startDay}::date))::numeric
          / (ends_on - starts_on + 1))::float8 AS cost
      FROM marketing_costs
      WHERE workspace_id = ${workspaceId} AND starts_on < ${endDay}::date AND ends_on >= ${startDay}::date
      GROUP BY 1`.execute(db),
    sql<{ key: string | null; reached: number; engaged: number }>`
      SELECT ${touchDimensionSql(options.by)} AS key, count(DISTINCT a.account_id)::int AS reached,
        count(DISTINCT a.account_id) FILTER (WHERE f.stage_max >= ${t.engaged ?? 32767})::int AS engaged
      FROM activities a
      JOIN report_account_periods f ON f.workspace_id = a.workspace_id AND f.period = ${resolved.period.key}
        AND f.account_id = a.account_id
      LEFT JOIN activity_weights w ON w.workspace_id = a.workspace_id AND w.activity_type = a.type
      WHERE a.workspace_id = ${workspaceId} AND a.account_id IS NOT NULL
        AND a.occurred_at >= ${start.toISOString()}::timestamptz AND a.occurred_at < ${end.toISOString()}::timestamptz
        AND coalesce(w.points, 0) >= 0 AND ${segmentCondition(options.segment)}
      GROUP BY 1`.execute(db),
  ]);
  const keys = new Set<string | null>();
  for (const r of costs.rows) keys.add(r.key);
  for (const r of attribution.rows) keys.add(r.key);
  for (const r of reach.rows) keys.add(r.key);
  const rows = [...keys].map((key) => {
    const a = attribution.rows.find((r) => r.key === key);
    const c = costs.rows.find((r) => r.key === key);
    const x = reach.rows.find((r) => r.key === key);
    return finish({
      key,
      cost: Number(c?.cost ?? 0),
      reachedAccounts: Number(x?.reached ?? 0),
      engagedAccounts: Number(x?.engaged ?? 0),
      opportunities: a?.opportunities ?? 0,
      pipeline: a?.pipeline ?? 0,
      wonDeals: a?.wonDeals ?? 0,
      revenue: a?.revenue ?? 0,
    });
  });
  rows.sort((p, q) => q.cost - p.cost || q.revenue - p.revenue || String(p.key).localeCompare(String(q.key)));
  const sum = (f: (r: RoiRow) => number) => rows.reduce((s, r) => s + f(r), 0);
  const totals = finish({
    key: null,
    cost: sum((r) => r.cost),
    reachedAccounts: sum((r) => r.reachedAccounts),
    engagedAccounts: sum((r) => r.engagedAccounts),
    opportunities: Math.round(sum((r) => r.opportunities) * 10000) / 10000,
    pipeline: Math.round(sum((r) => r.pipeline) * 100) / 100,
    wonDeals: Math.round(sum((r) => r.wonDeals) * 10000) / 10000,
    revenue: Math.round(sum((r) => r.revenue) * 100) / 100,
  });
  const { key: _key, ...rest } = totals;
  return {
    period: resolved.period.key,
    model: options.model,
    by: options.by,
    segment: options.segment,
    rows,
    totals: rest,
  };
}
