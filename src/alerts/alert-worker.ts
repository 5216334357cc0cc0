import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { consumeAlertSignals } from './consume-alert-signals.ts';
import { type DeliverOptions, deliverWebhooks } from './deliver-webhooks.ts';
import { sendDigests } from './send-digests.ts';

export interface AlertWorker {
  /** One pass: raise alerts in every workspace, post due webhooks, queue due digests (at most once a minute). */
  runOnce(): Promise<{ alerts: number; delivered: number; digests: number }>;
  stop(): Promise<void>;
}

/**
 * The sales-alert worker (`startServer` runs one next to the plays worker; on PostgreSQL any number
 * of processes share the work: cursors, deliveries and digests are claimed with SKIP LOCKED). Every
 * `intervalMs` (default 2 s) it consumes each workspace's outbox and activities into alerts and posts
 * due webhook deliveries; every minute it queues the digests that are due. Errors are reported and
 * the work is retried on the next pass.
 */
export function startAlertWorker(
  db: Kysely<DB>,
  options: {
    intervalMs?: number;
    digestEveryMs?: number;
    settleMs?: number;
    deliver?: DeliverOptions;
    onError?: (error: unknown) => void;
  } = {},
): AlertWorker {
  const onError = options.onError ?? ((e: unknown) => process.stderr.write(`alerts worker: ${String(e)}\n`));
  let running: Promise<{ alerts: number; delivered: number; digests: number }> | null = null;
  let lastDigest = 0;
  const pass = async () => {
    let alerts = 0;
    const workspaces = await db.selectFrom('workspaces').select('id').execute();
    for (const w of workspaces) {
      try {
        alerts += (await consumeAlertSignals(db, w.id, { settleMs: options.settleMs })).alerts;
      } catch (error) {
        onError(error);
      }
    }
    const posted = await deliverWebhooks(db, options.deliver);
    if (posted.failed > 0)
      onError(
        new Error(`${posted.failed} alert webhook deliveries failed (GET /alerts/deliveries?status=failed)`),
      );
    let digests = 0;
    if (Date.now() - lastDigest >= (options.digestEveryMs ?? 60_000)) {
      lastDigest = Date.now();
      digests = await sendDigests(db);
    }
    return { alerts, delivered: posted.delivered, digests };
  };
  const runOnce = () => {
    running ??= pass().finally(() => {
      running = null;
    });
    return running;
  };
  const timer = setInterval(() => {
    if (!running) runOnce().catch(onError);
  }, options.intervalMs ?? 2000);
  timer.unref();
  return {
    runOnce,
    async stop() {
      clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}
