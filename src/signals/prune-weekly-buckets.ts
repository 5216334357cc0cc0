import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { HORIZON_START_SQL } from './weekly-horizon.ts';
import { signalsLockKey } from './weighted-activities-sql.ts';

/**
 * Delete a workspace's weekly buckets that have aged out of the horizon (weekly-horizon.ts). Nothing
 * reads them (older weeks are computed from activities when asked for); this keeps the table at half
 * a year per account. One pass over the workspace's buckets: the momentum refresher runs it when a
 * week has rolled over (when it found stale momentum), not on every tick. Returns the rows deleted.
 *
 * @example
 * await pruneWeeklyBuckets(db, workspaceId);
 */
export async function pruneWeeklyBuckets(db: Kysely<DB>, workspaceId: string): Promise<number> {
  const run = async (trx: Kysely<DB>) => {
    await sql`SELECT pg_advisory_xact_lock_shared(${signalsLockKey(workspaceId)})`.execute(trx);
    const result = await sql`DELETE FROM account_weekly_activity
      WHERE workspace_id = ${workspaceId} AND week_start < ${HORIZON_START_SQL}`.execute(trx);
    return Number(result.numAffectedRows ?? 0);
  };
  return db.isTransaction ? run(db) : db.transaction().execute(run);
}
