import { stringify } from 'csv-stringify/sync';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireRole } from '../auth/auth-hook.ts';
import type { Database } from '../db/database.ts';
import { HttpProblem } from '../errors/problem.ts';
import { explainMember } from './explain-member.ts';
import { listSegmentMembers } from './list-segment-members.ts';
import { memberSegments, membershipHistory } from './membership-history.ts';
import { previewSegment } from './preview-segment.ts';
import { rebuildSegment } from './rebuild-segment.ts';
import {
  PreviewInputSchema,
  SegmentInputSchema,
  SegmentMemberSchema,
  SegmentOutSchema,
  SegmentPatchSchema,
} from './segment-fields.ts';
import { segmentFromView } from './segment-from-view.ts';
import { SEGMENT_KINDS, SegmentRuleSchema } from './segment-rule.ts';
import { createSegment, deleteSegment, getSegment, listSegments, updateSegment } from './segment-store.ts';
import { changeStaticMembers, resolveCsvMembers } from './static-members.ts';

const IdParams = z.strictObject({ id: z.uuid() });
const tags = ['segments'];
const Day = z.iso.date();
const MemberIds = z.array(z.uuid()).min(1).max(10_000);

/**
 * Segments API: sales read, marketers and admins write. Registered in its own scope so its
 * text/csv body parser (static member uploads) stays local.
 */
export async function segmentsRoutes(app: FastifyInstance, database: Database): Promise<void> {
  await app.register(async (scope) => {
    scope.addContentTypeParser(
      ['text/csv'],
      { parseAs: 'string', bodyLimit: 20 * 1024 * 1024 },
      (_r, body, done) => done(null, body),
    );
    await routes(scope, database);
  });
}

