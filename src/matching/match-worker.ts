import { parentPort, workerData } from 'node:worker_threads';
import { z } from 'zod';
import { AccountIndex } from './account-index.ts';
import { LEAD_WIDTH, matchRow } from './match-row.ts';
import type { MatchAccountInput, MatchConfig } from './match-types.ts';

/** What a matching worker is started with. */
export interface MatchWorkerData {
  accounts: MatchAccountInput[];
  config: MatchConfig;
}

/** A batch: leads flattened as id, email, company, country, id, email, … (cheap to pass between threads). */
const Batch = z.object({ seq: z.number(), flat: z.array(z.string()) });

/**
 * Worker-thread side of parallel batch matching: builds its own index from the accounts it is given,
 * then answers `{seq, flat}` batches with `{seq, rows, statuses}`, rows flattened too.
 */
export function runMatchWorker(): void {
  const port = parentPort;
  if (!port) return;
  const data: MatchWorkerData = workerData;
  const index = AccountIndex.build(data.accounts);
  port.postMessage({ ready: true });
  port.on('message', (message: unknown) => {
    const { seq, flat } = Batch.parse(message);
    const rows: string[] = [];
    const statuses: string[] = [];
    for (let i = 0; i + LEAD_WIDTH <= flat.length; i += LEAD_WIDTH) {
      const lead = {
        id: flat[i] ?? '',
        email: flat[i + 1] ?? '',
        company: flat[i + 2] ?? '',
        country: flat[i + 3] ?? '',
      };
      const m = matchRow(index, data.config, lead);
      for (const cell of m.row) rows.push(cell);
      statuses.push(m.status);
    }
    port.postMessage({ seq, rows, statuses });
  });
}

runMatchWorker();
