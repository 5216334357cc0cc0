import { Worker } from 'node:worker_threads';
import type { Database } from '../db/database.ts';
import { attachInboundProcessor, type InboundProcessor, startInboundProcessor } from './inbound-processor.ts';
import type { ToWorker, WorkerSettings } from './inbound-worker-thread.ts';

export interface InboundWorkerOptions {
  /** Connections of the worker's own pool (default 4). */
  poolSize?: number;
  /** As for startInboundProcessor (also used by the main-thread fallback). */
  pollMs?: number;
  /** As for startInboundProcessor. */
  batchSize?: number;
  /** As for startInboundProcessor. */
  lingerMs?: number;
  /** Where worker failures go (default stderr). */
  onError?: (error: unknown) => void;
  /** The worker's script (default inbound-worker-entry.mjs; tests pass one that fails). */
  entry?: URL;
}

/**
 * Run the inbound processor in a worker thread with its own connection pool, on a PostgreSQL
 * server: the request path (parse, validate, queue) and event processing then run on two cores
 * instead of taking turns on one. Accepted requests wake it with postMessage; it also polls.
 * Should the worker die, the processor goes on in this thread (events wait in the queue meanwhile,
 * so nothing is lost).
 *
 * @example
 * const inbound = startInboundWorker(database, process.env.DATABASE_URL);
 * // … on shutdown:
 * await inbound.stop();
 */
export function startInboundWorker(
  database: Database,
  url: string,
  options: InboundWorkerOptions = {},
): InboundProcessor {
  const onError =
    options.onError ??
    ((error: unknown) =>
      process.stderr.write(
        `openabm: inbound worker: ${error instanceof Error ? error.message : String(error)}\n`,
      ));
  const tuning = {
    ...(options.pollMs === undefined ? {} : { pollMs: options.pollMs }),
    ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
    ...(options.lingerMs === undefined ? {} : { lingerMs: options.lingerMs }),
  };
  const settings: WorkerSettings = { url, poolSize: options.poolSize ?? 4, ...tuning };
  const worker = new Worker(options.entry ?? new URL('./inbound-worker-entry.mjs', import.meta.url), {
    workerData: settings,
  });
  const post = (message: ToWorker) => worker.postMessage(message);
  let running = true;
  let stopping = false;
  let fallback: InboundProcessor | null = null;
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  worker.on('error', onError);
  worker.once('exit', (code) => {
    running = false;
    detach();
    if (stopping) return;
    onError(new Error(`the worker stopped (exit code ${code}); processing goes on in the main thread`));
    fallback = startInboundProcessor(database, tuning);
  });

  const processor: InboundProcessor = {
    wake(workspaceId: string, count = 1) {
      if (running) post({ type: 'wake', workspaceId, count });
    },
    async stop() {
      stopping = true;
      detach();
      if (running) post({ type: 'stop' });
      await exited;
      await fallback?.stop();
    },
  };
  const detach = attachInboundProcessor(database.db, processor);
  return processor;
}