async function routes(app: FastifyInstance, database: Database): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = database;

  api.get(
    '/segments',
    {
      schema: {
        tags,
        summary: 'Segments with their member counts',
        querystring: z.strictObject({ kind: z.enum(SEGMENT_KINDS).optional() }),
        response: { 200: z.object({ data: z.array(SegmentOutSchema) }) },
      },
    },
    async (request) => {
      const ctx = requireRole(request, 'sales');
      return { data: await listSegments(db, ctx.workspaceId, request.query.kind) };
    },
  );

  api.post(
    '/segments',
    {
      schema: {
        tags,
        summary: 'Create a segment (a dynamic one is evaluated at once)',
        body: SegmentInputSchema,
        response: { 201: SegmentOutSchema },
      },
    },
    async (request, reply) => {
      const ctx = requireRole(request, 'marketer');
      return reply.code(201).send(await createSegment(db, ctx, request.body));
    },
  );

  api.post(
    '/segments/from-view',
    {
      schema: {
        tags,
        summary: 'Turn a saved view of the accounts or contacts page into a dynamic segment',
        body: z.strictObject({ viewId: z.uuid(), name: z.string().trim().min(1).max(200).optional() }),
        response: { 201: SegmentOutSchema },
      },
    },
    async (request, reply) => {
      const ctx = requireRole(request, 'marketer');
      const { input, viewId } = await segmentFromView(db, ctx, request.body.viewId, request.body.name);
      return reply.code(201).send(await createSegment(db, ctx, input, viewId));
    },
  );

  api.post(
    '/segments/preview',
    {
      schema: {
        tags,
        summary: 'Count and sample the records a rule selects now (nothing is stored)',
        body: PreviewInputSchema,
        response: {
          200: z.object({ count: z.number(), sample: z.array(SegmentMemberSchema), tookMs: z.number() }),
        },
      },
    },
    async (request) => {
      const ctx = requireRole(request, 'sales');
      const { kind, rule, sample } = request.body;
      return previewSegment(db, ctx.workspaceId, kind, rule, sample);
    },
  );

  api.post(
    '/segments/explain',
    {
      schema: {
        tags,
        summary: 'Which conditions of a rule hold for one account or person',
        body: z.strictObject({ kind: z.enum(SEGMENT_KINDS), rule: SegmentRuleSchema, memberId: z.uuid() }),
      },
    },
    async (request) => {
      const ctx = requireRole(request, 'sales');
      const { kind, rule, memberId } = request.body;
      return explainMember(db, ctx.workspaceId, kind, rule, memberId);
    },
  );

  api.get(
    '/segments/memberships',
    {
      schema: {
        tags,
        summary: "An account's or person's segments, current and past",
        querystring: z.strictObject({ memberId: z.uuid() }),
      },
    },
    async (request) => {
      const ctx = requireRole(request, 'sales');
      return { data: await memberSegments(db, ctx.workspaceId, request.query.memberId) };
    },
  );

  api.get(
    '/segments/:id',
    { schema: { tags, summary: 'One segment', params: IdParams, response: { 200: SegmentOutSchema } } },
    async (request) => {
      const ctx = requireRole(request, 'sales');
      return getSegment(db, ctx.workspaceId, request.params.id);
    },
  );

  api.patch(
    '/segments/:id',
    {
      schema: {
        tags,
        summary: 'Rename, describe or change the rule (a new rule rebuilds the membership)',
        params: IdParams,
        body: SegmentPatchSchema,
        response: { 200: SegmentOutSchema },
      },
    },
    async (request) => {
      const ctx = requireRole(request, 'marketer');
      return updateSegment(db, ctx, request.params.id, request.body);
    },
  );

  api.delete(
    '/segments/:id',
    { schema: { tags, summary: 'Delete a segment and its history', params: IdParams } },
    async (request, reply) => {
      const ctx = requireRole(request, 'marketer');
      await deleteSegment(db, ctx, request.params.id);
      return reply.code(204).send();
    },
  );

  api.post(
    '/segments/:id/rebuild',
    {
      schema: {
        tags,
        summary: 'Evaluate a dynamic segment over the whole workspace now',
        params: IdParams,
        response: { 200: z.object({ entered: z.number(), exited: z.number(), memberCount: z.number() }) },
      },
    },
    async (request) => {
      const ctx = requireRole(request, 'marketer');
      const segment = await getSegment(db, ctx.workspaceId, request.params.id);
      if (segment.type !== 'dynamic')
        throw new HttpProblem(400, 'Not a dynamic segment', {
          detail: 'A static segment has no rule to evaluate',
        });
      const change = await db
        .transaction()
        .execute((trx) => rebuildSegment(trx, ctx.workspaceId, segment.id, 'rebuild'));
      return { ...change, memberCount: (await getSegment(db, ctx.workspaceId, segment.id)).memberCount };
    },
  );

  api.get(
    '/segments/:id/members',
    {
      schema: {
        tags,
        summary:
          'Current members (keyset pages: pass `next` as `after`), or all of them as CSV with format=csv',
        params: IdParams,
        querystring: z.strictObject({
          after: z.uuid().optional(),
          limit: z.coerce.number().int().min(1).max(1000).default(100),
          format: z.enum(['json', 'csv']).default('json'),
        }),
      },
    },
    async (request, reply) => {
      const ctx = requireRole(request, 'sales');
      const { id } = request.params;
      if (request.query.format === 'json')
        return listSegmentMembers(db, ctx.workspaceId, id, {
          after: request.query.after,
          limit: request.query.limit,
        });
      // CSV: every member, page by page.
      let page = await listSegmentMembers(db, ctx.workspaceId, id, { limit: 5000 });
      const lines = [
        stringify([
          [
            'id',
            'name',
            page.kind === 'account' ? 'domain' : 'email',
            'account_id',
            'entered_at',
            'entry_reason',
          ],
        ]),
      ];
      for (;;) {
        lines.push(
          stringify(
            page.data.map((m) => [
              m.id,
              m.name,
              m.detail ?? '',
              m.accountId ?? '',
              m.enteredAt?.toISOString() ?? '',
              m.entryReason ?? '',
            ]),
          ),
        );
        if (!page.next) break;
        page = await listSegmentMembers(db, ctx.workspaceId, id, { after: page.next, limit: 5000 });
      }
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="segment-${id}.csv"`)
        .send(lines.join(''));
    },
  );

  api.post(
    '/segments/:id/members',
    {
      schema: {
        tags,
        summary: 'Add or remove members of a static segment by record id',
        params: IdParams,
        body: z.strictObject({ add: MemberIds.optional(), remove: MemberIds.optional() }),
      },
    },
    async (request) => {
      const ctx = requireRole(request, 'marketer');
      return changeStaticMembers(db, ctx, request.params.id, request.body);
    },
  );

  api.post(
    '/segments/:id/members/csv',
    {
      schema: {
        tags,
        summary:
          'Add the records a CSV names to a static segment (text/csv body with a column id, or email for people, or domain for accounts)',
        params: IdParams,
        body: z.string().max(20 * 1024 * 1024),
      },
    },
    async (request) => {
      const ctx = requireRole(request, 'marketer');
      const segment = await getSegment(db, ctx.workspaceId, request.params.id);
      const { ids, unmatchedRows } = await resolveCsvMembers(db, ctx.workspaceId, segment.kind, request.body);
      const change = await changeStaticMembers(db, ctx, segment.id, { add: ids }, 'csv');
      return { ...change, unmatchedRows };
    },
  );

  api.get(
    '/segments/:id/explain/:memberId',
    {
      schema: {
        tags,
        summary: "Why an account or person is (or is not) in a segment: each condition's value now",
        params: z.strictObject({ id: z.uuid(), memberId: z.uuid() }),
      },
    },
    async (request) => {
      const ctx = requireRole(request, 'sales');
      const segment = await getSegment(db, ctx.workspaceId, request.params.id);
      const rule = SegmentRuleSchema.safeParse(segment.rule);
      if (!rule.success)
        throw new HttpProblem(400, 'Not a dynamic segment', {
          detail: 'A static segment has no rule to explain',
        });
      return explainMember(db, ctx.workspaceId, segment.kind, rule.data, request.params.memberId);
    },
  );

  api.get(
    '/segments/:id/history',
    {
      schema: {
        tags,
        summary: 'Members, entries and exits per UTC day (default: the last 30 days)',
        params: IdParams,
        querystring: z.strictObject({ from: Day.optional(), to: Day.optional() }),
      },
    },
    async (request) => {
      const ctx = requireRole(request, 'sales');
      const segment = await getSegment(db, ctx.workspaceId, request.params.id);
      const to = request.query.to ?? new Date().toISOString().slice(0, 10);
      const from =
        request.query.from ?? new Date(Date.parse(to) - 29 * 86_400_000).toISOString().slice(0, 10);
      const span = (Date.parse(to) - Date.parse(from)) / 86_400_000;
      if (span < 0 || span > 730)
        throw new HttpProblem(400, 'Invalid range', {
          detail: 'query.from: must be on or before `to`, at most 731 days',
          errors: [{ path: 'query.from', message: 'must be on or before `to`, at most 731 days' }],
        });
      return { data: await membershipHistory(db, ctx.workspaceId, segment.id, from, to) };
    },
  );
}
