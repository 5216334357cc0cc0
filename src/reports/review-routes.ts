import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireRole } from '../auth/auth-hook.ts';
import type { Database } from '../db/database.ts';
import { accountJourney } from './account-journey.ts';
import { ModelParam } from './measurement-routes.ts';
import { GoalsInputSchema, listGoals, saveGoals } from './period-goals.ts';
import {
  changePeriodNote,
  createPeriodNote,
  listPeriodNotes,
  PeriodNoteInputSchema,
  PeriodNotePatchSchema,
} from './period-notes.ts';
import { FormatQuery, sendReport } from './report-csv.ts';
import { PeriodParam } from './report-period.ts';
import { SegmentParam } from './report-segments.ts';
import { resolveReportPeriod } from './resolve-report-period.ts';
import { retrospective } from './retrospective.ts';
import { loadRetrospectiveDocument, renderRetrospectivePdf } from './retrospective-pdf.ts';
import { targetVsControl } from './target-vs-control.ts';

const tags = ['reports'];
const PeriodParams = z.strictObject({ period: PeriodParam });
const IdParams = z.strictObject({ id: z.uuid() });

/**
 * The period review: target versus control, goals, both teams' notes, the retrospective, and one
 * account's journey. Everyone reads and writes notes; marketer and admin set goals.
 */
export async function reviewRoutes(app: FastifyInstance, database: Database): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = database;
  const periodKey = async (workspaceId: string, period: string) =>
    (await resolveReportPeriod(db, workspaceId, period)).period.key;

  api.get(
    '/reports/target-vs-control',
    {
      schema: {
        tags,
        summary: 'Target accounts against matched comparable non-targets: lift, intervals, significance',
        querystring: z.strictObject({
          period: PeriodParam,
          controlsPerTarget: z.coerce.number().int().min(1).max(10).default(3),
          method: z.enum(['exact', 'propensity']).default('exact'),
          seed: z.coerce.number().int().min(0).max(2_147_483_647).default(1),
          /** A play's accounts against its held-out control group (or matched accounts it never entered). */
          playId: z.uuid().optional(),
          ...FormatQuery,
        }),
      },
    },
    async (request, reply) => {
      const ctx = requireRole(request, 'sales');
      const q = request.query;
      return sendReport(reply, await targetVsControl(db, ctx.workspaceId, q), q, 'target-vs-control');
    },
  );

  api.get(
    '/reports/periods/:period/goals',
    {
      schema: {
        tags,
        summary: "A period's goals",
        params: PeriodParams,
        querystring: z.strictObject({ ...FormatQuery }),
      },
    },
    async (request, reply) => {
      const ctx = requireRole(request, 'sales');
      const key = await periodKey(ctx.workspaceId, request.params.period);
      return sendReport(
        reply,
        { period: key, goals: await listGoals(db, ctx.workspaceId, key) },
        request.query,
        'goals',
      );
    },
  );

  api.put(
    '/reports/periods/:period/goals',
    { schema: { tags, summary: "Replace a period's goals", params: PeriodParams, body: GoalsInputSchema } },
    async (request) => {
      const ctx = requireRole(request, 'marketer');
      const key = await periodKey(ctx.workspaceId, request.params.period);
      return { period: key, goals: await saveGoals(db, ctx, key, request.body) };
    },
  );

  api.get(
    '/reports/periods/:period/notes',
    {
      schema: {
        tags,
        summary: "A period's review notes",
        params: PeriodParams,
        querystring: z.strictObject({ ...FormatQuery }),
      },
    },
    async (request, reply) => {
      const ctx = requireRole(request, 'sales');
      const key = await periodKey(ctx.workspaceId, request.params.period);
      return sendReport(
        reply,
        { data: await listPeriodNotes(db, ctx.workspaceId, key) },
        request.query,
        'notes',
      );
    },
  );

  api.post(
    '/reports/periods/:period/notes',
    {
      schema: {
        tags,
        summary: 'Add a review note (either team)',
        params: PeriodParams,
        body: PeriodNoteInputSchema,
      },
    },
    async (request, reply) => {
      const ctx = requireRole(request, 'sales');
      const key = await periodKey(ctx.workspaceId, request.params.period);
      return reply.code(201).send(await createPeriodNote(db, ctx, key, request.body));
    },
  );

  api.patch(
    '/reports/notes/:id',
    {
      schema: {
        tags,
        summary: 'Edit a review note (author or admin)',
        params: IdParams,
        body: PeriodNotePatchSchema,
      },
    },
    async (request) => {
      const ctx = requireRole(request, 'sales');
      return changePeriodNote(db, ctx, request.params.id, request.body);
    },
  );

  api.delete(
    '/reports/notes/:id',
    { schema: { tags, summary: 'Delete a review note (author or admin)', params: IdParams } },
    async (request, reply) => {
      const ctx = requireRole(request, 'sales');
      await changePeriodNote(db, ctx, request.params.id, null);
      return reply.code(204).send();
    },
  );

  api.get(
    '/reports/retrospective',
    {
      schema: {
        tags,
        summary:
          'The period review: scorecard vs goals and previous period, best/worst accounts, plays, assets, gaps, notes, suggestions',
        querystring: z.strictObject({
          period: PeriodParam,
          segment: SegmentParam.default('targets'),
          model: ModelParam,
          ...FormatQuery,
        }),
      },
    },
    async (request, reply) => {
      const ctx = requireRole(request, 'sales');
      const q = request.query;
      return sendReport(reply, await retrospective(db, ctx.workspaceId, q), q, 'retrospective');
    },
  );

  api.get(
    '/reports/retrospective.pdf',
    {
      schema: {
        tags,
        summary:
          'The period review as a PDF with charts (scorecard, target vs control, ROI by play, accounts, gaps, notes)',
        querystring: z.strictObject({
          period: PeriodParam,
          segment: SegmentParam.default('targets'),
          model: ModelParam,
        }),
      },
    },
    async (request, reply) => {
      const ctx = requireRole(request, 'sales');
      const document = await loadRetrospectiveDocument(db, ctx.workspaceId, request.query);
      const workspace = await db
        .selectFrom('workspaces')
        .select('name')
        .where('id', '=', ctx.workspaceId)
        .executeTakeFirst();
      const pdf = await renderRetrospectivePdf(document, workspace?.name ?? '');
      return reply
        .header('content-type', 'application/pdf')
        .header(
          'content-disposition',
          `attachment; filename="retrospective-${document.retro.period.replace(/[^A-Za-z0-9_-]+/g, '_')}.pdf"`,
        )
        .send(pdf);
    },
  );

  api.get(
    '/reports/journeys/accounts/:id',
    {
      schema: {
        tags,
        summary: "One account's journey on one timeline",
        params: IdParams,
        querystring: z.strictObject({ ...FormatQuery }),
      },
    },
    async (request, reply) => {
      const ctx = requireRole(request, 'sales');
      return sendReport(
        reply,
        await accountJourney(db, ctx.workspaceId, request.params.id),
        request.query,
        'journey',
      );
    },
  );
}
