import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { claimDueSteps, recoverStaleSteps } from './claim-due-steps.ts';
import { consumePlayTriggers } from './consume-play-triggers.ts';
import { executeStep } from './execute-step.ts';

export interface PlayWorker {
  /** One pass: recover stale claims, consume triggers of every workspace with active plays, run due steps. */
  runOnce(): Promise<{ steps: number; triggers: number }>;
  stop(): Promise<void>;
}

/**
 * The plays worker (`openabm serve` starts one; `openabm worker` runs one on its own, any number of
 * them against a PostgreSQL server): every `intervalMs` (default 1 s) it consumes the trigger cursors
 * and executes due steps in batches, claimed FOR UPDATE SKIP LOCKED so workers never run the same step.
 * Errors are reported and retried on the next pass.
 *
 * @example
 * const worker = startPlayWorker(db);
 * await worker.stop();
 */
export function startPlayWorker(
  db: Kysely<DB>,
  options: {
    intervalMs?: number;
    batch?: number;
    settleMs?: number;
    onError?: (error: unknown) => void;
  } = {},
): PlayWorker {
  const onError = options.onError ?? ((e: unknown) => process.stderr.write(`plays worker: ${String(e)}\n`));
  const batch = options.batch ?? 50;
  let running: Promise<{ steps: number; triggers: number }> | null = null;
  let stopped = false;
  let lastRecovery = 0;
  const pass = async () => {
    if (Date.now() - lastRecovery > 30_000) {
      lastRecovery = Date.now();
      await recoverStaleSteps(db);
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
    for (;;) {
      if (stopped) break;
      const claimed = await claimDueSteps(db, batch);
      for (const step of claimed) {
        await executeStep(db, step).catch(onError);
      }
      steps += claimed.length;
      if (claimed.length < batch) break;
    }
    return { steps, triggers };
  };
  const runOnce = () => {
    running ??= pass().finally(() => {
      running = null;
    });
    return running;
  };
  const timer = setInterval(() => {
    if (!running) runOnce().catch(onError);
  }, options.intervalMs ?? 1000);
  timer.unref();
  return {
    runOnce,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}
