import type { Kysely } from 'kysely';
import { hashToken, newToken } from '../auth/secrets.ts';
import type { DB } from '../db/schema.ts';

/** A write key as listed (the key itself is shown only once, at creation). */
export interface WriteKeyInfo {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  revokedAt: Date | null;
}

/** How long a resolved key is trusted without asking the database (revocation elsewhere takes this long). */
const CACHE_TTL_MS = 5_000;
const cache = new Map<string, { workspaceId: string; writeKeyId: string; expires: number }>();

/**
 * Create a write key for a source (website, app, backend). Only its SHA-256 is stored.
 *
 * @example
 * const { key } = await createWriteKey(db, { workspaceId, name: 'web' });
 */
export async function createWriteKey(
  db: Kysely<DB>,
  input: { workspaceId: string; name: string; createdBy?: string | null },
): Promise<WriteKeyInfo & { key: string }> {
  const key = newToken('oabm_wk');
  const prefix = key.slice(0, 14);
  const row = await db
    .insertInto('write_keys')
    .values({
      workspace_id: input.workspaceId,
      name: input.name,
      prefix,
      key_hash: hashToken(key),
      created_by: input.createdBy ?? null,
    })
    .returning(['id', 'created_at'])
    .executeTakeFirstOrThrow();
  return { id: row.id, name: input.name, prefix, createdAt: row.created_at, revokedAt: null, key };
}

/** Every write key of a workspace, newest first. */
export async function listWriteKeys(db: Kysely<DB>, workspaceId: string): Promise<WriteKeyInfo[]> {
  const rows = await db
    .selectFrom('write_keys')
    .select(['id', 'name', 'prefix', 'created_at', 'revoked_at'])
    .where('workspace_id', '=', workspaceId)
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    createdAt: r.created_at,
    revokedAt: r.revoked_at,
  }));
}

/** Revoke a write key; returns false when the workspace has no such key. */
export async function revokeWriteKey(db: Kysely<DB>, workspaceId: string, id: string): Promise<boolean> {
  const result = await db
    .updateTable('write_keys')
    .set({ revoked_at: new Date() })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  cache.clear();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * Resolve a presented write key to its workspace, or null when unknown or revoked. Positive answers
 * are cached in-process for a few seconds so ingestion does not pay a query per request.
 */
export async function authenticateWriteKey(
  db: Kysely<DB>,
  key: string,
): Promise<{ workspaceId: string; writeKeyId: string } | null> {
  if (!key || key.length > 200) return null;
  const hash = hashToken(key);
  const now = Date.now();
  const hit = cache.get(hash);
  if (hit && hit.expires > now) return { workspaceId: hit.workspaceId, writeKeyId: hit.writeKeyId };
  const row = await db
    .selectFrom('write_keys')
    .select(['id', 'workspace_id'])
    .where('key_hash', '=', hash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row) {
    cache.delete(hash);
    return null;
  }
  if (cache.size > 10_000) cache.clear();
  cache.set(hash, { workspaceId: row.workspace_id, writeKeyId: row.id, expires: now + CACHE_TTL_MS });
  return { workspaceId: row.workspace_id, writeKeyId: row.id };
}
