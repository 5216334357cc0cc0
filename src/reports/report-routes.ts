import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireRole } from '../auth/auth-hook.ts';
import type { Database } from '../db/database.ts';
import { stageArrivals } from './stage-arrivals.ts';
import { stageSummary } from './stage-summary.ts';

const tags = ['reports'];

const StageSummaryOut = z.object({
  isTarget: z.boolean().nullable(),
  windowDays: z.number(),
  stages: z.array(
    z.object({
      key: z.string(),
      name: z.string(),
      inModel: z.boolean(),
      accounts: z.number(),
      share: z.number(),
      enteredLast30Days: z.number(),
    }),
  ),
  totals: z.object({ accounts: z.number(), enteredLast30Days: z.number() }),
});

const StageArrivalsOut = z.object({
  data: z.array(z.object({ accountId: z.string(), accountName: z.string(), since: z.date() })),
});

const IsTarget = z
  .stringbool()
  .optional()
  .describe('true: target accounts only; false: non-target accounts only; omitted: every account');

/** Read-only reports for the dashboard: the stage funnel and the latest arrivals in a stage. Any role. */
export async function reportRoutes(app: FastifyInstance, database: Database): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = database;

  api.get(
    '/reports/stage-summary',
    {
      schema: {
        tags,
        description:
          'Accounts per journey stage in model order (accounts without a stage are in the first stage), ' +
          'with the distinct accounts that entered each stage in the last 30 days and the totals.',
        querystring: z.strictObject({ isTarget: IsTarget }),
        response: { 200: StageSummaryOut },
      },
    },
    async (request) => {
      const ctx = requireRole(request, 'sales');
      return stageSummary(db, ctx.workspaceId, { isTarget: request.query.isTarget });
    },
  );

  api.get(
    '/reports/stage-arrivals',
    {
      schema: {
        tags,
        description:
          'The accounts that most recently entered a stage and are still in it, newest first (e.g. newly MQA).',
        querystring: z.strictObject({
          stage: z.string().min(1).max(50),
          limit: z.coerce.number().int().min(1).max(100).default(10),
          isTarget: IsTarget,
        }),
        response: { 200: StageArrivalsOut },
      },
    },
    async (request) => {
      const ctx = requireRole(request, 'sales');
      const { stage, limit, isTarget } = request.query;
      return { data: await stageArrivals(db, ctx.workspaceId, { stage, limit, isTarget }) };
    },
  );
}
