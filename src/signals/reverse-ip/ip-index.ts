import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { parseIp } from './ip-address.ts';
import { type IndexedRange, type IpMatch, IpRangeIndex } from './range-index.ts';

/** How long a loaded index is trusted before its version is checked again. */
const VERSION_CHECK_MS = 1_000;
/** A loaded index is rebuilt at least this often (domain targets follow account_domains changes). */
const MAX_AGE_MS = 5 * 60_000;

interface CachedIndex {
  version: number;
  index: IpRangeIndex;
  loadedAt: number;
  checkedAt: number;
}

/**
 * Keyed by workspace id alone (not by database handle): writers call from inside transactions, whose
 * handles differ on every call, and workspace ids are unique across databases.
 */
const cache = new Map<string, Promise<CachedIndex>>();

async function currentVersion(db: Kysely<DB>, workspaceId: string): Promise<number> {
  const row = await db
    .selectFrom('ip_range_versions')
    .select('version')
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirst();
  return row?.version ?? 0;
}

async function loadIndex(db: Kysely<DB>, workspaceId: string, version: number): Promise<CachedIndex> {
  const rows = await sql<{
    family: number;
    s: string;
    e: string;
    account_id: string | null;
    confidence: number;
    excluded: boolean;
  }>`
    SELECT r.family, host(r.range_start) AS s, host(r.range_end) AS e,
      coalesce(r.account_id, d.account_id) AS account_id, r.confidence, r.excluded
    FROM ip_ranges r
    LEFT JOIN LATERAL (
      SELECT ad.account_id FROM account_domains ad
      WHERE ad.workspace_id = r.workspace_id AND ad.domain = r.domain
      ORDER BY ad.is_primary DESC, ad.account_id LIMIT 1
    ) d ON r.domain IS NOT NULL
    WHERE r.workspace_id = ${workspaceId}
      AND (r.excluded OR r.account_id IS NOT NULL OR d.account_id IS NOT NULL)
    ORDER BY r.id`.execute(db);
  const ranges: IndexedRange[] = [];
  for (const r of rows.rows) {
    const s = parseIp(r.s);
    const e = parseIp(r.e);
    if (!s || !e || s.family !== e.family) continue;
    ranges.push({
      family: s.family,
      start: s.value,
      end: e.value,
      accountId: r.account_id,
      confidence: r.confidence,
      excluded: r.excluded,
    });
  }
  const now = Date.now();
  return { version, index: new IpRangeIndex(ranges), loadedAt: now, checkedAt: now };
}

/**
 * The workspace's reverse-IP index, cached in-process. At most once a second the cached copy's
 * version is compared with ip_range_versions (one primary-key read), so every process picks up
 * imports made by others; a changed version (or an index older than 5 minutes) is reloaded.
 */
export async function getIpIndex(db: Kysely<DB>, workspaceId: string): Promise<IpRangeIndex> {
  const pending = cache.get(workspaceId);
  if (pending) {
    const cached = await pending;
    const now = Date.now();
    if (now - cached.checkedAt < VERSION_CHECK_MS) return cached.index;
    if (now - cached.loadedAt < MAX_AGE_MS) {
      const version = await currentVersion(db, workspaceId);
      if (version === cached.version) {
        cached.checkedAt = Date.now();
        return cached.index;
      }
    }
  }
  const loading = currentVersion(db, workspaceId).then((v) => loadIndex(db, workspaceId, v));
  cache.set(workspaceId, loading);
  loading.catch(() => cache.delete(workspaceId));
  return (await loading).index;
}

/** Drop a workspace's cached index in this process (after its ranges changed). */
export function forgetIpIndex(workspaceId: string): void {
  cache.delete(workspaceId);
}

/**
 * The account an IP address belongs to by the workspace's imported ranges (the most specific range
 * wins; excluded ranges such as ISPs, clouds and VPNs match nothing), with the range's confidence.
 * Null for no match or an invalid address. In-memory binary search after the first call.
 *
 * @example
 * const hit = await lookupAccountByIp(trx, workspaceId, '203.0.113.7'); // { accountId, confidence } | null
 */
export async function lookupAccountByIp(
  db: Kysely<DB>,
  workspaceId: string,
  ip: string,
): Promise<IpMatch | null> {
  const index = await getIpIndex(db, workspaceId);
  return index.lookup(ip);
}
