import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/record-audit.ts';
import type { AuthContext } from '../auth/auth-context.ts';
import type { DB } from '../db/schema.ts';
import { HttpProblem } from '../errors/problem.ts';
import type { BlockInput, BlockPatch, BlockVariant } from './block-fields.ts';
import { type BlockOut, toBlockOut } from './block-output.ts';
import { blockUsage } from './block-usage.ts';
import { assertContentReferences, type ContentReference } from './content-references.ts';
import { validateBlockVariants } from './validate-content.ts';

function references(variants: readonly BlockVariant[]): ContentReference[] {
  return variants.flatMap((v, i) => [
    ...(v.when.personaIds ?? []).map(
      (id, j): ContentReference => ({ kind: 'persona', id, path: `body.variants.${i}.when.personaIds.${j}` }),
    ),
    ...(v.when.accountIds ?? []).map(
      (id, j): ContentReference => ({ kind: 'account', id, path: `body.variants.${i}.when.accountIds.${j}` }),
    ),
  ]);
}

async function usersOf(
  db: Kysely<DB>,
  workspaceId: string,
  key: string,
): Promise<{ id: string; name: string }[]> {
  return (await blockUsage(db, workspaceId)).get(key)?.templates ?? [];
}

/** Add a shared block (its variants checked like a template: 400 naming `body.variants.N.body`); audited. */
export async function createBlock(db: Kysely<DB>, ctx: AuthContext, input: BlockInput): Promise<BlockOut> {
  await assertContentReferences(db, ctx.workspaceId, references(input.variants));
  await validateBlockVariants(db, ctx.workspaceId, input.key, input.variants);
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('content_blocks')
      .values({
        workspace_id: ctx.workspaceId,
        key: input.key,
        name: input.name,
        description: input.description,
        variants: JSON.stringify(input.variants),
        updated_by: ctx.actorId,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, ctx, {
      action: 'content_block.create',
      objectType: 'content_block',
      objectId: row.id,
      changes: { key: { old: null, new: row.key } },
    });
    return toBlockOut(row, await usersOf(trx, ctx.workspaceId, row.key));
  });
}

/**
 * Change a block: every template inserting it renders the new variants from now on. A key in use by
 * a template or another block cannot change (409); 404 when unknown.
 */
export async function updateBlock(
  db: Kysely<DB>,
  ctx: AuthContext,
  id: string,
  patch: BlockPatch,
): Promise<BlockOut> {
  const current = await db
    .selectFrom('content_blocks')
    .selectAll()
    .where('workspace_id', '=', ctx.workspaceId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!current) throw new HttpProblem(404, 'Not found', { detail: `No block ${id}` });
  const key = patch.key ?? current.key;
  if (key !== current.key) {
    const used = (await blockUsage(db, ctx.workspaceId)).get(current.key);
    if (used && (used.templates.length > 0 || used.blocks.length > 0))
      throw new HttpProblem(409, 'Conflict', {
        detail: `Block "${current.key}" is inserted by ${[...used.templates.map((t) => t.name), ...used.blocks].join(', ')}; its key cannot change`,
        errors: [{ path: 'body.key', message: 'is in use' }],
      });
  }
  if (patch.variants) {
    await assertContentReferences(db, ctx.workspaceId, references(patch.variants));
    await validateBlockVariants(db, ctx.workspaceId, key, patch.variants);
  }
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('content_blocks')
      .set((eb) => ({
        key,
        name: patch.name ?? current.name,
        description: patch.description ?? current.description,
        ...(patch.variants ? { variants: JSON.stringify(patch.variants) } : {}),
        version: eb('version', '+', 1),
        updated_by: ctx.actorId,
        updated_at: new Date(),
      }))
      .where('workspace_id', '=', ctx.workspaceId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new HttpProblem(404, 'Not found', { detail: `No block ${id}` });
    await recordAudit(trx, ctx, {
      action: 'content_block.update',
      objectType: 'content_block',
      objectId: id,
      changes: { version: { old: current.version, new: row.version } },
    });
    return toBlockOut(row, await usersOf(trx, ctx.workspaceId, row.key));
  });
}

/** Delete a block no template or block inserts (409 naming them otherwise, 404 when unknown). */
export async function deleteBlock(db: Kysely<DB>, ctx: AuthContext, id: string): Promise<void> {
  const current = await db
    .selectFrom('content_blocks')
    .select(['key'])
    .where('workspace_id', '=', ctx.workspaceId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!current) throw new HttpProblem(404, 'Not found', { detail: `No block ${id}` });
  const used = (await blockUsage(db, ctx.workspaceId)).get(current.key);
  if (used && (used.templates.length > 0 || used.blocks.length > 0))
    throw new HttpProblem(409, 'Conflict', {
      detail: `Block "${current.key}" is inserted by ${[...used.templates.map((t) => t.name), ...used.blocks].join(', ')}`,
    });
  await db.transaction().execute(async (trx) => {
    await trx
      .deleteFrom('content_blocks')
      .where('workspace_id', '=', ctx.workspaceId)
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, ctx, {
      action: 'content_block.delete',
      objectType: 'content_block',
      objectId: id,
      changes: { key: { old: current.key, new: null } },
    });
  });
}

/** The workspace's blocks by key, each with the templates using it. */
export async function listBlocks(db: Kysely<DB>, workspaceId: string): Promise<BlockOut[]> {
  const rows = await db
    .selectFrom('content_blocks')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .orderBy('key')
    .execute();
  const usage = await blockUsage(db, workspaceId);
  return rows.map((r) => toBlockOut(r, usage.get(r.key)?.templates ?? []));
}

/** One block (404 when not in the workspace). */
export async function getBlock(db: Kysely<DB>, workspaceId: string, id: string): Promise<BlockOut> {
  const row = await db
    .selectFrom('content_blocks')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw new HttpProblem(404, 'Not found', { detail: `No block ${id}` });
  return toBlockOut(row, await usersOf(db, workspaceId, row.key));
}
