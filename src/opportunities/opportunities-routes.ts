import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireRole } from '../auth/auth-hook.ts';
import type { Database } from '../db/database.ts';
import { listDescription, listQuerystring } from '../records/list-querystring.ts';
import { requireAccount } from '../records/record-access.ts';
import { createOpportunity } from './create-opportunity.ts';
import { deleteOpportunity } from './delete-opportunity.ts';
import { getOpportunity } from './get-opportunity.ts';
import { listOpportunities } from './list-opportunities.ts';
import { OpportunityFieldsSchema } from './opportunity-fields.ts';
import { OPPORTUNITY_LIST_FIELDS } from './opportunity-list-fields.ts';
import { OpportunityOutSchema } from './opportunity-output.ts';
import { updateOpportunity } from './update-opportunity.ts';

const IdParams = z.strictObject({ id: z.uuid() });
const tags = ['opportunities'];
const ListOut = z.object({ data: z.array(OpportunityOutSchema), nextCursor: z.string().nullable() });

/** CRUD and list for opportunities, and an account's opportunities. Sales read and update their own. */
export async function opportunitiesRoutes(app: FastifyInstance, database: Database): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = database;
  const querystring = listQuerystring(OPPORTUNITY_LIST_FIELDS, '-updatedAt', 'name');

  api.get(
    '/opportunities',
    {
      schema: {
        tags,
        summary: 'List opportunities',
        description: listDescription('opportunities', OPPORTUNITY_LIST_FIELDS),
        querystring,
        response: { 200: ListOut },
      },
    },
    async (request) => {
      const ctx = requireRole(request, 'sales');
      return listOpportunities(db, ctx.workspaceId, request.query);
    },
  );

  api.get(
    '/accounts/:id/opportunities',
    {
      schema: {
        tags,
        summary: "An account's opportunities (same filters as /opportunities)",
        params: IdParams,
        querystring,
        response: { 200: ListOut },
      },
    },
    async (request) => {
      const ctx = requireRole(request, 'sales');
      await requireAccount(db, ctx.workspaceId, request.params.id);
      return listOpportunities(db, ctx.workspaceId, { ...request.query, accountId: request.params.id });
    },
  );

  api.post(
    '/opportunities',
    {
      schema: {
        tags,
        summary: 'Create an opportunity',
        body: OpportunityFieldsSchema,
        response: { 201: OpportunityOutSchema },
      },
    },
    async (request, reply) => {
      const ctx = requireRole(request, 'marketer');
      return reply.code(201).send(await createOpportunity(db, ctx, request.body));
    },
  );

  api.get(
    '/opportunities/:id',
    {
      schema: { tags, summary: 'One opportunity', params: IdParams, response: { 200: OpportunityOutSchema } },
    },
    async (request) => {
      const ctx = requireRole(request, 'sales');
      return getOpportunity(db, ctx.workspaceId, request.params.id);
    },
  );

  api.patch(
    '/opportunities/:id',
    {
      schema: {
        tags,
        summary: 'Update an opportunity (sales: only opportunities they own)',
        params: IdParams,
        body: OpportunityFieldsSchema.partial(),
        response: { 200: OpportunityOutSchema },
      },
    },
    async (request) => {
      const ctx = requireRole(request, 'sales');
      return updateOpportunity(db, ctx, request.params.id, request.body);
    },
  );

  api.delete(
    '/opportunities/:id',
    {
      schema: { tags, summary: 'Delete an opportunity (marketer or admin)', params: IdParams },
    },
    async (request, reply) => {
      const ctx = requireRole(request, 'marketer');
      await deleteOpportunity(db, ctx, request.params.id);
      return reply.code(204).send();
    },
  );
}
