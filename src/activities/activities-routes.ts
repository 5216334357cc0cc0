import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireRole } from '../auth/auth-hook.ts';
import type { Database } from '../db/database.ts';
import { ActivityFieldsSchema } from './activity-fields.ts';
import { ActivityOutSchema } from './activity-output.ts';
import { ActivityListQuerySchema, listActivities } from './list-activities.ts';
import { recordActivities } from './record-activities.ts';

const tags = ['activities'];
const SingleOut = z.object({ id: z.number().nullable(), duplicate: z.boolean() });
const Duplicates = z.array(z.object({ index: z.number(), messageId: z.string() }));

/** Record activities (one or a batch of up to 1000) and list them newest first. */
export async function activitiesRoutes(app: FastifyInstance, database: Database): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = database;

  api.post(
    '/activities',
    {
      schema: {
        tags,
        summary: 'Record one activity (a repeated messageId is reported as a duplicate)',
        body: ActivityFieldsSchema,
        response: { 201: SingleOut, 200: SingleOut },
      },
    },
    async (request, reply) => {
      const ctx = requireRole(request, 'marketer');
      const result = await recordActivities(db, ctx, [request.body], 'body');
      const id = result.ids[0] ?? null;
      return reply.code(id === null ? 200 : 201).send({ id, duplicate: id === null });
    },
  );

  api.post(
    '/activities/batch',
    {
      schema: {
        tags,
        summary: 'Record up to 1000 activities, all or nothing',
        description:
          'The whole batch is validated first; errors name `body.activities.N.field` and nothing is written. Activities whose messageId is already stored are skipped and listed in `duplicates`.',
        body: z.strictObject({ activities: z.array(ActivityFieldsSchema).min(1).max(1000) }),
        response: {
          200: z.object({
            inserted: z.number(),
            ids: z.array(z.number().nullable()),
            duplicates: Duplicates,
          }),
        },
      },
    },
    async (request) => {
      const ctx = requireRole(request, 'marketer');
      return recordActivities(db, ctx, request.body.activities, 'body.activities');
    },
  );

  api.get(
    '/activities',
    {
      schema: {
        tags,
        summary: 'Activities, newest first',
        querystring: ActivityListQuerySchema,
        response: { 200: z.object({ data: z.array(ActivityOutSchema), nextCursor: z.string().nullable() }) },
      },
    },
    async (request) => {
      const ctx = requireRole(request, 'sales');
      return listActivities(db, ctx.workspaceId, request.query);
    },
  );
}
