import { CompiledQuery, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';

/** What happened to one input record. */
export type UpsertOutcome = 'inserted' | 'updated' | 'unchanged' | 'rejected';

/** Per-record result of a bulk upsert, in input order. */
export interface RecordResult {
  /** Position of the record in the input array. */
  index: number;
  outcome: UpsertOutcome;
  /** The stored record's id (null when rejected). */
  id: string | null;
  /** Why the record was rejected. */
  reason?: string;
  /** The field the rejection is about, when there is one (camelCase). */
  field?: string;
  /** Something to know that did not stop the write (e.g. a parent not found yet). */
  warning?: string;
}

export interface UpsertCounts {
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

export interface UpsertResult {
  counts: UpsertCounts;
  results: RecordResult[];
}

/** Options every bulk upsert takes. */
export interface BulkOptions<K extends string> {
  key?: K;
  /** Write the one summary audit entry for this batch (default true; CSV imports audit once per file). */
  audit?: boolean;
  /** Row numbers to name in messages ("duplicate of row N"); defaults to the record index. */
  rowNumbers?: readonly number[];
  /** Keys already claimed by earlier batches of the same import (duplicates across batches). */
  seen?: KeyClaims;
}

/** A record made ready for the batch statement, or the reason it is rejected before it. */
export type PrepareOutcome<P> =
  | { prepared: P; keys: string[]; match: unknown[] }
  | { reason: string; field: string };

/**
 * The shared front half of every bulk upsert: prepare each record, reject those that fail or that
 * repeat a key an earlier row of the request or file claimed ("duplicate of row N"), and hand the
 * admitted ones to `admit`. Returns the results with the rejections filled in (the batch statement
 * fills the rest) and the row numbering messages use.
 */
export function admitRecords<R, P>(
  records: readonly R[],
  options: BulkOptions<string>,
  prepare: (record: R) => PrepareOutcome<P>,
  admit: (index: number, prepared: P, match: unknown[]) => void,
): { results: RecordResult[]; rowNumber: (index: number) => number } {
  const rowNumber = (index: number) => options.rowNumbers?.[index] ?? index;
  const claims = options.seen ?? new KeyClaims();
  const results: RecordResult[] = new Array(records.length);
  records.forEach((r, index) => {
    const p = prepare(r);
    if ('reason' in p) {
      results[index] = { index, outcome: 'rejected', id: null, reason: p.reason, field: p.field };
      return;
    }
    const dup = claims.claim(p.keys, rowNumber(index));
    if (dup) {
      const field = dup.key.slice(0, dup.key.indexOf(':'));
      results[index] = {
        index,
        outcome: 'rejected',
        id: null,
        reason: `duplicate of row ${dup.row} (same ${field})`,
        field,
      };
      return;
    }
    admit(index, p.prepared, p.match);
  });
  return { results, rowNumber };
}

/**
 * Remembers which key values earlier rows of one request or file used, so a later row with the
 * same key is rejected as "duplicate of row N" instead of silently merged.
 */
export class KeyClaims {
  readonly #claims = new Map<string, number>();

  /** Claims every key for `row`; returns the first earlier claim (nothing is claimed then). */
  claim(keys: readonly string[], row: number): { row: number; key: string } | null {
    for (const key of keys) {
      const earlier = this.#claims.get(key);
      if (earlier !== undefined) return { row: earlier, key };
    }
    for (const key of keys) this.#claims.set(key, row);
    return null;
  }

  get size(): number {
    return this.#claims.size;
  }
}

/**
 * Run `fn` in a transaction, or in the caller's when `db` already is one. JIT compilation is switched
 * off for it: the batch statements are estimated as expensive (correlated index probes) and compiling
 * them costs far more than running them.
 */
export async function inTransaction<T>(db: Kysely<DB>, fn: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
  const run = async (trx: Kysely<DB>) => {
    await trx.executeQuery(CompiledQuery.raw('SET LOCAL jit = off', []));
    return fn(trx);
  };
  if (db.isTransaction) return run(db);
  return db.transaction().execute(run);
}

/** Run a statement built by buildUpsertSql (or any raw parameterised SQL) and return its rows. */
export async function runRaw<R>(db: Kysely<DB>, text: string, parameters: readonly unknown[]): Promise<R[]> {
  const result = await db.executeQuery<R>(CompiledQuery.raw(text, [...parameters]));
  return result.rows;
}

/** The row every upsert statement returns. */
export interface StatementRow {
  ord: number;
  reject: string | null;
  id: string;
  outcome: 'inserted' | 'updated' | 'unchanged' | 'rejected' | 'conflict';
}

/** Empty counts. */
export function zeroCounts(): UpsertCounts {
  return { inserted: 0, updated: 0, unchanged: 0, rejected: 0 };
}

/** Count the outcomes of a result list. */
/** Ids of the records that were inserted or updated (derived data is refreshed for these). */
export function writtenIds(results: readonly RecordResult[]): string[] {
  return results.flatMap((r) =>
    r.id && (r.outcome === 'inserted' || r.outcome === 'updated') ? [r.id] : [],
  );
}

export function countOutcomes(results: readonly RecordResult[]): UpsertCounts {
  const counts = zeroCounts();
  for (const r of results) counts[r.outcome] += 1;
  return counts;
}

/** Turns the column name of a unique key into the field name users know. */
export function fieldOf(column: string): string {
  return column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

/**
 * Fold the statement's rows into per-record results. `ords` maps statement ords to input indexes.
 */
export function applyStatementRows(
  rows: readonly StatementRow[],
  results: RecordResult[],
  rowNumber: (index: number) => number,
  noun: string,
  conflictFields: string,
): void {
  for (const row of rows) {
    const index = row.ord;
    if (row.outcome === 'rejected' || row.outcome === 'conflict') {
      let reason = row.reject ?? '';
      let field: string | undefined;
      if (row.outcome === 'conflict') {
        reason = `conflicts with another ${noun} that already has the same ${conflictFields}`;
      } else if (reason.startsWith('same:')) {
        reason = `duplicate of row ${rowNumber(Number(reason.slice(5)))} (both match the same ${noun})`;
      } else if (reason.startsWith('unique:')) {
        field = fieldOf(reason.slice(7));
        reason = `${field} already belongs to another ${noun}`;
      } else {
        const colon = reason.indexOf(':');
        if (colon > 0) field = reason.slice(0, colon);
      }
      results[index] = { index, outcome: 'rejected', id: null, reason, ...(field ? { field } : {}) };
    } else {
      results[index] = { index, outcome: row.outcome, id: row.id };
    }
  }
}
