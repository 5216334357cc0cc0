import { type Kysely, sql } from 'kysely';
import { type PendingParent, resolveAccountParents } from '../accounts/upsert-accounts.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { AuthContext } from '../auth/auth-context.ts';
import type { DB } from '../db/schema.ts';
import { clientSafeMessage } from '../errors/database-problem.ts';
import type { ValueWarning } from '../normalize/normalize-record.ts';
import { SUPPRESSED_REASON } from '../records/suppression.ts';
import { KeyClaims, type UpsertCounts, zeroCounts } from '../records/upsert-result.ts';
import type { ImportKind } from './field-aliases.ts';
import { type BatchOutcome, kindBatcher, type TakenBatch } from './import-kinds.ts';
import { ImportProgress, PROGRESS_INTERVAL_MS } from './import-progress.ts';
import { createImportRecord, finishImportRecord } from './import-store.ts';
import { assertRequiredColumns, type ColumnMapping, mapColumns } from './map-columns.ts';
import { type ByteSource, type CsvHead, ImportFileError, openCsv } from './read-csv.ts';
import { refreshImportStatistics } from './refresh-statistics.ts';
import { RejectsSink } from './rejects-sink.ts';
import { rowToRecord } from './row-to-record.ts';

export interface ImportOptions {
  kind: ImportKind;
  /** Column overrides: header → field (`''` skips the column). */
  map?: Record<string, string>;
  /** Key to match existing records on (per kind; default `auto`). */
  key?: string;
  /** Validate and report what would happen; nothing is kept. */
  dryRun?: boolean;
  fileName?: string | null;
  /** Record the import under this id (so a caller can poll its progress); default a new one. */
  importId?: string;
  /** How often the running import's row gets its progress (rows read, counts); default 500 ms. */
  progressIntervalMs?: number;
  /** Also write every rejected row here (CSV with `_row` and `_reason`). */
  rejects?: NodeJS.WritableStream;
  /** Called after each batch. */
  onProgress?: (progress: { rows: number } & UpsertCounts) => void;
  /** Rows per transaction (default 5,000; at most 10,000). */
  batchSize?: number;
}

export interface ImportSummary extends UpsertCounts {
  importId: string;
  kind: ImportKind;
  dryRun: boolean;
  encoding: CsvHead['encoding'];
  delimiter: CsvHead['delimiter'];
  /** Data rows read (the header not counted). */
  rows: number;
  /** header → field (null when not imported). */
  mapping: Record<string, string | null>;
  unmapped: string[];
  warnings: string[];
  /**
   * Values normalisation did not recognise, per row and field (the first 1,000): the row was
   * imported, the value kept as given in the field's originals. `unrecognised` counts them all by field.
   */
  valueWarnings: RowValueWarning[];
  unrecognised: Record<string, number>;
  rejectsTruncated: boolean;
  seconds: number;
}

/** A value of one row that normalisation did not recognise. */
export interface RowValueWarning extends ValueWarning {
  row: number;
}

/** Most value warnings an import reports one by one. */
const MAX_VALUE_WARNINGS = 1000;

class DryRun extends Error {
  constructor(readonly outcome: BatchOutcome) {
    super('dry run');
  }
}

/**
 * Import a CSV byte stream into the workspace: detect encoding and delimiter, map the headers,
 * coerce and validate each row, and upsert in batches (one transaction each) with constant memory.
 * Bad rows go to the rejects CSV with their row number and reason and never stop the import.
 * The import is recorded in the `imports` table and audited once. Throws ImportFileError when
 * the file as a whole cannot be imported (empty, header only, required column missing).
 *
 * @example
 * const summary = await importCsv(db, ctx, createReadStream('accounts.csv'), { kind: 'accounts' });
 */
const ANALYZED_TABLE = {
  accounts: 'accounts',
  contacts: 'contacts',
  opportunities: 'opportunities',
  activities: 'activities',
} as const;

