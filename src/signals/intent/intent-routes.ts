import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recordAudit } from '../../audit/record-audit.ts';
import { requireRole } from '../../auth/auth-hook.ts';
import type { Database } from '../../db/database.ts';
import { HttpProblem } from '../../errors/problem.ts';
import { IntentFormatError, importIntent } from './import-intent.ts';
import { getAccountIntent, listSurging } from './read-intent.ts';
import { createTopic, deleteTopic, listTopics, TopicInputSchema, updateTopic } from './topics.ts';

const IdParams = z.strictObject({ id: z.uuid() });
const topicNotFound = () => new HttpProblem(404, 'Not found', { detail: 'No such topic in this workspace' });

/** Intent topics, third-party intent import, per-account intent and the surging list. */
export async function intentRoutes(app: FastifyInstance, database: Database): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = database;

  api.get('/intent/topics', { schema: { tags: ['intent'] } }, async (request) => {
    const ctx = requireRole(request, 'sales');
    return { data: await listTopics(db, ctx.workspaceId) };
  });

  api.post(
    '/intent/topics',
    { schema: { tags: ['intent'], body: TopicInputSchema } },
    async (request, reply) => {
      const ctx = requireRole(request, 'marketer');
      const topic = await db.transaction().execute(async (trx) => {
        const created = await createTopic(trx, ctx.workspaceId, request.body);
        await recordAudit(trx, ctx, {
          action: 'intent_topic.create',
          objectType: 'intent_topic',
          objectId: created.id,
        });
        return created;
      });
      return reply.code(201).send(topic);
    },
  );

  api.patch(
    '/intent/topics/:id',
    { schema: { tags: ['intent'], params: IdParams, body: TopicInputSchema.partial() } },
    async (request) => {
      const ctx = requireRole(request, 'marketer');
      return db.transaction().execute(async (trx) => {
        const topic = await updateTopic(trx, ctx.workspaceId, request.params.id, request.body);
        if (!topic) throw topicNotFound();
        await recordAudit(trx, ctx, {
          action: 'intent_topic.update',
          objectType: 'intent_topic',
          objectId: topic.id,
        });
        return topic;
      });
    },
  );

  api.delete(
    '/intent/topics/:id',
    { schema: { tags: ['intent'], params: IdParams } },
    async (request, reply) => {
      const ctx = requireRole(request, 'marketer');
      if (!(await deleteTopic(db, ctx.workspaceId, request.params.id))) throw topicNotFound();
      await recordAudit(db, ctx, {
        action: 'intent_topic.delete',
        objectType: 'intent_topic',
        objectId: request.params.id,
      });
      return reply.code(204).send();
    },
  );

  api.post(
    '/intent/import',
    {
      bodyLimit: 100 * 1024 * 1024,
      schema: {
        tags: ['intent'],
        description: 'Third-party intent, text/csv with header domain, topic, score, date.',
        body: z.string(),
      },
    },
    async (request) => {
      const ctx = requireRole(request, 'marketer');
      try {
        return await db.transaction().execute(async (trx) => {
          const result = await importIntent(trx, ctx.workspaceId, request.body);
          if (result.stored === 0 && result.errors.length > 0) {
            throw new HttpProblem(422, 'No intent rows stored', {
              detail: result.errors
                .slice(0, 5)
                .map((e) => `line ${e.line}: ${e.message}`)
                .join('; '),
              errors: result.errors
                .slice(0, 100)
                .map((e) => ({ path: `body.line.${e.line}`, message: e.message })),
            });
          }
          await recordAudit(trx, ctx, {
            action: 'intent.import',
            objectType: 'intent',
            changes: { rows: result.rows, stored: result.stored, createdTopics: result.createdTopics },
          });
          return { ...result, errors: result.errors.slice(0, 100), rejected: result.errors.length };
        });
      } catch (error) {
        if (error instanceof IntentFormatError)
          throw new HttpProblem(400, 'Bad request', {
            detail: error.message,
            errors: [{ path: 'body', message: error.message }],
          });
        throw error;
      }
    },
  );

  api.get(
    '/intent/surging',
    {
      schema: {
        tags: ['intent'],
        querystring: z.strictObject({
          week: z.iso.date().optional(),
          topicId: z.uuid().optional(),
          limit: z.coerce.number().int().min(1).max(1000).default(100),
        }),
      },
    },
    async (request) => {
      const ctx = requireRole(request, 'sales');
      return { data: await listSurging(db, ctx.workspaceId, request.query) };
    },
  );

  api.get(
    '/accounts/:id/intent',
    {
      schema: {
        tags: ['intent'],
        params: IdParams,
        querystring: z.strictObject({ weeks: z.coerce.number().int().min(1).max(104).default(12) }),
      },
    },
    async (request) => {
      const ctx = requireRole(request, 'sales');
      const account = await db
        .selectFrom('accounts')
        .select('id')
        .where('workspace_id', '=', ctx.workspaceId)
        .where('id', '=', request.params.id)
        .executeTakeFirst();
      if (!account) throw new HttpProblem(404, 'Not found', { detail: 'No such account in this workspace' });
      return { data: await getAccountIntent(db, ctx.workspaceId, request.params.id, request.query.weeks) };
    },
  );
}
