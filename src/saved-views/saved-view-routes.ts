import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recordAudit } from '../audit/record-audit.ts';
import { requireRole } from '../auth/auth-hook.ts';
import type { Database } from '../db/database.ts';
import {
  createSavedView,
  deleteSavedView,
  getSavedView,
  listSavedViews,
  SavedViewInputSchema,
  SavedViewSchema,
  updateSavedView,
  ViewFiltersSchema,
} from './saved-views.ts';

const Params = z.strictObject({ id: z.uuid() });
const PatchBody = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  filters: ViewFiltersSchema.optional(),
  sort: z.string().trim().max(200).optional(),
  shared: z.boolean().optional(),
});

/** Saved views: named filter + sort sets of list pages, per user, optionally shared with the workspace. */
export async function savedViewRoutes(app: FastifyInstance, database: Database): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = database;
  const tags = ['saved views'];

  api.get(
    '/saved-views',
    {
      schema: {
        tags,
        summary: "The caller's views and the workspace's shared views",
        querystring: z.strictObject({ page: z.string().max(50).optional() }),
        response: { 200: z.object({ data: z.array(SavedViewSchema) }) },
      },
    },
    async (request) => {
      const ctx = requireRole(request, 'sales');
      return { data: await listSavedViews(db, ctx, request.query.page) };
    },
  );

  api.get(
    '/saved-views/:id',
    { schema: { tags, params: Params, response: { 200: SavedViewSchema } } },
    async (request) => getSavedView(db, requireRole(request, 'sales'), request.params.id),
  );

  api.post(
    '/saved-views',
    {
      schema: {
        tags,
        summary: 'Save a view',
        body: SavedViewInputSchema,
        response: { 201: SavedViewSchema },
      },
    },
    async (request, reply) => {
      const ctx = requireRole(request, 'sales');
      const view = await db.transaction().execute(async (trx) => {
        const created = await createSavedView(trx, ctx, request.body);
        await recordAudit(trx, ctx, {
          action: 'saved_view.create',
          objectType: 'saved_view',
          objectId: created.id,
          changes: { page: created.page, name: created.name, shared: created.shared },
        });
        return created;
      });
      return reply.code(201).send(view);
    },
  );

  api.patch(
    '/saved-views/:id',
    {
      schema: {
        tags,
        summary: 'Change a view (owner, or admin for shared views)',
        params: Params,
        body: PatchBody,
        response: { 200: SavedViewSchema },
      },
    },
    async (request) => {
      const ctx = requireRole(request, 'sales');
      return db.transaction().execute(async (trx) => {
        const updated = await updateSavedView(trx, ctx, request.params.id, request.body);
        await recordAudit(trx, ctx, {
          action: 'saved_view.update',
          objectType: 'saved_view',
          objectId: updated.id,
          changes: { ...request.body },
        });
        return updated;
      });
    },
  );

  api.delete('/saved-views/:id', { schema: { tags, params: Params } }, async (request, reply) => {
    const ctx = requireRole(request, 'sales');
    await db.transaction().execute(async (trx) => {
      const view = await deleteSavedView(trx, ctx, request.params.id);
      await recordAudit(trx, ctx, {
        action: 'saved_view.delete',
        objectType: 'saved_view',
        objectId: view.id,
        changes: { name: view.name },
      });
    });
    return reply.code(204).send();
  });
}