export async function importCsv(
  db: Kysely<DB>,
  ctx: AuthContext,
  source: ByteSource,
  options: ImportOptions,
): Promise<ImportSummary> {
  const started = performance.now();
  const dryRun = options.dryRun ?? false;
  const importId = await createImportRecord(db, ctx.workspaceId, {
    ...(options.importId ? { id: options.importId } : {}),
    kind: options.kind,
    fileName: options.fileName ?? null,
    dryRun,
    startedBy: `${ctx.actorType}:${ctx.actorId}`,
  });
  let mapping: Record<string, string | null> = {};
  let rows = 0;
  let sink: RejectsSink | undefined;
  const counts = zeroCounts();
  let inFlight: Promise<void> | null = null;
  const progress = new ImportProgress(
    db,
    ctx.workspaceId,
    importId,
    () => ({ rowsRead: rows, counts }),
    options.progressIntervalMs ?? PROGRESS_INTERVAL_MS,
  );
  try {
    const batcher = kindBatcher(options.kind, options.key);
    await refreshImportStatistics(db, options.kind);
    const { head, rows: csvRows } = await openCsv(source);
    const { columns, unmapped, missing } = mapColumns(options.kind, head.headers, options.map);
    assertRequiredColumns(options.kind, head.headers, missing);
    mapping = Object.fromEntries(columns.map((c) => [c.header, c.field]));
    const rejects = new RejectsSink(head.headers, options.rejects);
    sink = rejects;
    const seen = new KeyClaims();
    const batchSize = Math.min(Math.max(options.batchSize ?? 5000, 1), 10_000);
    let cells = new Map<number, string[]>();
    const pending: PendingParent[] = [];
    const warnings: string[] = [];
    const valueWarnings: RowValueWarning[] = [];
    const unrecognised: Record<string, number> = {};

    const reject = async (row: number, rowCells: readonly string[], reason: string) => {
      counts.rejected += 1;
      await rejects.add(row, rowCells, reason);
    };
    // One batch is written while the next is parsed: the database and the parser work at the same time.
    let failure: { error: unknown } | null = null;
    const settle = async () => {
      if (inFlight) await inFlight;
      inFlight = null;
      if (failure) throw failure.error;
    };
    const flush = async () => {
      await settle();
      const batch = batcher.take();
      const batchCells = cells;
      cells = new Map();
      inFlight = (async () => {
        const outcome = await writeBatch(db, ctx, batch, seen, dryRun);
        for (let n = 0; n < batch.rows.length; n += 1) {
          const row = batch.rows[n] ?? 0;
          const result = outcome.results[n];
          if (!result) continue;
          // An erased person's row is reported by number only: its cells are not stored again.
          if (result.outcome === 'rejected')
            await reject(
              row,
              result.reason === SUPPRESSED_REASON ? [] : (batchCells.get(row) ?? []),
              result.reason ?? 'rejected',
            );
          else counts[result.outcome] += 1;
          for (const w of result.warnings ?? []) {
            unrecognised[w.field] = (unrecognised[w.field] ?? 0) + 1;
            if (valueWarnings.length < MAX_VALUE_WARNINGS) valueWarnings.push({ row, ...w });
          }
        }
        for (const p of outcome.pendingParents) pending.push({ ...p, index: batch.rows[p.index] ?? p.index });
        options.onProgress?.({ rows, ...counts });
      })().catch((error: unknown) => {
        failure = { error };
      });
    };

    for await (const row of csvRows) {
      rows += 1;
      // Parsing buffered bytes and the embedded database both resolve in microtasks: without a turn of
      // the event loop now and then, a server would answer no other request (nor record progress)
      // until the import ends.
      if (rows % 2000 === 0) await new Promise<void>((resolve) => setImmediate(resolve));
      if (row.error) {
        await reject(row.row, row.cells, `the row could not be read: ${row.error}`);
        continue;
      }
      const converted = rowToRecord(options.kind, columns, row.cells);
      if (!converted.ok) {
        await reject(row.row, row.cells, converted.reason);
        continue;
      }
      const invalid = batcher.add(converted.record, row.row);
      if (invalid) {
        await reject(row.row, row.cells, invalid);
        continue;
      }
      cells.set(row.row, row.cells);
      if (batcher.size >= batchSize) await flush();
    }
    if (batcher.size > 0) await flush();
    await settle();
    if (rows === 0) throw new ImportFileError('The file has a header but no data rows');

    if (pending.length > 0) {
      const { unresolved } = dryRun
        ? { unresolved: pending }
        : await resolveAccountParents(db, ctx.workspaceId, pending);
      if (unresolved.length > 0) {
        const sample = unresolved
          .slice(0, 10)
          .map((p) => `row ${p.index}: ${p.parentSalesforceId ?? p.parentHubspotId}`);
        warnings.push(
          `${unresolved.length} account(s) name a parent that is not in the workspace (${sample.join(', ')}${unresolved.length > 10 ? ', …' : ''}); they were imported without a parent`,
        );
      }
    }
    if (unmapped.length > 0) warnings.push(`Columns not imported: ${unmapped.join(', ')}`);
    for (const [field, count] of Object.entries(unrecognised)) {
      const sample = [...new Set(valueWarnings.filter((w) => w.field === field).map((w) => w.value))].slice(
        0,
        5,
      );
      warnings.push(
        `${field}: ${count} value(s) not recognised, imported and kept as given (${sample.map((v) => `"${v}"`).join(', ')}${sample.length < count ? ', …' : ''})`,
      );
    }
    if (rejects.truncated)
      warnings.push('The stored rejects CSV was cut at 5 MB; use a rejects file for all of them');

    if (!dryRun) {
      await recordAudit(db, ctx, {
        action: `import.${options.kind}`,
        objectType: 'import',
        objectId: importId,
        changes: { fileName: options.fileName ?? null, rows, ...counts },
      });
    }
    // A large import changes the tables' statistics; refresh them so plans stay index-driven
    // (the embedded database has no autovacuum to do it).
    if (!dryRun && counts.inserted + counts.updated >= 10_000) {
      await sql`ANALYZE ${sql.table(ANALYZED_TABLE[options.kind])}`.execute(db);
    }
    await progress.stop();
    await finishImportRecord(db, ctx.workspaceId, importId, {
      status: 'done',
      mapping: mappingJson(columns),
      rowsTotal: rows,
      counts,
      rejectsCsv: rejects.text,
    });
    return {
      importId,
      kind: options.kind,
      dryRun,
      encoding: head.encoding,
      delimiter: head.delimiter,
      rows,
      ...counts,
      mapping,
      unmapped,
      warnings,
      valueWarnings,
      unrecognised,
      rejectsTruncated: rejects.truncated,
      seconds: Math.round(performance.now() - started) / 1000,
    };
  } catch (error) {
    // A batch still being written finishes (or fails) before the import is marked failed.
    if (inFlight) await inFlight;
    if (error instanceof ImportFileError) error.importId = importId;
    await progress.stop();
    await finishImportRecord(db, ctx.workspaceId, importId, {
      status: 'failed',
      rowsTotal: rows,
      counts,
      rejectsCsv: sink?.text ?? null,
      error: clientSafeMessage(error),
    }).catch(() => undefined);
    throw error;
  }
}

function mappingJson(columns: readonly ColumnMapping[]): Record<string, string | null> {
  return Object.fromEntries(columns.map((c) => [c.header, c.field]));
}

/** Write one batch in its own transaction; a dry run rolls it back and keeps the outcome. */
async function writeBatch(
  db: Kysely<DB>,
  ctx: AuthContext,
  batch: TakenBatch,
  seen: KeyClaims,
  dryRun: boolean,
): Promise<BatchOutcome> {
  if (!dryRun) {
    return db.transaction().execute(async (trx) => {
      // A batch's commit does not wait for its WAL flush: the import's final status update (a
      // normal commit) flushes every batch before it, and a crash before that leaves the import
      // unfinished, to be run again (every write is an idempotent upsert).
      await sql`SET LOCAL synchronous_commit = off`.execute(trx);
      return batch.write(trx, ctx, seen);
    });
  }
  try {
    await db.transaction().execute(async (trx) => {
      throw new DryRun(await batch.write(trx, ctx, seen));
    });
  } catch (error) {
    if (error instanceof DryRun) return error.outcome;
    throw error;
  }
  throw new Error('unreachable: a dry-run batch always rolls back');
}
