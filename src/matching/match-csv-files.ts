import { once } from 'node:events';
import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { finished } from 'node:stream/promises';
import { parse } from 'csv-parse';
import { stringify } from 'csv-stringify';
import { AccountIndex } from './account-index.ts';
import { type LeadRow, matchRow } from './match-row.ts';
import { DEFAULT_MATCH_CONFIG, type MatchAccountInput, type MatchConfig } from './match-types.ts';
import { MatchWorkerPool } from './match-worker-pool.ts';

const BATCH = 2000;

/** A problem with the input files the user must fix (missing file, missing or unknown columns). */
export class MatchInputError extends Error {}

/** Columns of the accounts CSV; `id` and `name` must be filled on every row. */
export const ACCOUNT_COLUMNS = ['id', 'name', 'website', 'domains', 'country', 'industry'] as const;
/** Columns of the leads CSV. */
export const LEAD_COLUMNS = ['id', 'email', 'first_name', 'last_name', 'company', 'country'] as const;
/** Columns of the output CSV. */
export const MATCH_COLUMNS = ['lead_id', 'account_id', 'confidence', 'method', 'evidence'] as const;

/** Options for {@link matchCsvFiles}. */
export interface MatchCsvOptions {
  accountsPath: string;
  leadsPath: string;
  outPath: string;
  config?: Partial<MatchConfig>;
  /** Called now and then with bytes of the leads file read so far and its total size. */
  onProgress?: (bytesRead: number, totalBytes: number, leads: number) => void;
  /** Worker threads for matching (0: match on this thread). Default: by file size and cores. */
  workers?: number;
  /** Called once the index is built. */
  onIndexBuilt?: (accounts: number, skipped: number, ms: number) => void;
}

/** Counts from a batch run. */
export interface MatchCsvReport {
  accounts: number;
  skippedAccounts: { row: number; reason: string }[];
  leads: number;
  matched: number;
  weak: number;
  unmatched: number;
  badRows: number;
  indexBuildMs: number;
  matchMs: number;
}

function csvParser(path: string, skipBadRecords = false) {
  try {
    statSync(path);
  } catch {
    throw new MatchInputError(`cannot read ${path}: no such file`);
  }
  return createReadStream(path).pipe(
    parse({
      bom: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      trim: false,
      skip_records_with_error: skipBadRecords,
    }),
  );
}

/** Maps header names to positions; throws a clear error for missing or unknown columns. */
function headerPositions(file: string, header: unknown, expected: readonly string[]): Map<string, number> {
  const names = Array.isArray(header) ? header.map((h) => String(h).trim().toLowerCase()) : [];
  const missing = expected.filter((c) => !names.includes(c));
  const extra = names.filter((n) => !expected.includes(n));
  const problems: string[] = [];
  if (missing.length > 0) problems.push(`missing column(s) ${missing.join(', ')}`);
  if (extra.length > 0) problems.push(`unknown column(s) ${extra.map((e) => JSON.stringify(e)).join(', ')}`);
  if (problems.length > 0) {
    throw new MatchInputError(`${file}: ${problems.join('; ')} — expected header: ${expected.join(',')}`);
  }
  return new Map(expected.map((c) => [c, names.indexOf(c)]));
}

function cell(row: string[], columns: Map<string, number>, name: string): string {
  return row[columns.get(name) ?? -1] ?? '';
}

/** Reads the accounts CSV into matcher input; rows without id or name are skipped and reported. */
export async function readAccountsCsv(
  path: string,
): Promise<{ accounts: MatchAccountInput[]; skipped: { row: number; reason: string }[] }> {
  const accounts: MatchAccountInput[] = [];
  const skipped: { row: number; reason: string }[] = [];
  let columns: Map<string, number> | undefined;
  let line = 0;
  for await (const record of csvParser(path)) {
    line++;
    if (!Array.isArray(record)) continue;
    const row = record.map(String);
    if (!columns) {
      columns = headerPositions(path, row, ACCOUNT_COLUMNS);
      continue;
    }
    const id = cell(row, columns, 'id');
    const name = cell(row, columns, 'name');
    if (!id || !name) {
      skipped.push({ row: line, reason: !id ? 'empty id' : 'empty name' });
      continue;
    }
    const domains = cell(row, columns, 'domains')
      .split(/[;,\s]+/)
      .filter((d) => d.length > 0);
    accounts.push({
      id,
      name,
      website: cell(row, columns, 'website'),
      domains,
      country: cell(row, columns, 'country'),
    });
  }
  if (!columns)
    throw new MatchInputError(`${path}: empty file, expected header ${ACCOUNT_COLUMNS.join(',')}`);
  return { accounts, skipped };
}

type Slot = { row: string[] } | { lead: LeadRow };

/**
 * Batch matching without a database: indexes the accounts CSV, streams the leads CSV through the matcher
 * and writes one output row per lead, in input order (`lead_id,account_id,confidence,method,evidence`;
 * `account_id` empty when there is no automatic match, the evidence then says why). Bad lead rows become
 * "no match" rows. With `workers` > 0, worker threads (each with its own index) match batches while this
 * thread parses and writes CSV.
 */
