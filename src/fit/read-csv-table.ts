import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { parse } from 'csv-parse';
import type { ColumnTable } from './feature-spec.ts';
import { FitInputError } from './fit-input-error.ts';

export interface CsvTable extends ColumnTable {
  delimiter: string;
  /** Rows whose cell count differed from the header's (padded with empty cells or truncated). */
  raggedRows: number;
}

const CANDIDATES = [',', ';', '\t', '|'];

/** Pick the delimiter whose count per line (outside quotes) is highest and most consistent. */
export function detectDelimiter(sample: string): string {
  const lines = sample
    .split(/\r?\n/)
    .filter((l) => l.length > 0)
    .slice(0, 20);
  if (lines.length > 1 && !sample.endsWith('\n')) lines.pop();
  let best = ',';
  let bestScore = 0;
  for (const d of CANDIDATES) {
    const counts = lines.map((line) => {
      let inQuotes = false;
      let count = 0;
      for (const ch of line) {
        if (ch === '"') inQuotes = !inQuotes;
        else if (ch === d && !inQuotes) count++;
      }
      return count;
    });
    const first = counts[0] ?? 0;
    if (first === 0) continue;
    const consistent = counts.filter((c) => c === first).length / counts.length;
    const score = first * consistent * consistent;
    if (score > bestScore) {
      best = d;
      bestScore = score;
    }
  }
  return best;
}

function uniqueNames(header: string[]): string[] {
  const seen = new Map<string, number>();
  return header.map((raw, i) => {
    const base = raw.trim() || `column_${i + 1}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base}_${n}`;
  });
}

/** Stream a CSV file (delimiter `,` `;` tab or `|` detected) into a column table; the first row is the header. */
export async function readCsvTable(file: string): Promise<CsvTable> {
  let sample: string;
  try {
    const handle = await open(file, 'r');
    try {
      const buffer = Buffer.alloc(65536);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
      sample = buffer
        .subarray(0, bytesRead)
        .toString('utf8')
        .replace(/^\uFEFF/, '');
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw new FitInputError(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (sample.trim() === '') throw new FitInputError(`${file} is empty`);
  const delimiter = detectDelimiter(sample);
  const parser = createReadStream(file).pipe(
    parse({ delimiter, bom: true, relax_column_count: true, skip_empty_lines: true, relax_quotes: true }),
  );
  let names: string[] | null = null;
  let columns: string[][] = [];
  let rowCount = 0;
  let raggedRows = 0;
  try {
    for await (const record of parser) {
      if (!Array.isArray(record)) continue;
      const cells = record.map((c) => (typeof c === 'string' ? c : String(c)));
      if (names === null) {
        names = uniqueNames(cells);
        columns = names.map(() => []);
        continue;
      }
      if (cells.length !== names.length) raggedRows++;
      for (let j = 0; j < names.length; j++) columns[j]?.push(cells[j] ?? '');
      rowCount++;
    }
  } catch (error) {
    throw new FitInputError(
      `${file} is not valid CSV: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (names === null) throw new FitInputError(`${file} has no header row`);
  return { names, columns, rowCount, delimiter, raggedRows };
}
