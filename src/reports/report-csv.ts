import { stringify } from 'csv-stringify/sync';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { HttpProblem } from '../errors/problem.ts';
import { tablesToXlsx } from './report-xlsx.ts';

/** `format` and `table` query parameters every report route takes. */
export const FormatQuery = {
  format: z
    .enum(['json', 'csv', 'xlsx'])
    .default('json')
    .describe("csv: one of the report's tables as CSV; xlsx: every table (or the one named) as a sheet"),
  table: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9]{0,40}$/)
    .optional()
    .describe(
      'With format=csv or xlsx: which table (csv default: the first; xlsx default: all); the names are the JSON arrays of the report',
    ),
};

type Row = Record<string, unknown>;

function isRecord(value: unknown): value is Row {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/**
 * Nested objects become dotted columns (`figures.winRate`); arrays become JSON text; dates ISO text
 * (or stay Date with `keepDates`, for spreadsheets).
 */
export function flattenRow(row: Row, prefix = '', out: Row = {}, keepDates = false): Row {
  for (const [key, value] of Object.entries(row)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (isRecord(value)) flattenRow(value, name, out, keepDates);
    else if (Array.isArray(value))
      out[name] = value.every((v) => typeof v === 'string') ? value.join('; ') : JSON.stringify(value);
    else if (value instanceof Date) out[name] = keepDates ? value : value.toISOString();
    else out[name] = value;
  }
  return out;
}

/**
 * The tables of a report: every top-level array of objects, by its property name (`segments`,
 * `rows`, `data`, …). The same tables feed CSV here and XLSX sheets elsewhere.
 */
export function reportTables(report: object, options: { keepDates?: boolean } = {}): Record<string, Row[]> {
  const tables: Record<string, Row[]> = {};
  for (const [key, value] of Object.entries(report)) {
    if (Array.isArray(value) && value.every(isRecord))
      tables[key] = value.map((r) => flattenRow(r, '', {}, options.keepDates ?? false));
  }
  return tables;
}

/** CSV text of rows, the header the union of their columns in first-seen order. */
export function rowsToCsv(rows: Row[]): string {
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const r of rows) {
    for (const k of Object.keys(r)) {
      if (!seen.has(k)) {
        seen.add(k);
        columns.push(k);
      }
    }
  }
  return stringify(
    rows.map((r) => columns.map((c) => r[c] ?? '')),
    { header: true, columns, cast: { boolean: (b) => (b ? 'true' : 'false') } },
  );
}

const fileName = (name: string) => name.replace(/[^A-Za-z0-9_-]+/g, '_');

/**
 * Answer a report as JSON, one of its tables as a CSV download, or its tables (all, or the one named)
 * as an XLSX workbook with a sheet each. A table the report lacks is a 400 naming the tables it has.
 */
export async function sendReport(
  reply: FastifyReply,
  report: object,
  query: { format: 'json' | 'csv' | 'xlsx'; table?: string | undefined },
  name: string,
): Promise<unknown> {
  if (query.format === 'json') return report;
  const tables = reportTables(report, { keepDates: query.format === 'xlsx' });
  const names = Object.keys(tables);
  const table = query.table ?? (query.format === 'csv' ? names[0] : undefined);
  const rows = table === undefined ? undefined : tables[table];
  if ((!rows || table === undefined) && (query.format === 'csv' || query.table !== undefined)) {
    throw new HttpProblem(400, 'Bad request', {
      errors: [
        { path: 'query.table', message: `this report has the tables ${names.join(', ') || '(none)'}` },
      ],
    });
  }
  if (query.format === 'xlsx') {
    const book = await tablesToXlsx(rows && table ? { [table]: rows } : tables);
    return reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header(
        'content-disposition',
        `attachment; filename="${fileName(name)}${table ? `-${table}` : ''}.xlsx"`,
      )
      .send(book);
  }
  const csv = rowsToCsv(rows ?? []);
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${fileName(name)}-${table}.csv"`)
    .send(csv);
}