export async function matchCsvFiles(options: MatchCsvOptions): Promise<MatchCsvReport> {
  const config: MatchConfig = { ...DEFAULT_MATCH_CONFIG, ...options.config };
  const started = performance.now();
  const { accounts, skipped } = await readAccountsCsv(options.accountsPath);
  const totalBytes = statSync(options.leadsPath, { throwIfNoEntry: false })?.size ?? 0;
  const workers =
    options.workers ?? (totalBytes > 1_000_000 ? Math.max(1, Math.min(4, availableParallelism())) : 0);
  const pool = workers > 0 ? await MatchWorkerPool.start(workers, accounts, config) : null;
  const index = pool ? null : AccountIndex.build(accounts);
  const indexBuildMs = performance.now() - started;
  options.onIndexBuilt?.(accounts.length, skipped.length, indexBuildMs);
  const report: MatchCsvReport = {
    accounts: accounts.length,
    skippedAccounts: skipped,
    leads: 0,
    matched: 0,
    weak: 0,
    unmatched: 0,
    badRows: 0,
    indexBuildMs,
    matchMs: 0,
  };
  const parser = csvParser(options.leadsPath, true);
  const output = createWriteStream(options.outPath);
  const stringifier = stringify({ header: true, columns: [...MATCH_COLUMNS] });
  stringifier.pipe(output);
  const matchStarted = performance.now();
  const count = (status: string) => {
    if (status === 'matched') report.matched++;
    else if (status === 'weak') report.weak++;
    else report.unmatched++;
  };
  const badRow = (row: string[]): Slot => {
    report.badRows++;
    report.unmatched++;
    return { row };
  };
  const queue: Promise<string[][]>[] = [];
  const dispatch = (slots: Slot[]): Promise<string[][]> => {
    const leads = slots.flatMap((s) => ('lead' in s ? [s.lead] : []));
    const assemble = (rows: string[][], statuses: string[]) => {
      statuses.forEach(count);
      let k = 0;
      return slots.map((s) => ('lead' in s ? (rows[k++] ?? []) : s.row));
    };
    if (pool) return pool.match(leads).then((r) => assemble(r.rows, r.statuses));
    const matched = leads.map((lead) =>
      index ? matchRow(index, config, lead) : { row: [lead.id], status: 'none' },
    );
    return Promise.resolve(
      assemble(
        matched.map((m) => m.row),
        matched.map((m) => m.status),
      ),
    );
  };
  const flush = async (max: number) => {
    while (queue.length > max) {
      const rows = await queue.shift();
      for (const row of rows ?? []) if (!stringifier.write(row)) await once(stringifier, 'drain');
    }
  };
  const unparsable: string[] = [];
  parser.on('skip', (error: Error) => unparsable.push(error.message.slice(0, 200)));
  let slots: Slot[] = [];
  let columns: Map<string, number> | undefined;
  let width = 0;
  let line = 0;
  try {
    for await (const record of parser) {
      line++;
      if (!Array.isArray(record)) continue;
      const row = record.map(String);
      if (!columns) {
        columns = headerPositions(options.leadsPath, row, LEAD_COLUMNS);
        width = row.length;
        continue;
      }
      for (const message of unparsable.splice(0)) {
        report.leads++;
        slots.push(badRow(['', '', '0', '', `no match: unreadable CSV record: ${message}`]));
      }
      report.leads++;
      const id = cell(row, columns, 'id');
      if (row.length !== width || !id) {
        const why = !id ? 'empty lead id' : `row has ${row.length} fields, the header has ${width}`;
        slots.push(badRow([id, '', '0', '', `no match: line ${line}: ${why}`]));
      } else {
        slots.push({
          lead: {
            id,
            email: cell(row, columns, 'email'),
            company: cell(row, columns, 'company'),
            country: cell(row, columns, 'country'),
          },
        });
      }
      if (slots.length >= BATCH) {
        queue.push(dispatch(slots));
        slots = [];
        await flush(Math.max(1, workers * 2));
        if (report.leads % (BATCH * 10) === 0)
          options.onProgress?.(parser.info.bytes, totalBytes, report.leads);
      }
    }
    for (const message of unparsable.splice(0)) {
      report.leads++;
      slots.push(badRow(['', '', '0', '', `no match: unreadable CSV record: ${message}`]));
    }
    if (slots.length > 0) queue.push(dispatch(slots));
    await flush(0);
    if (!columns)
      throw new MatchInputError(
        `${options.leadsPath}: empty file, expected header ${LEAD_COLUMNS.join(',')}`,
      );
  } finally {
    await Promise.allSettled(queue);
    await pool?.close();
    stringifier.end();
    await finished(output);
  }
  options.onProgress?.(totalBytes, totalBytes, report.leads);
  report.matchMs = performance.now() - matchStarted;
  return report;
}
