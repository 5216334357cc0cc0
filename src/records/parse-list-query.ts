import { type SqlBool, sql } from 'kysely';
import { HttpProblem, type ProblemFieldError } from '../errors/problem.ts';
import { buildCondition, likePattern, MAX_VALUE_LENGTH, parseValue, UuidSchema } from './list-condition.ts';
import { decodeCursor, type ListCursor } from './list-cursor.ts';
import {
  LIST_OPERATORS,
  type ListField,
  type ListFieldMap,
  type ListJoin,
  type ListOperator,
  type RowCondition,
  sortColumnOf,
} from './list-fields.ts';

export { LIST_OPERATORS, type ListOperator };

export const MAX_LIST_LIMIT = 500;
export const DEFAULT_LIST_LIMIT = 50;

/** A parsed list request: the conditions, the sort, the page size and the cursor to continue from. */
export interface ListQuery {
  where: ListCondition[];
  sort: ListSort;
  limit: number;
  cursor: ListCursor | null;
}

/** One filter: a condition over the row holding its field (the record's own row, or its row in `join`). */
export interface ListCondition {
  join?: ListJoin;
  /** Whether records without a row in `join` match (their value is null: `ne`, `exists=false`). */
  matchesMissing: boolean;
  sql: RowCondition;
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
  const where: ListCondition[] = [];
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
    else
      where.push({
        join: field.join,
        matchesMissing: op === 'ne' || (op === 'exists' && raw === 'false'),
        sql: built,
      });
  }

  const sort = parseSort(query.sort, options, errors);
  const limit = parseLimit(query.limit, errors);
  const q = query.q;
  if (q !== undefined) {
    if (typeof q !== 'string' || q.trim().length === 0 || q.length > MAX_VALUE_LENGTH) {
      errors.push({ path: 'query.q', message: `must be 1-${MAX_VALUE_LENGTH} characters` });
    } else if (options.searchColumns.length > 0) {
      const pattern = likePattern(q.trim());
      const columns = options.searchColumns;
      where.push({
        matchesMissing: false,
        sql: (row) =>
          sql<SqlBool>`(${sql.join(
            columns.map((c) => sql`lower(${sql.ref(`${row}.${c}`)}) LIKE ${pattern}`),
            sql` OR `,
          )})`,
      });
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
  if (cursor.value === null) return field.nullable || field.join !== undefined;
  const { values: _allowed, pattern: _pattern, ...anyValue } = sortColumnOf(field);
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
