import type { Kysely } from 'kysely';
import { z } from 'zod';
import { type AuthContext, hasRole } from '../auth/auth-context.ts';
import type { DB } from '../db/schema.ts';
import { HttpProblem } from '../errors/problem.ts';

/** A list page's filters: query parameter name → value, exactly as the list API takes them. */
export const ViewFiltersSchema = z
  .record(z.string().min(1).max(100), z.string().max(2000))
  .refine((f) => Object.keys(f).length <= 50, 'at most 50 filters');

/** The fields of a saved view a caller writes. */
export const SavedViewInputSchema = z.strictObject({
  page: z
    .string()
    .trim()
    .min(1)
    .max(50)
    .regex(/^[a-z][a-z0-9-]*$/, 'lower-case page name, e.g. accounts'),
  name: z.string().trim().min(1).max(200),
  filters: ViewFiltersSchema.default({}),
  sort: z.string().trim().max(200).default(''),
  shared: z.boolean().default(false),
});
export type SavedViewInput = z.infer<typeof SavedViewInputSchema>;

/** A saved view as the API returns it; `mine` says whether the caller may change it. */
export const SavedViewSchema = z.object({
  id: z.string(),
  page: z.string(),
  name: z.string(),
  filters: z.record(z.string(), z.string()),
  sort: z.string(),
  shared: z.boolean(),
  owner: z.string(),
  mine: z.boolean(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type SavedView = z.infer<typeof SavedViewSchema>;

/** Who owns the views a caller saves: the signed-in user, else the API key. */
export function viewOwner(ctx: AuthContext): string {
  return ctx.userId ?? `${ctx.actorType}:${ctx.actorId}`;
}

type Row = {
  id: string;
  page: string;
  name: string;
  filters: unknown;
  sort: string;
  shared: boolean;
  owner: string;
  created_at: Date;
  updated_at: Date;
};

function toView(row: Row, ctx: AuthContext): SavedView {
  const filters = z.record(z.string(), z.string()).safeParse(row.filters);
  return {
    id: row.id,
    page: row.page,
    name: row.name,
    filters: filters.success ? filters.data : {},
    sort: row.sort,
    shared: row.shared,
    owner: row.owner,
    mine: row.owner === viewOwner(ctx),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The caller's views and the workspace's shared views, optionally for one page, by name. */
export async function listSavedViews(db: Kysely<DB>, ctx: AuthContext, page?: string): Promise<SavedView[]> {
  let query = db
    .selectFrom('saved_views')
    .selectAll()
    .where('workspace_id', '=', ctx.workspaceId)
    .where((eb) => eb.or([eb('owner', '=', viewOwner(ctx)), eb('shared', '=', true)]));
  if (page) query = query.where('page', '=', page);
  const rows = await query.orderBy('name').orderBy('id').execute();
  return rows.map((r) => toView(r, ctx));
}

/** One view the caller can see (own or shared); 404 otherwise. */
export async function getSavedView(db: Kysely<DB>, ctx: AuthContext, id: string): Promise<SavedView> {
  const row = await db
    .selectFrom('saved_views')
    .selectAll()
    .where('workspace_id', '=', ctx.workspaceId)
    .where('id', '=', id)
    .where((eb) => eb.or([eb('owner', '=', viewOwner(ctx)), eb('shared', '=', true)]))
    .executeTakeFirst();
  if (!row) throw new HttpProblem(404, 'Not found', { detail: `No saved view ${id}` });
  return toView(row, ctx);
}

/** Views are changed by their owner, or by an admin for shared views; 403 otherwise. */
export function assertCanChangeView(ctx: AuthContext, view: SavedView): void {
  if (view.mine || (view.shared && hasRole(ctx.role, 'admin'))) return;
  throw new HttpProblem(403, 'Forbidden', {
    detail: 'Only the owner (or an admin, for shared views) changes a view',
  });
}

/** Save a new view; a name already used by the caller on that page answers 409. */
export async function createSavedView(
  db: Kysely<DB>,
  ctx: AuthContext,
  input: SavedViewInput,
): Promise<SavedView> {
  const row = await db
    .insertInto('saved_views')
    .values({
      workspace_id: ctx.workspaceId,
      owner: viewOwner(ctx),
      page: input.page,
      name: input.name,
      filters: JSON.stringify(input.filters),
      sort: input.sort,
      shared: input.shared,
    })
    .onConflict((oc) => oc.columns(['workspace_id', 'owner', 'page', 'name']).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!row) {
    throw new HttpProblem(409, 'Name taken', {
      detail: `You already have a view named "${input.name}" on ${input.page}`,
      errors: [{ path: 'body.name', message: 'already used' }],
    });
  }
  return toView(row, ctx);
}

/** Rename, re-filter or (un)share a view. */
export async function updateSavedView(
  db: Kysely<DB>,
  ctx: AuthContext,
  id: string,
  patch: Partial<Omit<SavedViewInput, 'page'>>,
): Promise<SavedView> {
  const view = await getSavedView(db, ctx, id);
  assertCanChangeView(ctx, view);
  try {
    const row = await db
      .updateTable('saved_views')
      .set({
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.filters !== undefined ? { filters: JSON.stringify(patch.filters) } : {}),
        ...(patch.sort !== undefined ? { sort: patch.sort } : {}),
        ...(patch.shared !== undefined ? { shared: patch.shared } : {}),
        updated_at: new Date(),
      })
      .where('workspace_id', '=', ctx.workspaceId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return toView(row, ctx);
  } catch (error) {
    if (typeof error === 'object' && error !== null && 'code' in error && error.code === '23505') {
      throw new HttpProblem(409, 'Name taken', {
        detail: `The owner already has a view named "${patch.name ?? view.name}" on ${view.page}`,
        errors: [{ path: 'body.name', message: 'already used' }],
      });
    }
    throw error;
  }
}

/** Delete a view the caller may change. */
export async function deleteSavedView(db: Kysely<DB>, ctx: AuthContext, id: string): Promise<SavedView> {
  const view = await getSavedView(db, ctx, id);
  assertCanChangeView(ctx, view);
  await db
    .deleteFrom('saved_views')
    .where('workspace_id', '=', ctx.workspaceId)
    .where('id', '=', id)
    .execute();
  return view;
}
