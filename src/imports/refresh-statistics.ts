import { type Kysely, sql } from 'kysely';
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
 * (never analyzed, or the table has more than doubled since): without them the planner takes a
 * workspace for one row and matches each imported record by scanning every account, which made the
 * first batches after a bulk load 10-100× slower. The embedded database has no autovacuum to do this.
 * Cheap when the statistics are fresh (one catalog query). Returns the tables analyzed.
 */
export async function refreshStaleStatistics(db: Kysely<DB>, kind: ImportKind): Promise<string[]> {
  const { rows } = await sql<{ relname: string }>`
    SELECT c.relname FROM pg_class c
    WHERE c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace
      AND c.relname = ANY (${[...TABLES[kind]]}::text[])
      AND (c.reltuples < 0
        OR pg_relation_size(c.oid) > 2 * (greatest(c.relpages, 1) + 8) * current_setting('block_size')::bigint)
  `.execute(db);
  for (const { relname } of rows) await sql`ANALYZE ${sql.table(relname)}`.execute(db);
  return rows.map((r) => r.relname);
}
