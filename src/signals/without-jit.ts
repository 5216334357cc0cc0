import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';

/**
 * Run `work` with PostgreSQL's JIT compilation off for the caller's transaction, then restore the
 * previous setting. The signals statements are planned with correlated per-account subqueries whose
 * estimated cost crosses the JIT thresholds for a few thousand accounts, and compiling them costs
 * about a second while saving nothing (the time is in index probes, not expressions). Outside a
 * transaction `work` runs in one, so the setting reaches its statements.
 */
export async function withoutJit<T>(db: Kysely<DB>, work: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
  if (!db.isTransaction) return db.transaction().execute((trx) => withoutJit(trx, work));
  const before = await sql<{ jit: string }>`
    SELECT current_setting('jit') AS jit, set_config('jit', 'off', true) AS now`.execute(db);
  const previous = before.rows[0]?.jit ?? 'off';
  const result = await work(db);
  if (previous !== 'off') await sql`SELECT set_config('jit', ${previous}, true)`.execute(db);
  return result;
}
