import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/database.ts';
import { withWarnings } from '../normalize/normalize-record.ts';
import { recordRoutes } from '../records/record-routes.ts';
import { ContactFieldsSchema } from './contact-fields.ts';
import { CONTACT_LIST_FIELDS } from './contact-list-fields.ts';
import { ContactOutSchema } from './contact-output.ts';
import { createContact } from './create-contact.ts';
import { deleteContact } from './delete-contact.ts';
import { getContact } from './get-contact.ts';
import { listContacts } from './list-contacts.ts';
import { updateContact } from './update-contact.ts';

/** CRUD and list for contacts, and an account's contacts. Sales read and update their own. */
export async function contactsRoutes(app: FastifyInstance, database: Database): Promise<void> {
  await recordRoutes(app, database, {
    plural: 'contacts',
    one: 'a contact',
    noun: 'contact',
    fields: ContactFieldsSchema,
    patch: ContactFieldsSchema.partial(),
    output: ContactOutSchema,
    written: withWarnings(ContactOutSchema),
    list: {
      fields: CONTACT_LIST_FIELDS,
      defaultSort: '-updatedAt',
      search: 'email, first and last name',
      perAccount: true,
    },
    run: {
      list: listContacts,
      create: createContact,
      get: getContact,
      update: updateContact,
      remove: deleteContact,
    },
  });
}
