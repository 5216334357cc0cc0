import type { Kysely, Selectable } from 'kysely';
import { z } from 'zod';
import type { ContactsTable, DB } from '../db/schema.ts';
import { HttpProblem } from '../errors/problem.ts';
import { normalizeEmail } from '../records/suppression.ts';

/** Who a privacy request is about: a contact id or an e-mail address (exactly one). */
export const PersonTargetSchema = z
  .strictObject({
    contactId: z.uuid().optional(),
    email: z.email().max(320).optional(),
  })
  .refine((t) => (t.contactId === undefined) !== (t.email === undefined), {
    message: 'give exactly one of contactId or email',
    path: ['contactId'],
  });
export type PersonTarget = z.infer<typeof PersonTargetSchema>;

/** A person as privacy requests find them: the contact (if any) and every identifier they left. */
export interface Person {
  contact: Selectable<ContactsTable> | null;
  /** Normalised e-mail addresses (the contact's, and the one asked about). */
  emails: string[];
  /** Full names ("first last") to find in free text anywhere in the workspace. */
  fullNames: string[];
  /** First and last name, matched as whole words only in text tied to the person. */
  nameWords: string[];
  phones: string[];
  anonymousIds: string[];
  userIds: string[];
  /** The contact's account (its notes are the ones that may name the person by first name). */
  accountId: string | null;
}

/**
 * Find the person a request names: by contact id (404 when not in the workspace), or by e-mail (the
 * contact with that address, or nobody — traces of an address without a contact can still be erased
 * or exported). Collects the identities tied to the contact (anonymous ids, user ids).
 */
export async function findPerson(db: Kysely<DB>, workspaceId: string, target: PersonTarget): Promise<Person> {
  let query = db.selectFrom('contacts').selectAll().where('workspace_id', '=', workspaceId);
  const email = target.email === undefined ? null : normalizeEmail(target.email);
  if (target.contactId !== undefined) query = query.where('id', '=', target.contactId);
  else query = query.where('email', '=', email);
  const contact = (await query.executeTakeFirst()) ?? null;
  if (!contact && target.contactId !== undefined) {
    throw new HttpProblem(404, 'Not found', { detail: `No contact ${target.contactId} in this workspace` });
  }
  const emails = new Set<string>();
  if (email) emails.add(email);
  if (contact?.email) emails.add(normalizeEmail(contact.email));
  const first = contact?.first_name?.trim() || null;
  const last = contact?.last_name?.trim() || null;
  const fullNames = first && last ? [`${first} ${last}`, `${last}, ${first}`, `${last} ${first}`] : [];
  const nameWords = [first, last].flatMap((w) => (w && w.length >= 2 ? [w] : []));
  const phone = contact?.phone?.trim();
  const ids = contact
    ? await Promise.all([
        db
          .selectFrom('anonymous_ids')
          .select('anonymous_id as id')
          .where('workspace_id', '=', workspaceId)
          .where('contact_id', '=', contact.id)
          .execute(),
        db
          .selectFrom('identity_user_ids')
          .select('user_id as id')
          .where('workspace_id', '=', workspaceId)
          .where('contact_id', '=', contact.id)
          .execute(),
      ])
    : [[], []];
  return {
    contact,
    emails: [...emails],
    fullNames,
    nameWords,
    phones: phone && phone.replace(/\D/g, '').length >= 6 ? [phone] : [],
    anonymousIds: ids[0].map((r) => r.id),
    userIds: ids[1].map((r) => r.id),
    accountId: contact?.account_id ?? null,
  };
}
