import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireRole } from '../auth/auth-hook.ts';
import type { Database } from '../db/database.ts';
import { ATTRIBUTION_MODELS } from './attribution-models.ts';
import { attributionReport, opportunityAttribution } from './attribution-report.ts';
import {
  AttributionSettingsSchema,
  loadAttributionSettings,
  saveAttributionSettings,
} from './attribution-settings.ts';
import { drilldown } from './drilldown.ts';
import { recomputeAttribution } from './recompute-attribution.ts';
import { ensurePeriodFacts } from './refresh-period-facts.ts';
import { AccountFilterQuery } from './report-account-filter.ts';
import { FormatQuery, sendReport } from './report-csv.ts';
import { PeriodParam } from './report-period.ts';
import { SegmentParam } from './report-segments.ts';
import { resolveReportPeriod } from './resolve-report-period.ts';
import { scorecard } from './scorecard.ts';
import { stageConversion, stageFlows } from './stage-flows.ts';
import { TOUCH_DIMENSIONS } from './touch-dimensions-sql.ts';

const tags = ['reports'];
const Period = { period: PeriodParam.describe('2026-Q3, 2026-09, 2026-H1, 2026 or list:<target list id>') };
const Segment = { segment: SegmentParam.default('targets') };
export const ModelParam = z.enum(ATTRIBUTION_MODELS).default('w_shaped');

/**
 * Measurement routes: the period scorecard and its drill-down, stage conversion and flows, and
 * attribution (report, one opportunity's touches, recompute, settings). Every role reads; marketer
 * and admin recompute and change settings.
 */
export async function measurementRoutes(app: FastifyInstance, database: Database): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = database;

  api.get(
    '/reports/scorecard',
    {
      schema: {
        tags,
        summary: 'The ABM scorecard of a period for all accounts, targets, non-targets and each tier',
        querystring: z.strictObject({
          ...Period,
          ...AccountFilterQuery,
          refresh: z.stringbool().default(false),
          ...FormatQuery,
        }),
      },
    },
    async (request, reply) => {
      const ctx = requireRole(request, request.query.refresh ? 'marketer' : 'sales');
      const { period, refresh, ownerId, playId } = request.query;
      const card = await scorecard(db, ctx.workspaceId, period, { refresh, filter: { ownerId, playId } });
      return sendReport(reply, card, request.query, `scorecard-${card.period.key}`);
    },
  );

  api.get(
    '/reports/scorecard/drilldown',
    {
      schema: {
        tags,
        summary: 'The accounts behind one scorecard figure (a page at a time)',
        querystring: z.strictObject({
          ...Period,
          ...Segment,
          figure: z.string().min(1).max(80),
          limit: z.coerce.number().int().min(1).max(1000).default(100),
          cursor: z.uuid().optional(),
          ...AccountFilterQuery,
          ...FormatQuery,
        }),
      },
    },
    async (request, reply) => {
      const ctx = requireRole(request, 'sales');
      const q = request.query;
      const page = await drilldown(db, ctx.workspaceId, q);
      return sendReport(reply, page, q, `drilldown-${q.figure}`);
    },
  );

  api.get(
    '/reports/stage-conversion',
    {
      schema: {
        tags,
        summary: 'Stage-to-stage conversion and average days in stage for a segment in a period',
        querystring: z.strictObject({ ...Period, ...Segment, ...FormatQuery }),
      },
    },
    async (request, reply) => {
      const ctx = requireRole(request, 'sales');
      const q = request.query;
      return sendReport(
        reply,
        await stageConversion(db, ctx.workspaceId, q.period, q.segment),
        q,
        'stage-conversion',
      );
    },
  );

  api.get(
    '/reports/journeys/flows',
    {
      schema: {
        tags,
        summary: 'Stage-to-stage flows of a segment in a period (Sankey links)',
        querystring: z.strictObject({ ...Period, ...Segment, ...FormatQuery }),
      },
    },
    async (request, reply) => {
      const ctx = requireRole(request, 'sales');
      const q = request.query;
      return sendReport(reply, await stageFlows(db, ctx.workspaceId, q.period, q.segment), q, 'stage-flows');
    },
  );

  api.get(
    '/reports/attribution',
    {
      schema: {
        tags,
        summary:
          'Pipeline and revenue credited by an attribution model to channels, campaigns, plays, assets or events',
        querystring: z.strictObject({
          ...Period,
          ...Segment,
          model: ModelParam,
          by: z.enum(TOUCH_DIMENSIONS).default('channel'),
          kind: z.enum(['all', 'sourced', 'influenced']).default('all'),
          ...FormatQuery,
        }),
      },
    },
    async (request, reply) => {
      const ctx = requireRole(request, 'sales');
      const q = request.query;
      return sendReport(reply, await attributionReport(db, ctx.workspaceId, q), q, `attribution-${q.by}`);
    },
  );

  api.get(
    '/reports/attribution/opportunities/:id',
    {
      schema: {
        tags,
        summary: "One opportunity's touches with every model's share and credit",
        params: z.strictObject({ id: z.uuid() }),
        querystring: z.strictObject({ ...FormatQuery }),
      },
    },
    async (request, reply) => {
      const ctx = requireRole(request, 'sales');
      const result = await opportunityAttribution(db, ctx.workspaceId, request.params.id);
      return sendReport(reply, result, request.query, 'opportunity-touches');
    },
  );

  api.post(
    '/reports/recompute',
    {
      schema: {
        tags,
        summary: "Recompute a period's account facts and attribution (after late data or a settings change)",
        body: z.strictObject({ period: PeriodParam }),
      },
    },
    async (request) => {
      const ctx = requireRole(request, 'marketer');
      const resolved = await resolveReportPeriod(db, ctx.workspaceId, request.body.period);
      const factsAt = await ensurePeriodFacts(db, ctx.workspaceId, resolved, { force: true });
      const run = await recomputeAttribution(db, ctx.workspaceId, resolved);
      return { period: resolved.period.key, factsComputedAt: factsAt, attribution: run };
    },
  );

  api.get(
    '/reports/attribution/settings',
    { schema: { tags, summary: 'Attribution settings' } },
    async (request) => {
      const ctx = requireRole(request, 'sales');
      return loadAttributionSettings(db, ctx.workspaceId);
    },
  );

  api.put(
    '/reports/attribution/settings',
    {
      schema: {
        tags,
        summary: 'Change the time-decay half-life or the look-back window',
        body: AttributionSettingsSchema,
      },
    },
    async (request) => {
      const ctx = requireRole(request, 'marketer');
      return saveAttributionSettings(db, ctx.workspaceId, request.body);
    },
  );
}
