import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireRole } from '../auth/auth-hook.ts';
import type { Database } from '../db/database.ts';
import { listDescription, listQuerystring } from '../records/list-querystring.ts';
import { AccountFieldsSchema } from './account-fields.ts';
import { ACCOUNT_LIST_FIELDS } from './account-list-fields.ts';
import { AccountOutSchema } from './account-output.ts';
import { createAccount } from './create-account.ts';
import { deleteAccount } from './delete-account.ts';
import { AccountDetailSchema, getAccount } from './get-account.ts';
import { listAccounts } from './list-accounts.ts';
import { updateAccount } from './update-account.ts';

const IdParams = z.strictObject({ id: z.uuid() });
const tags = ['accounts'];

/** CRUD and list for accounts. Sales read and update their own; marketers and admins write. */
export async function accountsRoutes(app: FastifyInstance, database: Database): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = database;

  api.get(
    '/accounts',
    {
      schema: {
        tags,
        summary: 'List accounts',
        description: listDescription('accounts', ACCOUNT_LIST_FIELDS),
        querystring: listQuerystring(ACCOUNT_LIST_FIELDS, 'name', 'name and domain'),
        response: { 200: z.object({ data: z.array(AccountOutSchema), nextCursor: z.string().nullable() }) },
      },
    },
    async (request) => {
      const ctx = requireRole(request, 'sales');
      return listAccounts(db, ctx.workspaceId, request.query);
    },
  );

  api.post(
    '/accounts',
    {
      schema: {
        tags,
        summary: 'Create an account',
        body: AccountFieldsSchema,
        response: { 201: AccountOutSchema },
      },
    },
    async (request, reply) => {
      const ctx = requireRole(request, 'marketer');
      return reply.code(201).send(await createAccount(db, ctx, request.body));
    },
  );

  api.get(
    '/accounts/:id',
    {
      schema: {
        tags,
        summary: 'One account with its parent and counts',
        params: IdParams,
        response: { 200: AccountDetailSchema },
      },
    },
    async (request) => {
      const ctx = requireRole(request, 'sales');
      return getAccount(db, ctx.workspaceId, request.params.id);
    },
  );

  api.patch(
    '/accounts/:id',
    {
      schema: {
        tags,
        summary: 'Update an account (sales: only accounts they own)',
        params: IdParams,
        body: AccountFieldsSchema.partial(),
        response: { 200: AccountOutSchema },
      },
    },
    async (request) => {
      const ctx = requireRole(request, 'sales');
      return updateAccount(db, ctx, request.params.id, request.body);
    },
  );

  api.delete(
    '/accounts/:id',
    {
      schema: { tags, summary: 'Delete an account (marketer or admin)', params: IdParams },
    },
    async (request, reply) => {
      const ctx = requireRole(request, 'marketer');
      await deleteAccount(db, ctx, request.params.id);
      return reply.code(204).send();
    },
  );
}
