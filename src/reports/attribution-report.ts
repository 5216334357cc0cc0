import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { HttpProblem } from '../errors/problem.ts';
import { ATTRIBUTION_MODELS, type AttributionModel, splitAmount } from './attribution-models.ts';
import { recomputeAttribution } from './recompute-attribution.ts';
import { ensurePeriodFacts } from './refresh-period-facts.ts';
import { isoDate } from './report-period.ts';
import { type Segment, segmentCondition } from './report-segments.ts';
import { type ResolvedPeriod, resolveReportPeriod } from './resolve-report-period.ts';
import type { TouchDimension } from './touch-dimensions-sql.ts';

export type TouchKind = 'all' | 'sourced' | 'influenced';

export interface AttributionRow {
  /** The channel, campaign, play, asset or event (null: touches without one). */
  key: string | null;
  touches: number;
  accounts: number;
  /** Σ model share over the opportunities created in the period. */
  opportunities: number;
  /** Σ model share × amount over the opportunities created in the period. */
  pipeline: number;
  /** Σ model share over the opportunities won in the period. */
  wonDeals: number;
  /** Σ model share × amount over the opportunities won in the period. */
  revenue: number;
}

export interface AttributionReport {
  period: string;
  model: AttributionModel;
  by: TouchDimension;
  kind: TouchKind;
  segment: Segment;
  computedAt: Date;
  rows: AttributionRow[];
  /** What the rows add up to (with kind = all), and what no touch explains. */
  totals: {
    opportunitiesCreated: number;
    pipelineCreated: number;
    opportunitiesWon: number;
    revenueWon: number;
    unattributed: { opportunities: number; pipeline: number; wonDeals: number; revenue: number };
  };
}

/** Column of a model's share. */
export function modelColumn(model: AttributionModel) {
  return sql.ref(`t.${model}`);
}

/** The period's attribution, computed when it never was (`recompute` forces it). */
export async function ensureAttribution(
  db: Kysely<DB>,
  workspaceId: string,
  resolved: ResolvedPeriod,
  recompute = false,
): Promise<Date> {
  const run = await db
    .selectFrom('report_runs')
    .select('computed_at')
    .where('workspace_id', '=', workspaceId)
    .where('kind', '=', 'attribution')
    .where('period', '=', resolved.period.key)
    .executeTakeFirst();
  if (run && !recompute) return run.computed_at;
  return (await recomputeAttribution(db, workspaceId, resolved)).computedAt;
}

const round2 = (x: number) => Math.round(x * 100) / 100;
const round4 = (x: number) => Math.round(x * 10000) / 10000;

/**
 * Pipeline and revenue of a period credited by one model to channels, campaigns, plays, assets or
 * events, for the opportunities of a segment's accounts created (pipeline) or won (revenue) in it.
 * With kind = all, every opportunity with touches is fully credited: the rows' pipeline plus the
 * unattributed pipeline equal the pipeline created.
 */
