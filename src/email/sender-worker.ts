import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { batchRenderers } from './batch-renderers.ts';
import { claimSends, newWorkerId, recoverStaleSends } from './claim-sends.ts';
import { type DeliverOptions, deliverSends } from './deliver-sends.ts';
import { SendRateLimiter } from './send-rate-limiter.ts';
import { onSendersWake } from './sender-wakeup.ts';
import { SmtpTransports } from './smtp-transport.ts';

export interface SenderWorker {
  readonly workerId: string;
  /** Deliver everything due now; resolves to the sends handled. */
  drain(): Promise<number>;
  stop(): Promise<void>;
}

export interface SenderWorkerOptions {
  /** Sends claimed per round (default 200). */
  batchSize?: number;
  /** Poll for work queued by other processes, or coming due (default 1 s). */
  pollMs?: number;
  /** A claim older than this whose worker is not known to live is settled (default 5 min). */
  leaseMs?: number;
  maxAttempts?: number;
  backoffMs?: (attempts: number) => number;
  /** Only this workspace's sends (default: every workspace's). */
  workspaceId?: string | null;
  /** Run a loop at all (false: only `drain()` when called; default true). */
  loop?: boolean;
  onError?: (error: unknown) => void;
}

/**
 * The e-mail sender (started by the server's composition root; on PostgreSQL any number of
 * processes may run one): settles claims left by dead workers, then claims due sends FOR UPDATE
 * SKIP LOCKED and delivers them (deliverSends) until none are due; woken at once by sends queued in
 * this process, and polling for the rest.
 *
 * @example
 * const sender = startSenderWorker(db);
 * await sender.stop();
 */
export function startSenderWorker(db: Kysely<DB>, options: SenderWorkerOptions = {}): SenderWorker {
  const workerId = newWorkerId();
  const transports = new SmtpTransports();
  const deliver: DeliverOptions = {
    workerId,
    transports,
    rateLimiter: new SendRateLimiter(),
    renderers: batchRenderers,
    ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}),
    ...(options.backoffMs ? { backoffMs: options.backoffMs } : {}),
  };
  const onError = options.onError ?? ((e: unknown) => process.stderr.write(`e-mail sender: ${String(e)}\n`));
  const leaseMs = options.leaseMs ?? 5 * 60_000;
  let stopped = false;
  let running: Promise<number> | null = null;
  let again = false;
  let lastRecovery = 0;

  const round = async (): Promise<number> => {
    let handled = 0;
    if (Date.now() - lastRecovery > Math.min(leaseMs, 30_000)) {
      lastRecovery = Date.now();
      await recoverStaleSends(db, leaseMs);
    }
    while (!stopped) {
      const claimed = await claimSends(db, workerId, options.batchSize ?? 200, options.workspaceId ?? null);
      if (claimed.length === 0) break;
      await deliverSends(db, claimed, deliver);
      handled += claimed.length;
    }
    return handled;
  };
  const drain = (): Promise<number> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      let total = 0;
      do {
        again = false;
        total += await round();
      } while (again && !stopped);
      return total;
    })().finally(() => {
      running = null;
    });
    return running;
  };
  const tick = () => {
    if (!stopped) drain().catch(onError);
  };
  const loop = options.loop ?? true;
  const unsubscribe = loop ? onSendersWake(tick) : () => {};
  const timer = loop ? setInterval(tick, options.pollMs ?? 1000) : null;
  timer?.unref();
  if (loop) tick();
  return {
    workerId,
    drain,
    async stop() {
      stopped = true;
      unsubscribe();
      if (timer) clearInterval(timer);
      await running?.catch(() => 0);
      transports.close();
    },
  };
}
