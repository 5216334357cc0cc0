import { type RawBuilder, sql } from 'kysely';
import { RuleError } from './rule-error.ts';
import type { FieldOperator } from './segment-rule.ts';

/** How a field is stored: its SQL type decides which values and operators it takes. */
export type FieldType = 'text' | 'number' | 'integer' | 'boolean' | 'uuid' | 'timestamp' | 'textArray';

type Value = string | number | boolean | (string | number | boolean)[] | undefined;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}(:?\d{2})?)?)?$/;

/** Operators that hold for a missing value: `not` of their positive form. */
const NEGATED: Partial<Record<FieldOperator, FieldOperator>> = { ne: 'eq', notIn: 'in', notExists: 'exists' };

/** A field condition split into its positive form and whether the result is negated. */
export interface PositiveCondition {
  negated: boolean;
  /** The positive predicate over a column expression (null for a missing value: the caller coalesces). */
  test: (column: RawBuilder<unknown>) => RawBuilder<boolean>;
}

function one(type: FieldType, v: string | number | boolean, path: string): RawBuilder<unknown> {
  switch (type) {
    case 'text':
    case 'textArray':
      if (typeof v !== 'string') throw new RuleError(`${path}.value`, 'must be text');
      return sql`lower(${v})`;
    case 'number':
    case 'integer':
      if (typeof v !== 'number') throw new RuleError(`${path}.value`, 'must be a number');
      if (type === 'integer' && !Number.isInteger(v))
        throw new RuleError(`${path}.value`, 'must be an integer');
      return sql`${v}::numeric`;
    case 'boolean':
      if (typeof v !== 'boolean') throw new RuleError(`${path}.value`, 'must be true or false');
      return sql`${v}::boolean`;
    case 'uuid':
      if (typeof v !== 'string' || !UUID.test(v)) throw new RuleError(`${path}.value`, 'must be a uuid');
      return sql`${v}::uuid`;
    case 'timestamp':
      if (typeof v !== 'string' || !TIMESTAMP.test(v) || Number.isNaN(Date.parse(v)))
        throw new RuleError(`${path}.value`, 'must be a date YYYY-MM-DD or an ISO 8601 timestamp');
      return sql`${v}::timestamptz`;
  }
}

function list(type: FieldType, value: Value, path: string): RawBuilder<unknown>[] {
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
  if (values.length === 0) throw new RuleError(`${path}.value`, 'needs a value');
  return values.map((v) => one(type, v, path));
}

function single(type: FieldType, value: Value, path: string): RawBuilder<unknown> {
  if (value === undefined || Array.isArray(value)) throw new RuleError(`${path}.value`, 'needs one value');
  return one(type, value, path);
}

const escapeLike = (text: string) => text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * A field condition (operator and value of a field of `type`) as a positive predicate and a
 * negation flag, validating the value against the type (RuleError naming `path` otherwise). Text is
 * compared case-insensitively; text arrays (technologies) match when any element does.
 */
export function fieldCondition(
  type: FieldType,
  op: FieldOperator,
  value: Value,
  path: string,
): PositiveCondition {
  const positive = NEGATED[op] ?? op;
  const negated = positive !== op;
  const text = type === 'text';
  const array = type === 'textArray';
  const col = (c: RawBuilder<unknown>) => (text ? sql`lower(${c})` : c);
  const cmp = (o: string) => {
    if (text || array || type === 'boolean' || type === 'uuid')
      throw new RuleError(`${path}.op`, `${op} does not apply to this field`);
    const v = single(type, value, path);
    return (c: RawBuilder<unknown>) => sql<boolean>`${c} ${sql.raw(o)} ${v}`;
  };
  let test: (c: RawBuilder<unknown>) => RawBuilder<boolean>;
  switch (positive) {
    case 'eq':
    case 'in': {
      const values = positive === 'eq' ? [single(type, value, path)] : list(type, value, path);
      test = array
        ? (c) => sql<boolean>`EXISTS (SELECT 1 FROM unnest(${c}) e WHERE lower(e) IN (${sql.join(values)}))`
        : (c) => sql<boolean>`${col(c)} IN (${sql.join(values)})`;
      break;
    }
    case 'gt':
      test = cmp('>');
      break;
    case 'gte':
      test = cmp('>=');
      break;
    case 'lt':
      test = cmp('<');
      break;
    case 'lte':
      test = cmp('<=');
      break;
    case 'between': {
      if (!Array.isArray(value) || value.length !== 2)
        throw new RuleError(`${path}.value`, 'between takes [low, high]');
      const [low, high] = value.map((v) => one(type, v, path));
      if (text || array || type === 'boolean' || type === 'uuid')
        throw new RuleError(`${path}.op`, 'between does not apply to this field');
      test = (c) => sql<boolean>`${c} BETWEEN ${low} AND ${high}`;
      break;
    }
    case 'contains':
    case 'startsWith': {
      if (!text && !array) throw new RuleError(`${path}.op`, `${op} works on text fields only`);
      if (typeof value !== 'string' || value.length === 0)
        throw new RuleError(`${path}.value`, 'must be non-empty text');
      const pattern = positive === 'contains' ? `%${escapeLike(value)}%` : `${escapeLike(value)}%`;
      test = array
        ? (c) => sql<boolean>`EXISTS (SELECT 1 FROM unnest(${c}) e WHERE lower(e) LIKE ${pattern})`
        : (c) => sql<boolean>`lower(${c}) LIKE ${pattern}`;
      break;
    }
    case 'exists':
      if (value !== undefined) throw new RuleError(`${path}.value`, `${op} takes no value`);
      test = array ? (c) => sql<boolean>`cardinality(${c}) > 0` : (c) => sql<boolean>`${c} IS NOT NULL`;
      break;
    default:
      throw new RuleError(`${path}.op`, `unknown operator ${op}`);
  }
  return { negated, test };
}

/** `expr` for a present value, and false for a missing one (the two-valued logic of rules). */
export function holds(condition: PositiveCondition, column: RawBuilder<unknown>): RawBuilder<boolean> {
  const positive = sql<boolean>`coalesce(${condition.test(column)}, false)`;
  return condition.negated ? sql<boolean>`NOT ${positive}` : positive;
}
