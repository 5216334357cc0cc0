import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireRole } from '../auth/auth-hook.ts';
import type { Database } from '../db/database.ts';
import { AssetInputSchema, AssetListQuerySchema, AssetOutSchema, AssetPatchSchema } from './asset-fields.ts';
import { getAsset, listAssets, listAssetVersions } from './list-assets.ts';
import { createAsset, deleteAsset, updateAsset } from './save-asset.ts';

const IdParams = z.strictObject({ id: z.uuid() });
const tags = ['content'];
const VersionSchema = z.object({
  version: z.number(),
  createdBy: z.string().nullable(),
  createdAt: z.date(),
  snapshot: z.unknown(),
});

/** The content library: assets tagged by persona, function, buying stage and industry (marketers write, sales read). */
export async function assetRoutes(app: FastifyInstance, database: Database): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = database;

  api.get(
    '/content/assets',
    {
      schema: {
        tags,
        summary:
          'Assets of the content library, filtered by kind, status, persona, function, buying stage, industry, language, owner or title',
        querystring: AssetListQuerySchema,
        response: { 200: z.object({ data: z.array(AssetOutSchema) }) },
      },
    },
    async (request) => ({
      data: await listAssets(db, requireRole(request, 'sales').workspaceId, request.query),
    }),
  );

  api.post(
    '/content/assets',
    { schema: { tags, summary: 'Add an asset', body: AssetInputSchema, response: { 201: AssetOutSchema } } },
    async (request, reply) =>
      reply.code(201).send(await createAsset(db, requireRole(request, 'marketer'), request.body)),
  );

  api.get(
    '/content/assets/:id',
    { schema: { tags, summary: 'One asset', params: IdParams, response: { 200: AssetOutSchema } } },
    async (request) => getAsset(db, requireRole(request, 'sales').workspaceId, request.params.id),
  );

  api.get(
    '/content/assets/:id/versions',
    {
      schema: {
        tags,
        summary: "An asset's versions, newest first",
        params: IdParams,
        response: { 200: z.object({ data: z.array(VersionSchema) }) },
      },
    },
    async (request) => ({
      data: await listAssetVersions(db, requireRole(request, 'sales').workspaceId, request.params.id),
    }),
  );

  api.patch(
    '/content/assets/:id',
    {
      schema: {
        tags,
        summary: 'Change an asset (a new version)',
        params: IdParams,
        body: AssetPatchSchema,
        response: { 200: AssetOutSchema },
      },
    },
    async (request) => updateAsset(db, requireRole(request, 'marketer'), request.params.id, request.body),
  );

  api.delete(
    '/content/assets/:id',
    { schema: { tags, summary: 'Delete an asset', params: IdParams } },
    async (request, reply) => {
      await deleteAsset(db, requireRole(request, 'marketer'), request.params.id);
      return reply.code(204).send();
    },
  );
}
