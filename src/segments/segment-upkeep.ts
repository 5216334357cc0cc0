import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { startPeriodicTask } from '../jobs/periodic-task.ts';
import { type ExpiryResult, runSegmentExpiries } from './run-segment-expiries.ts';

export interface SegmentUpkeep {
  /** Apply due expiries and day-boundary rebuilds now (also what the timer does). */
  runOnce(): Promise<ExpiryResult>;
  stop(): Promise<void>;
}

/**
 * What `openabm serve` runs for segments: every `intervalMs` (default one minute) and once at
 * start, the expiry sweep (runSegmentExpiries) — the records whose time window ran out, and the
 * segments that read the current week after a day boundary. Cheap when nothing is due: one probe
 * of the due-time index. Errors are reported and retried next time.
 */
export function startSegmentUpkeep(
  db: Kysely<DB>,
  options: { intervalMs?: number; onError?: (error: unknown) => void } = {},
): SegmentUpkeep {
  const task = startPeriodicTask({
    name: 'segment upkeep',
    intervalMs: options.intervalMs ?? 60_000,
    run: () => runSegmentExpiries(db),
    ...(options.onError ? { onError: options.onError } : {}),
  });
  return { runOnce: task.runNow, stop: task.stop };
}
