import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import type { DB } from '../db/schema.ts';
import { type BatchResult, pendingWorkspaces, processInboundBatch, vacuumInbound } from './drain-inbound.ts';

/**
 * Embedded only (no autovacuum): vacuum the queue when idle after this many processed events (and
 * under sustained load every 25 times as many).
 */
const VACUUM_AFTER = 20_000;

export interface InboundProcessorOptions {
  /** How often the queue is checked for work nobody announced (other processes, a restart). */
  pollMs?: number;
  /** Events per transaction (default 5000 on PostgreSQL, 2000 embedded: one session serves requests too). */
  batchSize?: number;
  /**
   * After catching up with a stream of events, wait this long (or until a batch's worth has been
   * accepted) before the next batch, so batches stay large under load: default 20 ms on
   * PostgreSQL, 100 ms embedded (whose one session the batches take from the requests).
   */
  lingerMs?: number;
  /** Where processing errors go (default stderr). */
  onError?: (error: unknown) => void;
  /** Called after each batch (for logs and benchmarks). */
  onBatch?: (workspaceId: string, result: BatchResult) => void;
}

export interface InboundProcessor {
  /** `count` events were accepted for this workspace: process them soon. */
  wake(workspaceId: string, count?: number): void;
  /** Finish the batch in progress and stop. */
  stop(): Promise<void>;
}

const processors = new WeakMap<Kysely<DB>, InboundProcessor>();

/**
 * Make this the processor that requests on `db` wake (notifyInbound). Returns the detach function
 * (called when it stops).
 */
export function attachInboundProcessor(db: Kysely<DB>, processor: InboundProcessor): () => void {
  processors.set(db, processor);
  return () => {
    if (processors.get(db) === processor) processors.delete(db);
  };
}

/** Tell the processor running on this database (if any) that a workspace has `count` new events. */
export function notifyInbound(db: Kysely<DB>, workspaceId: string, count = 1): void {
  processors.get(db)?.wake(workspaceId, count);
}

/**
 * Run the inbound processor in this process (what `openabm serve` does): woken by accepted
 * requests, and polling every `pollMs` for events accepted elsewhere. Works one batch per workspace
 * in turn (so a busy workspace does not starve the others); with a backlog it goes on at once, once
 * caught up it lingers briefly so the next batch is a large one. The first events after a quiet
 * spell are processed at once. A workspace another process is working is skipped (that process
 * takes what is left). Errors are reported and retried after the poll interval; nothing is lost,
 * because each batch commits or rolls back whole.
 *
 * @example
 * const processor = startInboundProcessor(database);
 * // … on shutdown:
 * await processor.stop();
 */
export function startInboundProcessor(
  database: Database,
  options: InboundProcessorOptions = {},
): InboundProcessor {
  const { db } = database;
  const embedded = database.kind === 'embedded';
  const pollMs = options.pollMs ?? 1000;
  const batchSize = options.batchSize ?? (embedded ? 2000 : 5000);
  const lingerMs = options.lingerMs ?? (embedded ? 100 : 20);
  const onError =
    options.onError ??
    ((error: unknown) =>
      process.stderr.write(
        `openabm: inbound processing failed (retrying): ${error instanceof Error ? error.message : String(error)}\n`,
      ));
  const woken = new Set<string>();
  let accepted = 0;
  let stopped = false;
  let lastPoll = 0;
  let sinceVacuum = 0;
  let alarm: { timer: NodeJS.Timeout; resolve: () => void; lingering: boolean } | null = null;

  const ring = () => {
    if (!alarm) return;
    clearTimeout(alarm.timer);
    alarm.resolve();
    alarm = null;
  };
  const sleep = (ms: number, lingering: boolean) =>
    new Promise<void>((resolve) => {
      alarm = { timer: setTimeout(() => ring(), ms), resolve, lingering };
    });

  /** One round: at most one batch for each workspace with work. */
  const round = async (): Promise<{ worked: boolean; full: boolean }> => {
    const targets = new Set(woken);
    woken.clear();
    accepted = 0;
    if (Date.now() - lastPoll >= pollMs) {
      lastPoll = Date.now();
      for (const ws of await pendingWorkspaces(db)) targets.add(ws);
    }
    let worked = false;
    let full = false;
    for (const ws of targets) {
      if (stopped) break;
      const result = await processInboundBatch(db, ws, { batchSize, wait: false });
      if (result === 'busy' || result.processed + result.retrying === 0) continue;
      options.onBatch?.(ws, result);
      sinceVacuum += result.processed;
      // More may be waiting: look again next round without waiting for a wake-up.
      woken.add(ws);
      worked = true;
      if (result.processed >= batchSize) full = true;
    }
    return { worked, full };
  };

  const loop = (async () => {
    while (!stopped) {
      let outcome = { worked: false, full: false };
      let failed = false;
      try {
        outcome = await round();
        const due = outcome.worked ? sinceVacuum >= 25 * VACUUM_AFTER : sinceVacuum >= VACUUM_AFTER;
        if (embedded && due) {
          sinceVacuum = 0;
          await vacuumInbound(db);
        }
      } catch (error) {
        failed = true;
        onError(error);
      }
      if (stopped || outcome.full) continue;
      if (failed) await sleep(pollMs, false);
      else if (outcome.worked) await sleep(lingerMs, true);
      else if (woken.size === 0) await sleep(pollMs, false);
    }
  })();

  const processor: InboundProcessor = {
    wake(workspaceId, count = 1) {
      woken.add(workspaceId);
      accepted += count;
      // A quiet processor starts at once; a lingering one when a batch's worth is waiting.
      if (!alarm?.lingering || accepted >= batchSize) ring();
    },
    async stop() {
      stopped = true;
      ring();
      detach();
      await loop;
    },
  };
  const detach = attachInboundProcessor(db, processor);
  return processor;
}
