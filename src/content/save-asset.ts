import type { Kysely, Selectable } from 'kysely';
import { recordAudit } from '../audit/record-audit.ts';
import type { AuthContext } from '../auth/auth-context.ts';
import type { JsonObject } from '../db/json.ts';
import type { DB } from '../db/schema.ts';
import { HttpProblem } from '../errors/problem.ts';
import { type AssetInput, type AssetOut, type AssetPatch, toAssetOut } from './asset-fields.ts';
import { assertContentReferences, type ContentReference } from './content-references.ts';
import type { ContentAssetsTable } from './tables.ts';

function references(input: {
  personaIds?: string[] | undefined;
  ownerId?: string | null | undefined;
}): ContentReference[] {
  const refs: ContentReference[] = (input.personaIds ?? []).map((id, i) => ({
    kind: 'persona',
    id,
    path: `body.personaIds.${i}`,
  }));
  if (input.ownerId) refs.push({ kind: 'member', id: input.ownerId, path: 'body.ownerId' });
  return refs;
}

async function snapshot(
  trx: Kysely<DB>,
  ctx: AuthContext,
  row: Selectable<ContentAssetsTable>,
): Promise<AssetOut> {
  const out = toAssetOut(row);
  const { createdAt: _c, updatedAt: _u, ...kept } = out;
  const json: JsonObject = { ...kept, updatedAt: row.updated_at.toISOString() };
  await trx
    .insertInto('content_asset_versions')
    .values({
      workspace_id: ctx.workspaceId,
      asset_id: row.id,
      version: row.version,
      snapshot: JSON.stringify(json),
      created_by: ctx.actorId,
    })
    .execute();
  return out;
}

/** Add an asset to the library (version 1, owned by the caller unless `ownerId` says otherwise); audited. */
export async function createAsset(db: Kysely<DB>, ctx: AuthContext, input: AssetInput): Promise<AssetOut> {
  await assertContentReferences(db, ctx.workspaceId, references(input));
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('content_assets')
      .values({
        workspace_id: ctx.workspaceId,
        kind: input.kind,
        title: input.title,
        description: input.description,
        body: input.body,
        url: input.url,
        persona_ids: input.personaIds,
        functions: input.functions,
        buying_stages: input.buyingStages,
        industries: input.industries,
        language: input.language,
        status: input.status,
        owner_id: input.ownerId === undefined ? ctx.userId : input.ownerId,
        updated_by: ctx.actorId,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, ctx, {
      action: 'content_asset.create',
      objectType: 'content_asset',
      objectId: row.id,
      changes: { title: { old: null, new: row.title } },
    });
    return snapshot(trx, ctx, row);
  });
}

/**
 * Change an asset: a new version whose state is kept in the version history. 404 when unknown, 409
 * when `version` is given and is not the current one, 400 when a document is left without a URL.
 */
export async function updateAsset(
  db: Kysely<DB>,
  ctx: AuthContext,
  id: string,
  patch: AssetPatch,
): Promise<AssetOut> {
  await assertContentReferences(db, ctx.workspaceId, references(patch));
  return db.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom('content_assets')
      .selectAll()
      .where('workspace_id', '=', ctx.workspaceId)
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!current) throw new HttpProblem(404, 'Not found', { detail: `No asset ${id}` });
    if (patch.version !== undefined && patch.version !== current.version)
      throw new HttpProblem(409, 'Conflict', {
        detail: `The asset is at version ${current.version}; reload it and apply your change again`,
      });
    const kind = patch.kind ?? current.kind;
    const url = patch.url === undefined ? current.url : patch.url;
    if (kind === 'document' && !url)
      throw new HttpProblem(400, 'Bad request', {
        errors: [{ path: 'body.url', message: 'a document needs its URL' }],
      });
    const row = await trx
      .updateTable('content_assets')
      .set({
        kind,
        title: patch.title ?? current.title,
        description: patch.description ?? current.description,
        body: patch.body ?? current.body,
        url,
        persona_ids: patch.personaIds ?? current.persona_ids,
        functions: patch.functions ?? current.functions,
        buying_stages: patch.buyingStages ?? current.buying_stages,
        industries: patch.industries ?? current.industries,
        language: patch.language === undefined ? current.language : patch.language,
        status: patch.status ?? current.status,
        owner_id: patch.ownerId === undefined ? current.owner_id : patch.ownerId,
        version: current.version + 1,
        updated_by: ctx.actorId,
        updated_at: new Date(),
      })
      .where('workspace_id', '=', ctx.workspaceId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, ctx, {
      action: 'content_asset.update',
      objectType: 'content_asset',
      objectId: id,
      changes: { version: { old: current.version, new: row.version } },
    });
    return snapshot(trx, ctx, row);
  });
}

/** Delete an asset and its history (404 when unknown); audited. */
export async function deleteAsset(db: Kysely<DB>, ctx: AuthContext, id: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const gone = await trx
      .deleteFrom('content_assets')
      .where('workspace_id', '=', ctx.workspaceId)
      .where('id', '=', id)
      .returning('title')
      .executeTakeFirst();
    if (!gone) throw new HttpProblem(404, 'Not found', { detail: `No asset ${id}` });
    await recordAudit(trx, ctx, {
      action: 'content_asset.delete',
      objectType: 'content_asset',
      objectId: id,
      changes: { title: { old: gone.title, new: null } },
    });
  });
}
