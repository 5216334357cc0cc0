import { type RawBuilder, type SqlBool, sql } from 'kysely';
import { z } from 'zod';
import { HttpProblem, type ProblemFieldError } from '../http/problem.ts';
import { decodeCursor, type ListCursor } from './list-cursor.ts';
import { type ListField, type ListFieldMap, sqlTypeOf } from './list-fields.ts';

export const LIST_OPERATORS = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'contains', 'exists'] as const;
export type ListOperator = (typeof LIST_OPERATORS)[number];

export const MAX_LIST_LIMIT = 500;
export const DEFAULT_LIST_LIMIT = 50;
const MAX_IN_VALUES = 200;
const MAX_VALUE_LENGTH = 500;

/** A parsed list request: SQL conditions, the sort, the page size and the cursor to continue from. */
export interface ListQuery {
  where: RawBuilder<SqlBool>[];
  sort: ListSort;
  limit: number;
  cursor: ListCursor | null;
}

export interface ListSort {
  /** As written in the request, e.g. `-annualRevenue`. */
  key: string;
  field: ListField;
  desc: boolean;
}

export interface ListQueryOptions {
  fields: ListFieldMap;
  /** Sort when the request names none, e.g. `name` or `-updatedAt`. */
  defaultSort: string;
  /** Columns `q=` searches (case-insensitive substring). */
  searchColumns: readonly string[];
}

const RESERVED = new Set(['sort', 'limit', 'cursor', 'q']);

/**
 * Turn flat query parameters (`industry=Software&country.in=DK,IS&employeeCount.gte=100&sort=-annualRevenue`)
 * into SQL conditions over the resource's fields. Every problem is a 400 naming the parameter.
 */
export function parseListQuery(query: Record<string, unknown>, options: ListQueryOptions): ListQuery {
  const errors: ProblemFieldError[] = [];
  const where: RawBuilder<SqlBool>[] = [];
  for (const [param, raw] of Object.entries(query)) {
    if (RESERVED.has(param)) continue;
    const path = `query.${param}`;
    const dot = param.lastIndexOf('.');
    const name = dot >= 0 ? param.slice(0, dot) : param;
    const op = dot >= 0 ? param.slice(dot + 1) : 'eq';
    const field = Object.hasOwn(options.fields, name) ? options.fields[name] : undefined;
    if (!field) {
      errors.push({
        path,
        message: `unknown field "${name}"; filterable: ${Object.keys(options.fields).join(', ')}`,
      });
      continue;
    }
    if (!isOperator(op)) {
      errors.push({ path, message: `unknown operator "${op}"; use one of ${LIST_OPERATORS.join(', ')}` });
      continue;
    }
    if (typeof raw !== 'string') {
      errors.push({ path, message: 'give each filter once, as a single value' });
      continue;
    }
    const built = buildCondition(field, op, raw);
    if (typeof built === 'string') errors.push({ path, message: built });
    else where.push(built);
  }

  const sort = parseSort(query.sort, options, errors);
  const limit = parseLimit(query.limit, errors);
  const q = query.q;
  if (q !== undefined) {
    if (typeof q !== 'string' || q.trim().length === 0 || q.length > MAX_VALUE_LENGTH) {
      errors.push({ path: 'query.q', message: `must be 1-${MAX_VALUE_LENGTH} characters` });
    } else if (options.searchColumns.length > 0) {
      const pattern = likePattern(q.trim());
      where.push(
        sql<SqlBool>`(${sql.join(
          options.searchColumns.map((c) => sql`lower(${sql.ref(c)}) LIKE ${pattern}`),
          sql` OR `,
        )})`,
      );
    }
  }
  let cursor: ListCursor | null = null;
  if (query.cursor !== undefined && sort) {
    const decoded = typeof query.cursor === 'string' ? decodeCursor(query.cursor) : null;
    if (!decoded) errors.push({ path: 'query.cursor', message: 'is not a cursor this API returned' });
    else if (decoded.sort !== sort.key)
      errors.push({
        path: 'query.cursor',
        message: `was made for sort=${decoded.sort}, not sort=${sort.key}`,
      });
    else if (!validCursorValues(sort.field, decoded))
      errors.push({ path: 'query.cursor', message: 'is not a cursor this API returned' });
    else cursor = decoded;
  }
  if (errors.length > 0 || !sort) {
    throw new HttpProblem(400, 'Invalid list query', {
      detail: errors.map((e) => `${e.path}: ${e.message}`).join('; '),
      errors,
    });
  }
  return { where, sort, limit, cursor };
}

/** A cursor's id is a uuid and its value parses as the sort field's type (tampered cursors are 400s). */
function validCursorValues(field: ListField, cursor: ListCursor): boolean {
  if (!UuidSchema.safeParse(cursor.id).success) return false;
  if (cursor.value === null) return field.nullable;
  const { values: _allowed, ...anyValue } = field;
  return typeof parseValue(anyValue, cursor.value) !== 'string';
}

function isOperator(op: string): op is ListOperator {
  return (LIST_OPERATORS as readonly string[]).includes(op);
}

