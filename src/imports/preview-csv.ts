import type { ImportKind } from './field-aliases.ts';
import { kindBatcher } from './import-kinds.ts';
import { mapColumns } from './map-columns.ts';
import { type ByteSource, type CsvHead, openCsv } from './read-csv.ts';
import { rowToRecord } from './row-to-record.ts';

export interface PreviewRow {
  row: number;
  /** The record as it would be imported (camelCase fields). */
  record: Record<string, unknown> | null;
  /** Why the row would be rejected before reaching the database. */
  error: string | null;
}

export interface CsvPreview {
  encoding: CsvHead['encoding'];
  bom: boolean;
  delimiter: CsvHead['delimiter'];
  headers: string[];
  /** Per column: the field it maps to (null: not imported) and how the mapping was decided. */
  columns: { header: string; field: string | null; how: string }[];
  unmapped: string[];
  /** Required fields no column maps to (the import would stop before any row). */
  missing: string[];
  rows: PreviewRow[];
}

/**
 * Read the start of a CSV for the import wizard: detected encoding and delimiter, headers, the
 * proposed mapping (with overrides applied), and the first `limit` rows as they would be imported.
 * Nothing is written.
 */
export async function previewCsv(
  kind: ImportKind,
  source: ByteSource,
  options: { map?: Record<string, string>; limit?: number } = {},
): Promise<CsvPreview> {
  const { head, rows } = await openCsv(source);
  const { columns, unmapped, missing } = mapColumns(kind, head.headers, options.map);
  const validator = kindBatcher(kind, undefined);
  const limit = options.limit ?? 20;
  const out: PreviewRow[] = [];
  for await (const row of rows) {
    if (row.error) {
      out.push({ row: row.row, record: null, error: row.error });
    } else {
      const converted = rowToRecord(kind, columns, row.cells);
      const error = converted.ok ? validator.add(converted.record, row.row) : converted.reason;
      out.push({ row: row.row, record: converted.ok ? converted.record : null, error });
    }
    if (out.length >= limit) break;
  }
  return {
    encoding: head.encoding,
    bom: head.bom,
    delimiter: head.delimiter,
    headers: head.headers,
    columns: columns.map((c) => ({ header: c.header, field: c.field, how: c.how })),
    unmapped,
    missing,
    rows: out,
  };
}
