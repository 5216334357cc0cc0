import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { UpsertCounts } from '../records/upsert-result.ts';
import { recordImportProgress } from './import-store.ts';

/** How often a running import writes its progress to its `imports` row. */
export const PROGRESS_INTERVAL_MS = 500;

/**
 * The progress of a running import, written to its `imports` row (rows read, counts so far) every
 * `intervalMs` by a timer, so a stalled upload still shows where it is. The writes run beside the
 * import (never two at once, the import never waits for them) and a failed write is ignored:
 * progress is informational. `stop()` ends the timer and waits for the last write, before the import
 * records its final state.
 *
 * @example
 * const progress = new ImportProgress(db, workspaceId, importId, () => ({ rowsRead: rows, counts }));
 * try { … } finally { await progress.stop(); }
 */
export class ImportProgress {
  readonly #timer: NodeJS.Timeout;
  #pending: Promise<void> | null = null;
  #lastRows = -1;

  constructor(
    db: Kysely<DB>,
    workspaceId: string,
    importId: string,
    snapshot: () => { rowsRead: number; counts: UpsertCounts },
    intervalMs = PROGRESS_INTERVAL_MS,
  ) {
    this.#timer = setInterval(() => {
      if (this.#pending) return;
      const { rowsRead, counts } = snapshot();
      const key = rowsRead + counts.inserted + counts.updated + counts.unchanged + counts.rejected;
      if (key === this.#lastRows) return;
      this.#lastRows = key;
      this.#pending = recordImportProgress(db, workspaceId, importId, { rowsRead, counts: { ...counts } })
        .catch(() => undefined)
        .finally(() => {
          this.#pending = null;
        });
    }, intervalMs);
    this.#timer.unref();
  }

  /** Stop recording and wait for a write still running. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    if (this.#pending) await this.#pending;
  }
}
