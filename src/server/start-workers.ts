import { startAlertWorker } from '../alerts/alert-worker.ts';
import type { Database } from '../db/database.ts';
import { refreshStaleStatistics } from '../db/refresh-stale-statistics.ts';
import { startSenderWorker } from '../email/sender-worker.ts';
import { startInboundProcessor } from '../ingest/inbound-processor.ts';
import { startInboundWorker } from '../ingest/inbound-worker.ts';
import { startPeriodicTask } from '../jobs/periodic-task.ts';
import { startPlayWorker } from '../plays/play-worker.ts';
import { startSegmentUpkeep } from '../segments/segment-upkeep.ts';
import { startMomentumRefresher } from '../signals/momentum-refresher.ts';

/** The background workers a server or worker process runs. */
export const BACKGROUND_WORKERS = ['inbound', 'plays', 'alerts', 'email', 'segments', 'momentum'] as const;
export type BackgroundWorker = (typeof BACKGROUND_WORKERS)[number];

export interface RunningWorkers {
  /** Which workers run. */
  readonly names: readonly BackgroundWorker[];
  /** Stop them all, each finishing the work in hand (in the order they started, reversed). */
  stop(): Promise<void>;
}

/**
 * Start the background workers on a database — the one place they are listed, shared by `openabm
 * serve` and `demo` (through startServer) and `openabm worker`: the inbound processor (events
 * accepted at /v1/* become activities and scores; on a PostgreSQL server in a worker thread with its
 * own pool), the plays worker (triggers and due steps), the sales-alert worker (outbox → inbox, digest,
 * Slack-compatible webhooks), the e-mail sender (the send log), the segment
 * upkeep (expiries, day boundaries) and the momentum refresher; on the embedded database also a
 * statistics refresh (ANALYZE of grown tables, what autovacuum does on a server). On a PostgreSQL
 * server any number of processes run them side by side: each claims its work FOR UPDATE SKIP LOCKED.
 *
 * @example
 * const workers = startWorkers(database, { url: process.env.DATABASE_URL });
 * await workers.stop();
 */
export function startWorkers(
  database: Database,
  options: { url?: string | undefined; only?: readonly BackgroundWorker[] } = {},
): RunningWorkers {
  const names = options.only ?? BACKGROUND_WORKERS;
  const stops: (() => Promise<void>)[] = [];
  const start: Record<BackgroundWorker, () => { stop(): Promise<void> }> = {
    inbound: () =>
      database.kind === 'postgres' && options.url
        ? startInboundWorker(database, options.url)
        : startInboundProcessor(database),
    momentum: () => startMomentumRefresher(database.db),
    plays: () => startPlayWorker(database.db),
    alerts: () => startAlertWorker(database.db),
    segments: () => startSegmentUpkeep(database.db),
    email: () => startSenderWorker(database.db),
  };
  const stopAll = async () => {
    let failure: unknown = null;
    for (const stop of stops.splice(0).reverse()) {
      await stop().catch((error: unknown) => {
        failure ??= error;
      });
    }
    if (failure) throw failure;
  };
  try {
    for (const name of BACKGROUND_WORKERS) {
      if (!names.includes(name)) continue;
      const worker = start[name]();
      stops.push(() => worker.stop());
    }
    if (database.kind !== 'postgres') {
      // The embedded database has no autovacuum: keep its planner statistics fresh as tables grow.
      const statistics = startPeriodicTask({
        name: 'statistics refresh',
        intervalMs: 60_000,
        runAtStart: false,
        run: () => refreshStaleStatistics(database.db),
      });
      stops.push(() => statistics.stop());
    }
  } catch (error) {
    void stopAll().catch(() => undefined);
    throw error;
  }
  return { names: BACKGROUND_WORKERS.filter((n) => names.includes(n)), stop: stopAll };
}
