import type { Kysely } from 'kysely';
import type { DB, Role } from '../db/schema.ts';
import type { AuthContext } from './auth-context.ts';
import { hashToken, newToken } from './secrets.ts';

export interface CreatedApiKey {
  id: string;
  /** The key itself: returned once, never stored. */
  key: string;
  prefix: string;
}

/**
 * Create an API key for a workspace. Only its SHA-256 hash is stored; the key is returned once.
 *
 * @example
 * const { key } = await createApiKey(db, { workspaceId, role: 'admin', name: 'ci' });
 * // Authorization: Bearer <key>
 */
export async function createApiKey(
  db: Kysely<DB>,
  input: { workspaceId: string; role: Role; name: string; createdBy?: string | null },
): Promise<CreatedApiKey> {
  const key = newToken('oabm');
  const prefix = key.slice(0, 12);
  const row = await db
    .insertInto('api_keys')
    .values({
      workspace_id: input.workspaceId,
      role: input.role,
      name: input.name,
      prefix,
      key_hash: hashToken(key),
      created_by: input.createdBy ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, key, prefix };
}

/** Resolve a presented API key to its workspace and role, or null when unknown or revoked. */
export async function authenticateApiKey(db: Kysely<DB>, key: string): Promise<AuthContext | null> {
  const row = await db
    .selectFrom('api_keys')
    .select(['id', 'workspace_id', 'role', 'created_by'])
    .where('key_hash', '=', hashToken(key))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row) return null;
  return {
    workspaceId: row.workspace_id,
    role: row.role,
    actorType: 'api_key',
    actorId: row.id,
    userId: row.created_by,
  };
}
