import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { newWorkerId } from '../email/claim-sends.ts';
import { startPeriodicTask } from '../jobs/periodic-task.ts';
import { claimDueSteps, recoverStaleSteps, releaseSteps } from './claim-due-steps.ts';
import { consumePlayTriggers } from './consume-play-triggers.ts';
import { executeStep } from './execute-step.ts';

export interface PlayWorker {
  readonly workerId: string;
  /** One pass: recover stale claims, consume triggers of every workspace with active plays, run due steps. */
  runOnce(): Promise<{ steps: number; triggers: number }>;
  stop(): Promise<void>;
}

export interface PlayWorkerOptions {
  /** Time between passes (default 500 ms). */
  intervalMs?: number;
  /** Steps claimed at a time (default 50). */
  batch?: number;
  /** Trigger rows younger than this wait for the next pass (default 2 s, consume-play-triggers.ts). */
  settleMs?: number;
  /** Steps executed at once, each in its own transaction (default 4; the pool has 10 connections). */
  concurrency?: number;
  /** A claim older than this whose worker is not known to live goes back (default 2 min). */
  leaseMs?: number;
  onError?: (error: unknown) => void;
}

/**
 * The plays worker (every server process starts one; `openabm worker` runs one on its own, any number
 * of them against a PostgreSQL server): every `intervalMs` it settles the claims of dead workers,
 * consumes the trigger cursors and executes due steps in batches, claimed FOR UPDATE SKIP LOCKED under
 * its worker id so workers never run the same step. Errors are reported and retried on the next pass.
 *
 * @example
 * const worker = startPlayWorker(db);
 * await worker.stop();
 */
export function startPlayWorker(db: Kysely<DB>, options: PlayWorkerOptions = {}): PlayWorker {
  const workerId = newWorkerId();
  const onError = options.onError ?? ((e: unknown) => process.stderr.write(`plays worker: ${String(e)}\n`));
  const batch = options.batch ?? 50;
  const leaseMs = options.leaseMs ?? 120_000;
  const concurrency = options.concurrency ?? 4;
  let lastRecovery = 0;
  const pass = async (isStopped: () => boolean) => {
    if (Date.now() - lastRecovery > Math.min(leaseMs, 30_000)) {
      lastRecovery = Date.now();
      await recoverStaleSteps(db, leaseMs);
    }
    let triggers = 0;
    const workspaces = await db
      .selectFrom('plays')
      .select('workspace_id')
      .where('status', '=', 'active')
      .distinct()
      .execute();
    for (const w of workspaces) {
      const consumed = await consumePlayTriggers(db, w.workspace_id, { settleMs: options.settleMs });
      triggers += consumed.events + consumed.activities;
    }
    let steps = 0;
    while (!isStopped()) {
      const claimed = await claimDueSteps(db, batch, workerId);
      // `concurrency` lanes take the claimed steps in turn (steps of one run serialize on its lock).
      let next = 0;
      const lane = async () => {
        for (let step = claimed[next++]; step; step = claimed[next++]) {
          if (isStopped()) {
            await releaseSteps(db, [step], workerId);
            continue;
          }
          await executeStep(db, step).catch(onError);
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, claimed.length) }, lane));
      steps += claimed.length;
      if (claimed.length < batch) break;
    }
    return { steps, triggers };
  };
  const task = startPeriodicTask({
    name: 'plays worker',
    intervalMs: options.intervalMs ?? 500,
    run: pass,
    onError,
  });
  return { workerId, runOnce: task.runNow, stop: task.stop };
}
