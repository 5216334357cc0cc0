import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';

/** Keyed by table.column: every database of a deployment runs the same migrations. */
const cache = new Map<string, Promise<boolean>>();

/**
 * Whether a column exists (e.g. `contacts.seniority`, `account_fit.grade`, added by other modules'
 * migrations). Cached for the life of the process.
 */
export function hasColumn(db: Kysely<DB>, table: string, column: string): Promise<boolean> {
  const key = `${table}.${column}`;
  let found = cache.get(key);
  if (!found) {
    found = sql<{ n: number }>`
      SELECT count(*)::int AS n FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name = ${table} AND column_name = ${column}`
      .execute(db)
      .then((r) => (r.rows[0]?.n ?? 0) > 0);
    cache.set(key, found);
    found.catch(() => cache.delete(key));
  }
  return found;
}

/** The optional contact columns scoring uses (contacts.seniority, contacts.job_function). */
export async function contactColumns(db: Kysely<DB>): Promise<{ seniority: boolean; jobFunction: boolean }> {
  const [seniority, jobFunction] = await Promise.all([
    hasColumn(db, 'contacts', 'seniority'),
    hasColumn(db, 'contacts', 'job_function'),
  ]);
  return { seniority, jobFunction };
}
