import { type Kysely, sql } from 'kysely';

/**
 * ANALYZE the tables whose planner statistics are missing or stale: never analyzed, or grown to more
 * than twice the pages they had when last analyzed. Without them the planner takes a workspace for
 * one row and plans nested loops over whole tables (a period's report facts for 300 accounts took
 * 84 s instead of under one). PostgreSQL's autovacuum does this on a server; the embedded database
 * has none, so its workers call this every minute and the heavy readers call it before they read.
 * Cheap when the statistics are fresh: one catalog query. Returns the tables analyzed.
 *
 * @example
 * await refreshStaleStatistics(db, ['accounts', 'activities']); // or every table: refreshStaleStatistics(db)
 */
export async function refreshStaleStatistics<DB>(
  db: Kysely<DB>,
  tables?: readonly string[],
): Promise<string[]> {
  const { rows } = await sql<{ relname: string }>`
    SELECT c.relname FROM pg_class c
    WHERE c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace
      AND (${tables ? [...tables] : null}::text[] IS NULL OR c.relname = ANY (${tables ? [...tables] : null}::text[]))
      AND (c.reltuples < 0
        OR pg_relation_size(c.oid) > 2 * (greatest(c.relpages, 1) + 8) * current_setting('block_size')::bigint)
    ORDER BY c.relname
  `.execute(db);
  for (const { relname } of rows) await sql`ANALYZE ${sql.table(relname)}`.execute(db);
  return rows.map((r) => r.relname);
}
