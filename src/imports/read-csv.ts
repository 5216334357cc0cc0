import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type CsvError, parse } from 'csv-parse';

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be';

/** What was detected about a CSV file from its first bytes and header line. */
export interface CsvHead {
  encoding: TextEncodingName;
  bom: boolean;
  delimiter: ',' | ';' | '\t';
  headers: string[];
}

/** One data row: its number as a spreadsheet shows it (the header is row 1) and its cells. */
export interface CsvRow {
  row: number;
  cells: string[];
  /** Why the row could not be parsed at all (broken quoting); cells are empty then. */
  error?: string;
}

/** An error about the file as a whole (empty, no header, missing column): nothing was imported. */
export class ImportFileError extends Error {
  /** The import record the failure was stored on, when there is one. */
  importId: string | undefined;
}

/** Find the encoding from a BOM, or from where NUL bytes fall in BOM-less UTF-16. */
export function detectEncoding(head: Uint8Array): { encoding: TextEncodingName; bom: number } {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bom: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bom: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bom: 2 };
  const n = Math.min(head.length, 1024) & ~1;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (head[i] === 0) evenZeros += 1;
    if (head[i + 1] === 0) oddZeros += 1;
  }
  const pairs = n / 2;
  if (pairs > 0 && oddZeros > pairs * 0.3 && evenZeros < pairs * 0.05)
    return { encoding: 'utf-16le', bom: 0 };
  if (pairs > 0 && evenZeros > pairs * 0.3 && oddZeros < pairs * 0.05)
    return { encoding: 'utf-16be', bom: 0 };
  return { encoding: 'utf-8', bom: 0 };
}

/** The delimiter among `,` `;` tab that occurs most often (outside quotes) in the header line. */
export function detectDelimiter(headerLine: string): ',' | ';' | '\t' {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of headerLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === ',' || ch === ';' || ch === '\t')) counts[ch] += 1;
  }
  if (counts['\t'] > counts[','] && counts['\t'] >= counts[';']) return '\t';
  if (counts[';'] > counts[',']) return ';';
  return ',';
}

/** A CSV file's bytes: a file or request stream, a generator, or simply an array of chunks. */
export type ByteSource = AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>;

async function* bytes(source: ByteSource): AsyncGenerator<Uint8Array> {
  for await (const chunk of source) yield typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
}

/**
 * Open a CSV byte stream: detect the encoding and delimiter, read the header, and return the data rows
 * as an async iterable (streamed with backpressure: rows are parsed as they are consumed).
 * Bytes that are not valid in the detected encoding, and NUL characters, become U+FFFD; rows holding
 * one are flagged by the importer. Throws ImportFileError for an empty file.
 */
export async function openCsv(source: ByteSource): Promise<{ head: CsvHead; rows: AsyncIterable<CsvRow> }> {
  const input = bytes(source)[Symbol.asyncIterator]();
  // Read until there are enough bytes to detect the encoding and a whole header line.
  const first: Uint8Array[] = [];
  let size = 0;
  let done = false;
  while (size < 4096) {
    const next = await input.next();
    if (next.done) {
      done = true;
      break;
    }
    first.push(next.value);
    size += next.value.length;
  }
  const start = Buffer.concat(first);
  const { encoding, bom } = detectEncoding(start);
  const decoder = new TextDecoder(encoding, { fatal: false, ignoreBOM: true });
  let text = decoder.decode(start.subarray(bom), { stream: !done });
  if (text.replace(/[\s\uFEFF]/g, '') === '') {
    if (done) throw new ImportFileError('The file is empty');
  }
  // Make sure the header line is complete before detecting the delimiter.
  while (!done && !/[\r\n]/.test(text)) {
    const next = await input.next();
    if (next.done) {
      done = true;
      text += decoder.decode();
    } else {
      text += decoder.decode(next.value, { stream: true });
    }
  }
  if (text.trim() === '') throw new ImportFileError('The file is empty');
  const headerLine = text.split(/\r?\n|\r/, 1)[0] ?? '';
  const delimiter = detectDelimiter(headerLine);

  // PostgreSQL text holds no NUL character: a NUL in the file is read as text that is not valid.
  const withoutNul = (chunk: string) => chunk.replaceAll('\u0000', '\uFFFD');
  async function* decoded(): AsyncGenerator<string> {
    yield withoutNul(text);
    if (done) return;
    while (true) {
      const next = await input.next();
      if (next.done) break;
      yield withoutNul(decoder.decode(next.value, { stream: true }));
    }
    const tail = decoder.decode();
    if (tail) yield withoutNul(tail);
  }

  // Records csv-parse had to skip (broken quoting), by how many records came before them.
  const skipped: { after: number; error: string }[] = [];
  const parser = parse({
    delimiter,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_skip: (err: CsvError | undefined) => {
      const after = typeof err?.records === 'number' ? err.records : 0;
      skipped.push({ after, error: err?.message ?? 'the row could not be parsed' });
      return undefined;
    },
  });
  const feeding = pipeline(Readable.from(decoded(), { objectMode: false }), parser).catch(
    (error: unknown) => {
      parser.destroy(error instanceof Error ? error : new Error(String(error)));
    },
  );

  const records = parser[Symbol.asyncIterator]();
  const firstRecord = await records.next();
  const headerRecord = isCells(firstRecord.value) ? firstRecord.value : null;
  if (firstRecord.done || !headerRecord) {
    await feeding;
    throw new ImportFileError('The file is empty');
  }
  const headers = headerRecord.map((h) => h.replace(/^\uFEFF/, '').trim());

  async function* rows(): AsyncGenerator<CsvRow> {
    let skips = 0;
    const flush = function* (before: number): Generator<CsvRow> {
      while (skipped.length > 0 && (skipped[0]?.after ?? 0) < before) {
        const s = skipped.shift();
        if (!s) break;
        yield { row: s.after + 1 + skips, cells: [], error: s.error };
        skips += 1;
      }
    };
    try {
      // Records parsed so far, the header included (csv-parse counts the same way for skipped ones).
      let count = 1;
      while (true) {
        const next = await records.next();
        if (next.done) break;
        if (!isCells(next.value)) continue;
        count += 1;
        if (skipped.length > 0) yield* flush(count);
        yield { row: count + skips, cells: next.value };
      }
      yield* flush(Number.POSITIVE_INFINITY);
      await feeding;
    } finally {
      if (!parser.destroyed) parser.destroy();
    }
  }
  return { head: { encoding, bom: bom > 0, delimiter, headers }, rows: rows() };
}

function isCells(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((c) => typeof c === 'string');
}
