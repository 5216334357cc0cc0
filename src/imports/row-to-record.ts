import { coerceCell } from './coerce-cell.ts';
import { FIELD_TABLE, type ImportKind } from './field-aliases.ts';
import type { ColumnMapping } from './map-columns.ts';

/** Nested targets (`custom.segment`) go into objects; activities keep custom fields in `properties`. */
function setField(record: Record<string, unknown>, kind: ImportKind, field: string, value: unknown): void {
  const dot = field.indexOf('.');
  if (dot < 0) {
    record[field] = value;
    return;
  }
  let group = field.slice(0, dot);
  if (kind === 'activities' && group === 'custom') group = 'properties';
  const existing = record[group];
  const bag: Record<string, unknown> =
    typeof existing === 'object' && existing !== null && !Array.isArray(existing) ? { ...existing } : {};
  bag[field.slice(dot + 1)] = value;
  record[group] = bag;
}

/** Fields whose empty cell means "not given" rather than "clear the value". */
const KEEP_WHEN_EMPTY = new Set([
  'bool',
  'list',
  'json',
  'lifecycle',
  'consent',
  'anyId',
  'anyAccountId',
  'anyParentId',
  'anyOwnerId',
]);

/**
 * Turn one CSV row into an input record for the kind (camelCase fields), coercing each cell by its
 * field's type. Empty cells clear nullable fields and leave the others alone. Returns the reasons
 * when cells cannot be read; the record is validated by the kind's schema afterwards.
 */
export function rowToRecord(
  kind: ImportKind,
  columns: readonly ColumnMapping[],
  cells: readonly string[],
): { ok: true; record: Record<string, unknown> } | { ok: false; reason: string } {
  if (cells.length > columns.length && cells.slice(columns.length).some((c) => c.trim() !== '')) {
    return {
      ok: false,
      reason: `the row has ${cells.length} cells but the header has ${columns.length} columns`,
    };
  }
  const record: Record<string, unknown> = {};
  const errors: string[] = [];
  let amountCurrency: string | undefined;
  for (const column of columns) {
    if (!column.field) continue;
    const raw = (cells[column.index] ?? '').trim();
    if (raw.includes('\uFFFD')) {
      errors.push(
        `${column.field}: the cell holds bytes that are not valid text in the file's encoding (save the file as UTF-8 or UTF-16)`,
      );
      continue;
    }
    if (raw === '') {
      const required = FIELD_TABLE[kind][column.field]?.required === true;
      if (required) setField(record, kind, column.field, '');
      else if (!KEEP_WHEN_EMPTY.has(column.type) && !column.field.includes('.'))
        setField(record, kind, column.field, null);
      continue;
    }
    const coerced = coerceCell(column.field, column.type, raw);
    if (coerced.ok) {
      setField(record, kind, coerced.field, coerced.value);
      amountCurrency ??= coerced.currency;
    } else errors.push(coerced.error);
  }
  if (amountCurrency && (record.currency === undefined || record.currency === null) && kind !== 'activities')
    record.currency = amountCurrency;
  if (errors.length > 0) return { ok: false, reason: errors.join('; ') };
  return { ok: true, record };
}
