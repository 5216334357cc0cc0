import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { HttpProblem } from '../errors/problem.ts';
import { type ContactOut, toContactOut } from './contact-output.ts';

/** A contact of the workspace; 404 for any id not in it. */
export async function getContact(db: Kysely<DB>, workspaceId: string, id: string): Promise<ContactOut> {
  const row = await db
    .selectFrom('contacts')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw new HttpProblem(404, 'Not found', { detail: `No contact ${id} in this workspace` });
  return toContactOut(row);
}
