import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';

const cache = new Map<string, Buffer>();

/**
 * The workspace's HMAC key for email tracking tokens, created on first use. It is kept server-side in
 * plain form (an HMAC key has to be usable to verify, so it cannot be hashed at rest) and cached in-process.
 */
export async function trackingSecret(db: Kysely<DB>, workspaceId: string): Promise<Buffer> {
  const hit = cache.get(workspaceId);
  if (hit) return hit;
  await db
    .insertInto('email_tracking_secrets')
    .values({ workspace_id: workspaceId, secret: randomBytes(32).toString('base64url') })
    .onConflict((oc) => oc.column('workspace_id').doNothing())
    .execute();
  const row = await db
    .selectFrom('email_tracking_secrets')
    .select('secret')
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirstOrThrow();
  const key = Buffer.from(row.secret, 'base64url');
  cache.set(workspaceId, key);
  return key;
}

/** The workspace's key when it exists (never creates one: verification of unknown workspaces fails). */
export async function existingTrackingSecret(db: Kysely<DB>, workspaceId: string): Promise<Buffer | null> {
  const hit = cache.get(workspaceId);
  if (hit) return hit;
  const row = await db
    .selectFrom('email_tracking_secrets')
    .select('secret')
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirst();
  if (!row) return null;
  const key = Buffer.from(row.secret, 'base64url');
  cache.set(workspaceId, key);
  return key;
}
