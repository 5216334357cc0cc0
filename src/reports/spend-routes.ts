import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireRole } from '../auth/auth-hook.ts';
import type { Database } from '../db/database.ts';
import { CostImportSchema, importAdCosts } from './import-ad-costs.ts';
import { CostInputSchema, CostPatchSchema, changeCost, createCost, listCosts } from './marketing-costs.ts';
import { ModelParam } from './measurement-routes.ts';
import { FormatQuery, sendReport } from './report-csv.ts';
import { isoDate, PeriodParam } from './report-period.ts';
import { SegmentParam } from './report-segments.ts';
import { resolveReportPeriod } from './resolve-report-period.ts';
import { ROI_DIMENSIONS, roiReport } from './roi-report.ts';

const tags = ['reports'];
const IdParams = z.strictObject({ id: z.uuid() });

/** Marketing costs (entered, or imported from LinkedIn / Google Ads reports) and ROI. Marketer/admin write. */
export async function spendRoutes(app: FastifyInstance, database: Database): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = database;

  api.get(
    '/reports/costs',
    {
      schema: {
        tags,
        summary: 'Costs overlapping a period (or all), oldest first',
        querystring: z.strictObject({
          period: PeriodParam.optional(),
          channel: z.string().max(50).optional(),
          ...FormatQuery,
        }),
      },
    },
    async (request, reply) => {
      const ctx = requireRole(request, 'sales');
      const q = request.query;
      let range: { from?: string; to?: string } = {};
      if (q.period) {
        const { period } = await resolveReportPeriod(db, ctx.workspaceId, q.period);
        range = { from: isoDate(period.start), to: isoDate(period.end) };
      }
      const data = await listCosts(db, ctx.workspaceId, { ...range, channel: q.channel });
      return sendReport(reply, { data }, q, 'costs');
    },
  );

  api.post(
    '/reports/costs',
    { schema: { tags, summary: 'Enter a cost', body: CostInputSchema } },
    async (request, reply) => {
      const ctx = requireRole(request, 'marketer');
      return reply.code(201).send(await createCost(db, ctx, request.body));
    },
  );

  api.patch(
    '/reports/costs/:id',
    { schema: { tags, summary: 'Change a cost', params: IdParams, body: CostPatchSchema } },
    async (request) => {
      const ctx = requireRole(request, 'marketer');
      return changeCost(db, ctx, request.params.id, request.body);
    },
  );

  api.delete(
    '/reports/costs/:id',
    { schema: { tags, summary: 'Delete a cost', params: IdParams } },
    async (request, reply) => {
      const ctx = requireRole(request, 'marketer');
      await changeCost(db, ctx, request.params.id, null);
      return reply.code(204).send();
    },
  );

  api.post(
    '/reports/costs/import',
    {
      schema: {
        tags,
        summary:
          "Import an ad platform's cost report (LinkedIn Campaign Manager, Google Ads, or generic CSV)",
        body: CostImportSchema,
      },
    },
    async (request) => {
      const ctx = requireRole(request, 'marketer');
      return importAdCosts(db, ctx, request.body);
    },
  );

  api.get(
    '/reports/roi',
    {
      schema: {
        tags,
        summary:
          'Spend, reach, attributed pipeline and revenue, ROI and cost per engaged account, opportunity and won deal',
        querystring: z.strictObject({
          period: PeriodParam,
          model: ModelParam,
          by: z.enum(ROI_DIMENSIONS).default('channel'),
          segment: SegmentParam.default('all'),
          ...FormatQuery,
        }),
      },
    },
    async (request, reply) => {
      const ctx = requireRole(request, 'sales');
      const q = request.query;
      return sendReport(reply, await roiReport(db, ctx.workspaceId, q), q, `roi-${q.by}`);
    },
  );
}
