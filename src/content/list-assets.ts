import { type Kysely, sql } from 'kysely';
import type { JsonValue } from '../db/json.ts';
import type { DB } from '../db/schema.ts';
import { HttpProblem } from '../errors/problem.ts';
import { type AssetListQuery, type AssetOut, toAssetOut } from './asset-fields.ts';

/** The library's assets matching every filter given, most recently changed first. */
export async function listAssets(
  db: Kysely<DB>,
  workspaceId: string,
  q: AssetListQuery,
): Promise<AssetOut[]> {
  let query = db.selectFrom('content_assets').selectAll().where('workspace_id', '=', workspaceId);
  if (q.kind) query = query.where('kind', '=', q.kind);
  if (q.status) query = query.where('status', '=', q.status);
  if (q.ownerId) query = query.where('owner_id', '=', q.ownerId);
  if (q.language) query = query.where('language', '=', q.language);
  const has = (column: 'persona_ids' | 'functions' | 'buying_stages', value: string) =>
    query.where((eb) => eb(eb.val(value), '=', eb.fn.any(column)));
  if (q.personaId) query = has('persona_ids', q.personaId);
  if (q.function) query = has('functions', q.function);
  if (q.buyingStage) query = has('buying_stages', q.buyingStage);
  const industry = q.industry;
  if (industry)
    query = query.where(
      sql<boolean>`EXISTS (SELECT 1 FROM unnest(industries) i WHERE lower(i) = ${industry.toLowerCase()})`,
    );
  const text = q.q;
  if (text)
    query = query.where((eb) =>
      eb(eb.fn('strpos', [eb.fn('lower', ['title']), eb.val(text.toLowerCase())]), '>', 0),
    );
  const rows = await query.orderBy('updated_at', 'desc').orderBy('id').limit(q.limit).execute();
  return rows.map(toAssetOut);
}

/** One asset (404 when not in the workspace). */
export async function getAsset(db: Kysely<DB>, workspaceId: string, id: string): Promise<AssetOut> {
  const row = await db
    .selectFrom('content_assets')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw new HttpProblem(404, 'Not found', { detail: `No asset ${id}` });
  return toAssetOut(row);
}

/** An asset's versions, newest first: the state of each and who made it. */
export async function listAssetVersions(
  db: Kysely<DB>,
  workspaceId: string,
  id: string,
): Promise<{ version: number; createdBy: string | null; createdAt: Date; snapshot: JsonValue }[]> {
  await getAsset(db, workspaceId, id);
  const rows = await db
    .selectFrom('content_asset_versions')
    .select(['version', 'created_by', 'created_at', 'snapshot'])
    .where('workspace_id', '=', workspaceId)
    .where('asset_id', '=', id)
    .orderBy('version', 'desc')
    .execute();
  return rows.map((r) => ({
    version: r.version,
    createdBy: r.created_by,
    createdAt: r.created_at,
    snapshot: r.snapshot,
  }));
}
