import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { startPeriodicTask } from '../jobs/periodic-task.ts';
import { pruneWeeklyBuckets } from './prune-weekly-buckets.ts';
import { refreshMomentum } from './refresh-momentum.ts';

export interface MomentumRefresher {
  /** Refresh every workspace now (also what the timer does). Resolves to the accounts updated. */
  runOnce(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Keep stored momentum current as days roll over (what `openabm serve` runs): every `intervalMs`
 * (default 15 minutes) and once at start, refresh the accounts of each workspace whose momentum was
 * computed for an earlier day, and then drop the weekly buckets that have aged out of the horizon
 * (pruneWeeklyBuckets). Cheap when nothing is stale: an index-free filter on the narrow
 * account_engagement table, and most runs update nothing. Errors are reported and retried next time.
 *
 * @example
 * const refresher = startMomentumRefresher(db);
 * // … on shutdown:
 * await refresher.stop();
 */
export function startMomentumRefresher(
  db: Kysely<DB>,
  options: { intervalMs?: number; onError?: (error: unknown) => void } = {},
): MomentumRefresher {
  const task = startPeriodicTask({
    name: 'momentum refresh',
    intervalMs: options.intervalMs ?? 15 * 60_000,
    run: async () => {
      const workspaces = await db.selectFrom('workspaces').select('id').execute();
      let updated = 0;
      for (const w of workspaces) {
        const refreshed = await refreshMomentum(db, w.id);
        // Stale momentum means a day has rolled over: the oldest kept week may have aged out too.
        if (refreshed > 0) await pruneWeeklyBuckets(db, w.id);
        updated += refreshed;
      }
      return updated;
    },
    ...(options.onError ? { onError: options.onError } : {}),
  });
  return { runOnce: task.runNow, stop: task.stop };
}
