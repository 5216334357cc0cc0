import type { Kysely } from 'kysely';
import type { Contact, DB } from '../db/schema.ts';
import { parseListQuery } from '../records/parse-list-query.ts';
import { runListQuery } from '../records/run-list-query.ts';
import { CONTACT_LIST_FIELDS, CONTACT_SEARCH_COLUMNS } from './contact-list-fields.ts';
import { type ContactOut, toContactOut } from './contact-output.ts';

/** A page of the workspace's contacts for flat list parameters (see parseListQuery). */
export async function listContacts(
  db: Kysely<DB>,
  workspaceId: string,
  query: Record<string, unknown>,
): Promise<{ data: ContactOut[]; nextCursor: string | null }> {
  const parsed = parseListQuery(query, {
    fields: CONTACT_LIST_FIELDS,
    defaultSort: '-updatedAt',
    searchColumns: CONTACT_SEARCH_COLUMNS,
  });
  const page = await runListQuery<Contact>(db, 'contacts', workspaceId, parsed);
  return { data: page.rows.map(toContactOut), nextCursor: page.nextCursor };
}
