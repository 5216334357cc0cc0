import type { Kysely } from 'kysely';
import { refreshStaleStatistics } from '../db/refresh-stale-statistics.ts';
import type { DB } from '../db/schema.ts';
import type { ImportKind } from './field-aliases.ts';

/** The tables an import of each kind writes or matches against. */
const TABLES: Record<ImportKind, readonly string[]> = {
  accounts: ['accounts', 'account_domains'],
  contacts: ['contacts', 'accounts', 'account_domains'],
  opportunities: ['opportunities', 'accounts'],
  activities: ['activities', 'contacts', 'accounts'],
};

/**
 * ANALYZE the tables an import matches against when their planner statistics are missing or stale
 * (refreshStaleStatistics): without them the first batches after a bulk load matched each record by
 * scanning every account, 10-100× slower. Returns the tables analyzed.
 */
export async function refreshImportStatistics(db: Kysely<DB>, kind: ImportKind): Promise<string[]> {
  return refreshStaleStatistics(db, TABLES[kind]);
}