function parseSort(raw: unknown, options: ListQueryOptions, errors: ProblemFieldError[]): ListSort | null {
  const key = raw === undefined ? options.defaultSort : raw;
  if (typeof key !== 'string') {
    errors.push({ path: 'query.sort', message: 'give one sort field' });
    return null;
  }
  const desc = key.startsWith('-');
  const name = desc ? key.slice(1) : key;
  const field = Object.hasOwn(options.fields, name) ? options.fields[name] : undefined;
  if (!field?.sortable) {
    const sortable = Object.entries(options.fields)
      .filter(([, f]) => f.sortable)
      .map(([n]) => n);
    errors.push({
      path: 'query.sort',
      message: `cannot sort by "${name}"; sortable: ${sortable.join(', ')}`,
    });
    return null;
  }
  return { key, field, desc };
}

function parseLimit(raw: unknown, errors: ProblemFieldError[]): number {
  if (raw === undefined) return DEFAULT_LIST_LIMIT;
  const n = typeof raw === 'string' && /^\d{1,6}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(n) || n < 1 || n > MAX_LIST_LIMIT) {
    errors.push({ path: 'query.limit', message: `must be an integer from 1 to ${MAX_LIST_LIMIT}` });
    return DEFAULT_LIST_LIMIT;
  }
  return n;
}

/** `%text%` for LIKE, with the user's own wildcards escaped, lower-cased. */
export function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

const TimestampText =
  /^\d{4}-\d{2}-\d{2}([T ]([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,6})?)?(Z|[+-](0\d|1[0-4])(:?[0-5]\d)?)?)?$/;
const UuidSchema = z.uuid();

/** A real day of the calendar (no 30 February), years 1-9999. */
function isCalendarDate(text: string): boolean {
  const [y, m, d] = text.split('-').map(Number);
  if (!y || !m || !d) return false;
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** One value of a field's type, as SQL text to cast, or an error message. */
function parseValue(field: ListField, raw: string): { value: string | number | boolean } | string {
  if (raw.length > MAX_VALUE_LENGTH) return `is longer than ${MAX_VALUE_LENGTH} characters`;
  switch (field.type) {
    case 'text':
    case 'textArray':
      if (field.values && !field.values.includes(raw)) return `must be one of ${field.values.join(', ')}`;
      return { value: raw };
    case 'number':
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

/** The field's SQL expression (lower(column) for case-insensitive fields). */
export function fieldExpression(field: ListField): RawBuilder<unknown> {
  return field.lowerCase ? sql`lower(${sql.ref(field.column)})` : sql`${sql.ref(field.column)}`;
}

function buildCondition(field: ListField, op: ListOperator, raw: string): RawBuilder<SqlBool> | string {
  const column = sql.ref(field.column);
  const expr = fieldExpression(field);
  const lowerIfNeeded = (v: string | number | boolean) =>
    field.lowerCase && typeof v === 'string' ? v.toLowerCase() : v;
  if (op === 'exists') {
    if (raw !== 'true' && raw !== 'false') return 'must be true or false';
    if (!field.nullable && field.type !== 'textArray') return 'this field always has a value';
    if (field.type === 'textArray')
      return raw === 'true'
        ? sql<SqlBool>`cardinality(${column}) > 0`
        : sql<SqlBool>`cardinality(${column}) = 0`;
    return raw === 'true' ? sql<SqlBool>`${column} IS NOT NULL` : sql<SqlBool>`${column} IS NULL`;
  }
  if (op === 'contains') {
    if (field.type !== 'text') return 'contains works on text fields only';
    if (raw.length === 0) return 'must not be empty';
    if (raw.length > MAX_VALUE_LENGTH) return `is longer than ${MAX_VALUE_LENGTH} characters`;
    return sql<SqlBool>`lower(${column}) LIKE ${likePattern(raw)}`;
  }
  if (op === 'in') {
    if (field.type === 'boolean') return 'use eq for true/false fields';
    const parts = raw.split(',').map((p) => p.trim());
    if (parts.length > MAX_IN_VALUES || parts.some((p) => p === ''))
      return `must be 1-${MAX_IN_VALUES} comma-separated values`;
    const values: (string | number | boolean)[] = [];
    for (const part of parts) {
      const parsed = parseValue(field, part);
      if (typeof parsed === 'string') return parsed;
      values.push(lowerIfNeeded(parsed.value));
    }
    const list = sql.join(values.map((v) => typed(field, v)));
    if (field.type === 'textArray') return sql<SqlBool>`${column} && ARRAY[${list}]::text[]`;
    return sql<SqlBool>`${expr} IN (${list})`;
  }
  const parsed = parseValue(field, raw);
  if (typeof parsed === 'string') return parsed;
  const value = typed(field, lowerIfNeeded(parsed.value));
  if (field.type === 'textArray') {
    if (op === 'eq') return sql<SqlBool>`${column} @> ARRAY[${value}]::text[]`;
    if (op === 'ne') return sql<SqlBool>`NOT (${column} @> ARRAY[${value}]::text[])`;
    return 'use eq, ne, in or exists on list fields';
  }
  if (op === 'eq') return sql<SqlBool>`${expr} = ${value}`;
  if (op === 'ne') return sql<SqlBool>`${expr} IS DISTINCT FROM ${value}`;
  if (field.type === 'boolean' || field.type === 'uuid')
    return `${op} does not apply to ${field.type} fields`;
  const comparison = { gt: '>', gte: '>=', lt: '<', lte: '<=' }[op];
  return sql<SqlBool>`${expr} ${sql.raw(comparison)} ${value}`;
}
