import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';

export interface Workspace {
  id: string;
  name: string;
  slug: string;
}

/** Create a workspace; the slug is derived from the name and made unique with a suffix. */
export async function createWorkspace(
  db: Kysely<DB>,
  input: { name: string; slug?: string },
): Promise<Workspace> {
  const base =
    (input.slug ?? input.name)
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40) || 'workspace';
  for (let attempt = 0; attempt < 20; attempt++) {
    const slug = attempt === 0 ? base : `${base}-${Math.random().toString(36).slice(2, 7)}`;
    const row = await db
      .insertInto('workspaces')
      .values({ name: input.name, slug })
      .onConflict((oc) => oc.column('slug').doNothing())
      .returning(['id', 'name', 'slug'])
      .executeTakeFirst();
    if (row) return row;
  }
  throw new Error(`Could not find a free slug for workspace "${input.name}"`);
}

/** The workspace the CLI acts on: the one named by slug or id, else the oldest; created if none exists. */
export async function defaultWorkspace(db: Kysely<DB>, slugOrId?: string): Promise<Workspace> {
  let query = db.selectFrom('workspaces').select(['id', 'name', 'slug']).orderBy('created_at').limit(1);
  if (slugOrId) {
    const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(slugOrId);
    query = query.where(isUuid ? 'id' : 'slug', '=', slugOrId);
  }
  const found = await query.executeTakeFirst();
  if (found) return found;
  if (slugOrId) throw new Error(`No workspace "${slugOrId}"`);
  return createWorkspace(db, { name: 'Default', slug: 'default' });
}