export async function attributionReport(
  db: Kysely<DB>,
  workspaceId: string,
  options: { period: string; model: AttributionModel; by: TouchDimension; kind: TouchKind; segment: Segment },
): Promise<AttributionReport> {
  const resolved = await resolveReportPeriod(db, workspaceId, options.period);
  await ensurePeriodFacts(db, workspaceId, resolved);
  const computedAt = await ensureAttribution(db, workspaceId, resolved);
  const key = resolved.period.key;
  const startDay = isoDate(resolved.period.start);
  const endDay = isoDate(resolved.period.end);
  const share = modelColumn(options.model);
  const dim = sql.ref(`t.${options.by}`);
  const created = sql`(o.created_date >= ${startDay}::date AND o.created_date < ${endDay}::date)`;
  const won = sql`(o.is_won AND o.close_date >= ${startDay}::date AND o.close_date < ${endDay}::date)`;
  const kind = options.kind === 'all' ? sql`true` : sql`t.kind = ${options.kind}`;
  const seg = segmentCondition(options.segment);
  const [rows, totals] = await Promise.all([
    sql<{
      key: string | null;
      touches: number;
      accounts: number;
      opps: number;
      pipeline: number;
      won: number;
      revenue: number;
    }>`
      SELECT ${dim} AS key, count(*)::int AS touches, count(DISTINCT t.account_id)::int AS accounts,
        coalesce(sum(${share}) FILTER (WHERE ${created}), 0)::float8 AS opps,
        coalesce(sum(${share} * coalesce(o.amount, 0)) FILTER (WHERE ${created}), 0)::float8 AS pipeline,
        coalesce(sum(${share}) FILTER (WHERE ${won}), 0)::float8 AS won,
        coalesce(sum(${share} * coalesce(o.amount, 0)) FILTER (WHERE ${won}), 0)::float8 AS revenue
      FROM attribution_touches t
      JOIN opportunities o ON o.workspace_id = t.workspace_id AND o.id = t.opportunity_id
      JOIN report_account_periods f ON f.workspace_id = o.workspace_id AND f.period = ${key} AND f.account_id = o.account_id
      WHERE t.workspace_id = ${workspaceId} AND (${created} OR ${won}) AND ${kind} AND ${seg}
      GROUP BY 1 ORDER BY revenue DESC, pipeline DESC, touches DESC, 1
    `.execute(db),
    sql<{
      created: number;
      pipeline: number;
      won: number;
      revenue: number;
      u_created: number;
      u_pipeline: number;
      u_won: number;
      u_revenue: number;
    }>`
      SELECT count(*) FILTER (WHERE ${created})::int AS created,
        coalesce(sum(o.amount) FILTER (WHERE ${created}), 0)::float8 AS pipeline,
        count(*) FILTER (WHERE ${won})::int AS won,
        coalesce(sum(o.amount) FILTER (WHERE ${won}), 0)::float8 AS revenue,
        count(*) FILTER (WHERE ${created} AND NOT x.touched)::int AS u_created,
        coalesce(sum(o.amount) FILTER (WHERE ${created} AND NOT x.touched), 0)::float8 AS u_pipeline,
        count(*) FILTER (WHERE ${won} AND NOT x.touched)::int AS u_won,
        coalesce(sum(o.amount) FILTER (WHERE ${won} AND NOT x.touched), 0)::float8 AS u_revenue
      FROM opportunities o
      JOIN report_account_periods f ON f.workspace_id = o.workspace_id AND f.period = ${key} AND f.account_id = o.account_id
      CROSS JOIN LATERAL (SELECT EXISTS (SELECT 1 FROM attribution_touches t
        WHERE t.workspace_id = o.workspace_id AND t.opportunity_id = o.id) AS touched) x
      WHERE o.workspace_id = ${workspaceId} AND (${created} OR ${won}) AND ${seg}
    `.execute(db),
  ]);
  const t = totals.rows[0];
  return {
    period: key,
    model: options.model,
    by: options.by,
    kind: options.kind,
    segment: options.segment,
    computedAt,
    rows: rows.rows.map((r) => ({
      key: r.key,
      touches: Number(r.touches),
      accounts: Number(r.accounts),
      opportunities: round4(Number(r.opps)),
      pipeline: round2(Number(r.pipeline)),
      wonDeals: round4(Number(r.won)),
      revenue: round2(Number(r.revenue)),
    })),
    totals: {
      opportunitiesCreated: Number(t?.created ?? 0),
      pipelineCreated: round2(Number(t?.pipeline ?? 0)),
      opportunitiesWon: Number(t?.won ?? 0),
      revenueWon: round2(Number(t?.revenue ?? 0)),
      unattributed: {
        opportunities: Number(t?.u_created ?? 0),
        pipeline: round2(Number(t?.u_pipeline ?? 0)),
        wonDeals: Number(t?.u_won ?? 0),
        revenue: round2(Number(t?.u_revenue ?? 0)),
      },
    },
  };
}

export interface OpportunityTouch {
  position: number;
  activityId: number;
  occurredAt: Date;
  kind: 'sourced' | 'influenced';
  activityType: string;
  channel: string;
  campaign: string | null;
  play: string | null;
  asset: string | null;
  event: string | null;
  /** Share per model (sums to 1 per model). */
  shares: Record<AttributionModel, number>;
  /** Amount credited per model, to the cent; the credits of a model sum to the amount exactly. */
  credits: Record<AttributionModel, number>;
}

/** One opportunity's stored touches with every model's share and credit (computed if it has none stored). */
export async function opportunityAttribution(
  db: Kysely<DB>,
  workspaceId: string,
  opportunityId: string,
): Promise<{ opportunityId: string; amount: number | null; touches: OpportunityTouch[] }> {
  const opp = await db
    .selectFrom('opportunities')
    .select(['id', 'amount'])
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', opportunityId)
    .executeTakeFirst();
  if (!opp) throw new HttpProblem(404, 'Not found', { detail: `No opportunity ${opportunityId}` });
  const rows = await db
    .selectFrom('attribution_touches')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('opportunity_id', '=', opportunityId)
    .orderBy('position')
    .execute();
  const amount = opp.amount === null ? null : Number(opp.amount);
  const credits = Object.fromEntries(
    ATTRIBUTION_MODELS.map((m) => [
      m,
      splitAmount(
        amount ?? 0,
        rows.map((r) => Number(r[m])),
      ),
    ]),
  );
  return {
    opportunityId,
    amount,
    touches: rows.map((r, i) => ({
      position: r.position,
      activityId: Number(r.activity_id),
      occurredAt: r.occurred_at,
      kind: r.kind,
      activityType: r.activity_type,
      channel: r.channel,
      campaign: r.campaign,
      play: r.play,
      asset: r.asset,
      event: r.event,
      shares: modelRecord((m) => Number(r[m])),
      credits: modelRecord((m) => credits[m]?.[i] ?? 0),
    })),
  };
}

function modelRecord(value: (model: AttributionModel) => number): Record<AttributionModel, number> {
  return {
    first_touch: value('first_touch'),
    last_touch: value('last_touch'),
    linear: value('linear'),
    u_shaped: value('u_shaped'),
    w_shaped: value('w_shaped'),
    time_decay: value('time_decay'),
  };
}
