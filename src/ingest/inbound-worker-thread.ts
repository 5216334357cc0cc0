import { parentPort, workerData } from 'node:worker_threads';
import { z } from 'zod';
import { openDatabase } from '../db/database.ts';
import { startInboundProcessor } from './inbound-processor.ts';

/** What the main thread passes at start (inbound-worker.ts). */
export const WorkerSettings = z.object({
  url: z.string().min(1),
  poolSize: z.number().int().positive(),
  pollMs: z.number().int().positive().optional(),
  batchSize: z.number().int().positive().optional(),
  lingerMs: z.number().int().nonnegative().optional(),
});
export type WorkerSettings = z.infer<typeof WorkerSettings>;

/** Messages from the main thread: events were accepted for a workspace, or stop. */
export const ToWorker = z.discriminatedUnion('type', [
  z.object({ type: z.literal('wake'), workspaceId: z.string(), count: z.number().int() }),
  z.object({ type: z.literal('stop') }),
]);
export type ToWorker = z.infer<typeof ToWorker>;

const port = parentPort;
if (port) {
  const settings = WorkerSettings.parse(workerData);
  const database = await openDatabase({ url: settings.url, poolSize: settings.poolSize });
  const processor = startInboundProcessor(database, {
    ...(settings.pollMs === undefined ? {} : { pollMs: settings.pollMs }),
    ...(settings.batchSize === undefined ? {} : { batchSize: settings.batchSize }),
    ...(settings.lingerMs === undefined ? {} : { lingerMs: settings.lingerMs }),
  });
  port.on('message', (raw: unknown) => {
    const parsed = ToWorker.safeParse(raw);
    if (!parsed.success) {
      process.stderr.write(`openabm: inbound worker ignored a malformed message: ${parsed.error.message}\n`);
      return;
    }
    const message = parsed.data;
    if (message.type === 'wake') {
      processor.wake(message.workspaceId, message.count);
    } else {
      void (async () => {
        await processor.stop();
        await database.close();
        port.close();
      })();
    }
  });
}
