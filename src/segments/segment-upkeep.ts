import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
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
  const onError =
    options.onError ?? ((e: unknown) => process.stderr.write(`segment upkeep failed: ${String(e)}\n`));
  let running: Promise<ExpiryResult> | null = null;
  const runOnce = (): Promise<ExpiryResult> => {
    running ??= runSegmentExpiries(db).finally(() => {
      running = null;
    });
    return running;
  };
  const tick = () => {
    runOnce().catch(onError);
  };
  const timer = setInterval(tick, options.intervalMs ?? 60_000);
  timer.unref();
  tick();
  return {
    runOnce,
    async stop() {
      clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}
