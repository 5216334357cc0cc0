import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { AccountIndex } from './account-index.ts';
import { loadAccountIndex } from './load-account-index.ts';

interface CacheEntry {
  version: string;
  loadedAt: number;
  index: Promise<AccountIndex>;
}

const MAX_WORKSPACES = 16;
/** Contact counts and open opportunities (tie-breakers) are refreshed at least this often. */
const MAX_AGE_MS = 10 * 60_000;
const cache = new Map<string, CacheEntry>();

/**
 * The workspace's accounts version, bumped by database triggers on every accounts/account_domains write:
 * `counter:changed_at`, so a version seen inside a transaction that rolled back never collides with a
 * later committed one.
 */
export async function accountsVersion(db: Kysely<DB>, workspaceId: string): Promise<string> {
  const row = await db
    .selectFrom('matching_versions')
    .select(['version', 'changed_at'])
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirst();
  return versionKey(row?.version, row?.changed_at);
}

/** The cache key of a version row (missing row: `0`). */
export function versionKey(version: number | null | undefined, changedAt: Date | null | undefined): string {
  return version ? `${version}:${changedAt?.getTime() ?? 0}` : '0';
}

/**
 * The in-process matching index of a workspace, rebuilt only when the workspace's accounts version
 * changed (one primary-key read per call, or none when the caller read `knownVersion` itself), so
 * several server processes all stay correct. Concurrent callers share one build.
 */
export async function workspaceIndex(
  db: Kysely<DB>,
  workspaceId: string,
  knownVersion?: string,
): Promise<AccountIndex> {
  const version = knownVersion ?? (await accountsVersion(db, workspaceId));
  const hit = cache.get(workspaceId);
  if (hit && hit.version === version && Date.now() - hit.loadedAt < MAX_AGE_MS) {
    cache.delete(workspaceId);
    cache.set(workspaceId, hit);
    return hit.index;
  }
  const entry: CacheEntry = { version, loadedAt: Date.now(), index: loadAccountIndex(db, workspaceId) };
  cache.set(workspaceId, entry);
  while (cache.size > MAX_WORKSPACES) {
    const oldest = cache.keys().next().value;
    if (oldest === undefined) break;
    cache.delete(oldest);
  }
  try {
    return await entry.index;
  } catch (error) {
    if (cache.get(workspaceId) === entry) cache.delete(workspaceId);
    throw error;
  }
}

/** Drops a workspace's cached index (after a bulk change in this process). */
export function forgetWorkspaceIndex(workspaceId: string): void {
  cache.delete(workspaceId);
}
