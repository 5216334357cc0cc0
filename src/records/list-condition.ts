import { type RawBuilder, type SqlBool, sql } from 'kysely';
import { z } from 'zod';
import {
  type ListField,
  type ListOperator,
  type ListValue,
  type RowCondition,
  sqlTypeOf,
} from './list-fields.ts';

export const MAX_VALUE_LENGTH = 500;
const MAX_IN_VALUES = 200;

/** `%text%` for LIKE, with the user's own wildcards escaped, lower-cased. */
export function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

const TimestampText =
  /^\d{4}-\d{2}-\d{2}([T ]([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,6})?)?(Z|[+-](0\d|1[0-4])(:?[0-5]\d)?)?)?$/;
export const UuidSchema = z.uuid();

/** A real day of the calendar (no 30 February), years 1-9999. */
function isCalendarDate(text: string): boolean {
  const [y, m, d] = text.split('-').map(Number);
  if (!y || !m || !d) return false;
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** One value of a field's type, as SQL text to cast, or an error message. */
export function parseValue(field: ListField, raw: string): { value: string | number | boolean } | string {
  if (raw.length > MAX_VALUE_LENGTH) return `is longer than ${MAX_VALUE_LENGTH} characters`;
  switch (field.type) {
    case 'text':
    case 'textArray':
      if (field.values && !field.values.includes(raw)) return `must be one of ${field.values.join(', ')}`;
      if (field.pattern && !field.pattern.regex.test(raw)) return field.pattern.message;
      return { value: raw };
    case 'number':
    case 'float':
    case 'integer': {
      const n = raw.trim() === '' ? Number.NaN : Number(raw);
      if (!Number.isFinite(n)) return `"${raw}" is not a number`;
      if (field.type === 'integer' && !Number.isInteger(n)) return `"${raw}" is not an integer`;
      if (Math.abs(n) > (field.type === 'integer' ? 2_147_483_647 : 1e15)) return `"${raw}" is out of range`;
      return { value: n };
    }
    case 'boolean':
      if (raw !== 'true' && raw !== 'false') return 'must be true or false';
      return { value: raw === 'true' };
    case 'uuid':
      return UuidSchema.safeParse(raw).success ? { value: raw } : `"${raw}" is not a uuid`;
    case 'date':
      if (!/^\d{4}-\d{2}-\d{2}$/.test(raw) || !isCalendarDate(raw)) return 'must be a date YYYY-MM-DD';
      return { value: raw };
    case 'timestamp':
      if (!TimestampText.test(raw) || Number.isNaN(Date.parse(raw)) || !isCalendarDate(raw.slice(0, 10)))
        return 'must be a date YYYY-MM-DD or an ISO 8601 timestamp';
      return { value: raw };
  }
}

function typed(field: ListField, value: string | number | boolean): RawBuilder<unknown> {
  return sql`cast(${value} as ${sql.raw(sqlTypeOf(field))})`;
}

/** The field's SQL expression on the row aliased `row` (lower(column) for case-insensitive fields). */
export function fieldExpression(field: ListField, row: string): RawBuilder<unknown> {
  const column = sql.ref(`${row}.${field.column}`);
  return field.lowerCase ? sql`lower(${column})` : sql`${column}`;
}

const COMPARISONS = { gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;

/** A filter as a condition over the row holding the field, or the reason it is invalid. */
export function buildCondition(field: ListField, op: ListOperator, raw: string): RowCondition | string {
  if (field.operators && !field.operators.includes(op))
    return `${op} does not apply to this field; use ${field.operators.join(', ')}`;
  const column = (row: string) => sql.ref(`${row}.${field.column}`);
  const expr = (row: string) => fieldExpression(field, row);
  const lowerIfNeeded = (v: ListValue) => (field.lowerCase && typeof v === 'string' ? v.toLowerCase() : v);
  if (op === 'exists') {
    if (raw !== 'true' && raw !== 'false') return 'must be true or false';
    if (!field.nullable && !field.join && field.type !== 'textArray') return 'this field always has a value';
    if (field.type === 'textArray')
      return raw === 'true'
        ? (row) => sql<SqlBool>`cardinality(${column(row)}) > 0`
        : (row) => sql<SqlBool>`cardinality(${column(row)}) = 0`;
    return raw === 'true'
      ? (row) => sql<SqlBool>`${column(row)} IS NOT NULL`
      : (row) => sql<SqlBool>`${column(row)} IS NULL`;
  }
  if (op === 'contains') {
    if (field.type !== 'text') return 'contains works on text fields only';
    if (raw.length === 0) return 'must not be empty';
    if (raw.length > MAX_VALUE_LENGTH) return `is longer than ${MAX_VALUE_LENGTH} characters`;
    const pattern = likePattern(raw);
    return (row) => sql<SqlBool>`lower(${column(row)}) LIKE ${pattern}`;
  }
  if (op === 'in') {
    if (field.type === 'boolean') return 'use eq for true/false fields';
    const parts = raw.split(',').map((p) => p.trim());
    if (parts.length > MAX_IN_VALUES || parts.some((p) => p === ''))
      return `must be 1-${MAX_IN_VALUES} comma-separated values`;
    const values: ListValue[] = [];
    for (const part of parts) {
      const parsed = parseValue(field, part);
      if (typeof parsed === 'string') return parsed;
      values.push(lowerIfNeeded(parsed.value));
    }
    const rewritten = field.rewrite?.('in', values);
    if (rewritten) return rewritten;
    const list = sql.join(values.map((v) => typed(field, v)));
    if (field.type === 'textArray') return (row) => sql<SqlBool>`${column(row)} && ARRAY[${list}]::text[]`;
    return (row) => sql<SqlBool>`${expr(row)} IN (${list})`;
  }
  const parsed = parseValue(field, raw);
  if (typeof parsed === 'string') return parsed;
  const rewritten = field.rewrite?.(op, [parsed.value]);
  if (rewritten) return rewritten;
  const value = typed(field, lowerIfNeeded(parsed.value));
  if (field.type === 'textArray') {
    if (op === 'eq') return (row) => sql<SqlBool>`${column(row)} @> ARRAY[${value}]::text[]`;
    if (op === 'ne') return (row) => sql<SqlBool>`NOT (${column(row)} @> ARRAY[${value}]::text[])`;
    return 'use eq, ne, in or exists on list fields';
  }
  if (op === 'eq') return (row) => sql<SqlBool>`${expr(row)} = ${value}`;
  if (op === 'ne') return (row) => sql<SqlBool>`${expr(row)} IS DISTINCT FROM ${value}`;
  if (field.type === 'boolean' || field.type === 'uuid')
    return `${op} does not apply to ${field.type} fields`;
  const comparison = sql.raw(COMPARISONS[op]);
  return (row) => sql<SqlBool>`${expr(row)} ${comparison} ${value}`;
}
