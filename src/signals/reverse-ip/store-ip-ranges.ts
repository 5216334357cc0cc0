import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { formatIp } from './ip-address.ts';
import { forgetIpIndex } from './ip-index.ts';
import type { ParsedIpRange, RowError } from './parse-ip-ranges.ts';

const CHUNK = 5_000;

async function bumpVersion(db: Kysely<DB>, workspaceId: string): Promise<void> {
  await sql`
    INSERT INTO ip_range_versions (workspace_id, version) VALUES (${workspaceId}, 1)
    ON CONFLICT (workspace_id) DO UPDATE SET version = ip_range_versions.version + 1`.execute(db);
}

export interface StoreIpRangesResult {
  inserted: number;
  replaced: number;
  errors: RowError[];
}

/**
 * Store parsed ranges (rows naming an account that does not exist are reported, not stored), in
 * one transaction with a version bump so every process reloads its index. `replace` first deletes
 * the workspace's ranges of the same source.
 */
export async function storeIpRanges(
  db: Kysely<DB>,
  workspaceId: string,
  ranges: ParsedIpRange[],
  options: { source: string; replace: boolean },
): Promise<StoreIpRangesResult> {
  const accountIds = [...new Set(ranges.flatMap((r) => (r.accountId ? [r.accountId] : [])))];
  const run = async (trx: Kysely<DB>): Promise<StoreIpRangesResult> => {
    const known = new Set<string>();
    for (let i = 0; i < accountIds.length; i += CHUNK) {
      const rows = await trx
        .selectFrom('accounts')
        .select('id')
        .where('workspace_id', '=', workspaceId)
        .where('id', 'in', accountIds.slice(i, i + CHUNK))
        .execute();
      for (const r of rows) known.add(r.id);
    }
    const errors: RowError[] = [];
    const good = ranges.filter((r) => {
      if (!r.accountId || known.has(r.accountId)) return true;
      errors.push({ line: r.line, message: `account_id ${r.accountId} is not an account of this workspace` });
      return false;
    });
    let replaced = 0;
    if (options.replace) {
      const del = await trx
        .deleteFrom('ip_ranges')
        .where('workspace_id', '=', workspaceId)
        .where('source', '=', options.source)
        .executeTakeFirst();
      replaced = Number(del.numDeletedRows);
    }
    for (let i = 0; i < good.length; i += CHUNK) {
      const part = good.slice(i, i + CHUNK);
      await sql`
        INSERT INTO ip_ranges (workspace_id, family, range_start, range_end, account_id, domain, confidence,
          excluded, asn, country, label, source)
        SELECT ${workspaceId}, u.family, u.range_start, u.range_end, u.account_id, u.domain, u.confidence,
          u.excluded, u.asn, u.country, u.label, ${options.source}
        FROM unnest(${part.map((r) => r.family)}::smallint[], ${part.map((r) => formatIp(r.family, r.start))}::inet[],
          ${part.map((r) => formatIp(r.family, r.end))}::inet[], ${part.map((r) => r.accountId)}::uuid[],
          ${part.map((r) => r.domain)}::text[], ${part.map((r) => r.confidence)}::real[],
          ${part.map((r) => r.excluded)}::boolean[], ${part.map((r) => r.asn)}::bigint[],
          ${part.map((r) => r.country)}::text[], ${part.map((r) => r.label)}::text[])
          AS u(family, range_start, range_end, account_id, domain, confidence, excluded, asn, country, label)
      `.execute(trx);
    }
    await bumpVersion(trx, workspaceId);
    return { inserted: good.length, replaced, errors };
  };
  const result = db.isTransaction ? await run(db) : await db.transaction().execute(run);
  forgetIpIndex(workspaceId);
  return result;
}

/** Delete one range, or all ranges (optionally of one source). Returns how many were deleted. */
export async function deleteIpRanges(
  db: Kysely<DB>,
  workspaceId: string,
  filter: { id?: number; source?: string },
): Promise<number> {
  const deleted = await db.transaction().execute(async (trx) => {
    let q = trx.deleteFrom('ip_ranges').where('workspace_id', '=', workspaceId);
    if (filter.id !== undefined) q = q.where('id', '=', filter.id);
    if (filter.source !== undefined) q = q.where('source', '=', filter.source);
    const result = await q.executeTakeFirst();
    await bumpVersion(trx, workspaceId);
    return Number(result.numDeletedRows);
  });
  forgetIpIndex(workspaceId);
  return deleted;
}
