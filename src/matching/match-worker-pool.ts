import { Worker } from 'node:worker_threads';
import { z } from 'zod';
import { type LeadRow, ROW_WIDTH } from './match-row.ts';
import type { MatchAccountInput, MatchConfig, MatchResult } from './match-types.ts';

const Reply = z.union([
  z.object({ ready: z.literal(true) }),
  z.object({
    seq: z.number(),
    rows: z.array(z.string()),
    statuses: z.array(z.enum(['matched', 'weak', 'none'])),
  }),
]);

/** Rows and statuses of one matched batch. */
export interface BatchResult {
  rows: string[][];
  statuses: MatchResult['status'][];
}

/**
 * A pool of worker threads, each with its own copy of the index, matching batches of leads in parallel.
 * Batches are spread round-robin; each call resolves with that batch's rows in input order.
 */
export class MatchWorkerPool {
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<
    number,
    { resolve: (r: BatchResult) => void; reject: (e: Error) => void }
  >();
  private seq = 0;

  private constructor() {}

  /** Starts `size` workers and waits until each has built its index. */
  static async start(
    size: number,
    accounts: MatchAccountInput[],
    config: MatchConfig,
  ): Promise<MatchWorkerPool> {
    const pool = new MatchWorkerPool();
    const ready: Promise<void>[] = [];
    for (let i = 0; i < size; i++) {
      const worker = new Worker(new URL('./match-worker-entry.mjs', import.meta.url), {
        workerData: { accounts, config },
      });
      pool.workers.push(worker);
      ready.push(
        new Promise<void>((resolve, reject) => {
          worker.on('message', (message: unknown) => {
            const reply = Reply.parse(message);
            if ('ready' in reply) return resolve();
            const waiter = pool.pending.get(reply.seq);
            pool.pending.delete(reply.seq);
            const rows: string[][] = [];
            for (let i = 0; i + ROW_WIDTH <= reply.rows.length; i += ROW_WIDTH)
              rows.push(reply.rows.slice(i, i + ROW_WIDTH));
            waiter?.resolve({ rows, statuses: reply.statuses });
          });
          worker.on('error', (error) => {
            reject(error);
            pool.failAll(error);
          });
          worker.on('exit', (code) => {
            if (code !== 0) pool.failAll(new Error(`matching worker stopped with code ${code}`));
          });
        }),
      );
    }
    try {
      await Promise.all(ready);
    } catch (error) {
      await pool.close();
      throw error;
    }
    return pool;
  }

  /** Matches one batch on the next worker. */
  match(leads: LeadRow[]): Promise<BatchResult> {
    const seq = this.seq++;
    const worker = this.workers[seq % this.workers.length];
    if (!worker) return Promise.reject(new Error('no matching workers'));
    return new Promise((resolve, reject) => {
      this.pending.set(seq, { resolve, reject });
      const flat: string[] = [];
      for (const l of leads) flat.push(l.id, l.email, l.company, l.country);
      worker.postMessage({ seq, flat });
    });
  }

  /** Stops every worker. */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private failAll(error: Error): void {
    for (const waiter of this.pending.values()) waiter.reject(error);
    this.pending.clear();
  }
}
