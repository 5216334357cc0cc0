import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireRole } from '../auth/auth-hook.ts';
import type { Database } from '../db/database.ts';
import { BlockInputSchema, BlockPatchSchema } from './block-fields.ts';
import { BlockOutSchema } from './block-output.ts';
import { getTemplate, listTemplates, listTemplateVersions } from './get-template.ts';
import { PreviewInputSchema, PreviewOutSchema, previewTemplate } from './preview-template.ts';
import { createBlock, deleteBlock, getBlock, listBlocks, updateBlock } from './save-block.ts';
import { createTemplate, deleteTemplate, updateTemplate } from './save-template.ts';
import {
  TemplateInputSchema,
  TemplateOutSchema,
  TemplatePatchSchema,
  TemplateSummarySchema,
} from './template-fields.ts';

const IdParams = z.strictObject({ id: z.uuid() });
const VersionParams = z.strictObject({
  id: z.uuid(),
  version: z.coerce.number().int().min(1).max(1_000_000),
});
const tags = ['content'];

/** Shared blocks, versioned templates and previews (marketers write, sales read and preview). */
export async function templateRoutes(app: FastifyInstance, database: Database): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = database;

  api.get(
    '/content/blocks',
    {
      schema: {
        tags,
        summary: 'Shared blocks, with the templates using each',
        response: { 200: z.object({ data: z.array(BlockOutSchema) }) },
      },
    },
    async (request) => ({ data: await listBlocks(db, requireRole(request, 'sales').workspaceId) }),
  );
  api.post(
    '/content/blocks',
    {
      schema: {
        tags,
        summary: 'Add a shared block with its variants',
        body: BlockInputSchema,
        response: { 201: BlockOutSchema },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createBlock(db, requireRole(request, 'marketer'), request.body)),
  );
  api.get(
    '/content/blocks/:id',
    { schema: { tags, summary: 'One block', params: IdParams, response: { 200: BlockOutSchema } } },
    async (request) => getBlock(db, requireRole(request, 'sales').workspaceId, request.params.id),
  );
  api.patch(
    '/content/blocks/:id',
    {
      schema: {
        tags,
        summary: 'Change a block: every template inserting it uses the change',
        params: IdParams,
        body: BlockPatchSchema,
        response: { 200: BlockOutSchema },
      },
    },
    async (request) => updateBlock(db, requireRole(request, 'marketer'), request.params.id, request.body),
  );
  api.delete(
    '/content/blocks/:id',
    { schema: { tags, summary: 'Delete an unused block', params: IdParams } },
    async (request, reply) => {
      await deleteBlock(db, requireRole(request, 'marketer'), request.params.id);
      return reply.code(204).send();
    },
  );

  api.get(
    '/content/templates',
    {
      schema: {
        tags,
        summary: 'Templates',
        response: { 200: z.object({ data: z.array(TemplateSummarySchema) }) },
      },
    },
    async (request) => ({ data: await listTemplates(db, requireRole(request, 'sales').workspaceId) }),
  );
  api.post(
    '/content/templates',
    {
      schema: {
        tags,
        summary: 'Create a template (version 1)',
        body: TemplateInputSchema,
        response: { 201: TemplateOutSchema },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createTemplate(db, requireRole(request, 'marketer'), request.body)),
  );
  api.get(
    '/content/templates/:id',
    {
      schema: {
        tags,
        summary: 'A template at its current version',
        params: IdParams,
        response: { 200: TemplateOutSchema },
      },
    },
    async (request) => getTemplate(db, requireRole(request, 'sales').workspaceId, request.params.id),
  );
  api.get(
    '/content/templates/:id/versions',
    {
      schema: {
        tags,
        summary: "A template's versions, newest first",
        params: IdParams,
        response: {
          200: z.object({
            data: z.array(
              z.object({
                version: z.number(),
                subject: z.string(),
                createdBy: z.string().nullable(),
                createdAt: z.date(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => ({
      data: await listTemplateVersions(db, requireRole(request, 'sales').workspaceId, request.params.id),
    }),
  );
  api.get(
    '/content/templates/:id/versions/:version',
    {
      schema: {
        tags,
        summary: 'A template at one version',
        params: VersionParams,
        response: { 200: TemplateOutSchema },
      },
    },
    async (request) =>
      getTemplate(db, requireRole(request, 'sales').workspaceId, request.params.id, request.params.version),
  );
  api.patch(
    '/content/templates/:id',
    {
      schema: {
        tags,
        summary: 'Change a template (new parts make a new version)',
        params: IdParams,
        body: TemplatePatchSchema,
        response: { 200: TemplateOutSchema },
      },
    },
    async (request) => updateTemplate(db, requireRole(request, 'marketer'), request.params.id, request.body),
  );
  api.delete(
    '/content/templates/:id',
    { schema: { tags, summary: 'Delete a template', params: IdParams } },
    async (request, reply) => {
      await deleteTemplate(db, requireRole(request, 'marketer'), request.params.id);
      return reply.code(204).send();
    },
  );

  api.post(
    '/content/preview',
    {
      schema: {
        tags,
        summary:
          'Render a template for a contact or a persona, with missing variables and the block variants chosen',
        body: PreviewInputSchema,
        response: { 200: PreviewOutSchema },
      },
    },
    async (request) => previewTemplate(db, requireRole(request, 'sales').workspaceId, request.body),
  );
}
