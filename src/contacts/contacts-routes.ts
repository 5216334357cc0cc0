import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireRole } from '../auth/auth-hook.ts';
import type { Database } from '../db/database.ts';
import { listDescription, listQuerystring } from '../records/list-querystring.ts';
import { requireAccount } from '../records/record-access.ts';
import { ContactFieldsSchema } from './contact-fields.ts';
import { CONTACT_LIST_FIELDS } from './contact-list-fields.ts';
import { ContactOutSchema } from './contact-output.ts';
import { createContact } from './create-contact.ts';
import { deleteContact } from './delete-contact.ts';
import { getContact } from './get-contact.ts';
import { listContacts } from './list-contacts.ts';
import { updateContact } from './update-contact.ts';

const IdParams = z.strictObject({ id: z.uuid() });
const tags = ['contacts'];
const ListOut = z.object({ data: z.array(ContactOutSchema), nextCursor: z.string().nullable() });

/** CRUD and list for contacts, and an account's contacts. Sales read and update their own. */
export async function contactsRoutes(app: FastifyInstance, database: Database): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = database;
  const querystring = listQuerystring(CONTACT_LIST_FIELDS, '-updatedAt', 'email, first and last name');

  api.get(
    '/contacts',
    {
      schema: {
        tags,
        summary: 'List contacts',
        description: listDescription('contacts', CONTACT_LIST_FIELDS),
        querystring,
        response: { 200: ListOut },
      },
    },
    async (request) => {
      const ctx = requireRole(request, 'sales');
      return listContacts(db, ctx.workspaceId, request.query);
    },
  );

  api.get(
    '/accounts/:id/contacts',
    {
      schema: {
        tags,
        summary: "An account's contacts (same filters as /contacts)",
        params: IdParams,
        querystring,
        response: { 200: ListOut },
      },
    },
    async (request) => {
      const ctx = requireRole(request, 'sales');
      await requireAccount(db, ctx.workspaceId, request.params.id);
      return listContacts(db, ctx.workspaceId, { ...request.query, accountId: request.params.id });
    },
  );

  api.post(
    '/contacts',
    {
      schema: {
        tags,
        summary: 'Create a contact',
        body: ContactFieldsSchema,
        response: { 201: ContactOutSchema },
      },
    },
    async (request, reply) => {
      const ctx = requireRole(request, 'marketer');
      return reply.code(201).send(await createContact(db, ctx, request.body));
    },
  );

  api.get(
    '/contacts/:id',
    {
      schema: { tags, summary: 'One contact', params: IdParams, response: { 200: ContactOutSchema } },
    },
    async (request) => {
      const ctx = requireRole(request, 'sales');
      return getContact(db, ctx.workspaceId, request.params.id);
    },
  );

  api.patch(
    '/contacts/:id',
    {
      schema: {
        tags,
        summary: 'Update a contact (sales: only contacts they own)',
        params: IdParams,
        body: ContactFieldsSchema.partial(),
        response: { 200: ContactOutSchema },
      },
    },
    async (request) => {
      const ctx = requireRole(request, 'sales');
      return updateContact(db, ctx, request.params.id, request.body);
    },
  );

  api.delete(
    '/contacts/:id',
    {
      schema: { tags, summary: 'Delete a contact (marketer or admin)', params: IdParams },
    },
    async (request, reply) => {
      const ctx = requireRole(request, 'marketer');
      await deleteContact(db, ctx, request.params.id);
      return reply.code(204).send();
    },
  );
}
