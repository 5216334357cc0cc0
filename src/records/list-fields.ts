import type { RawBuilder, SqlBool } from 'kysely';

/**
 * The vocabulary of the list endpoints (accounts, contacts, opportunities): which API fields can be
 * filtered and sorted, the column behind each, and its type. Each resource exports one map
 * (`ACCOUNT_LIST_FIELDS`, `CONTACT_LIST_FIELDS`, `OPPORTUNITY_LIST_FIELDS`); another module extends
 * a resource's list by adding an entry to its map before the app is built. A field may live in a
 * narrow per-record table (`join`), e.g. an account's fit score in account_fit.
 */
export type ListFieldType =
  | 'text'
  | 'number'
  | 'float'
  | 'integer'
  | 'boolean'
  | 'uuid'
  | 'date'
  | 'timestamp'
  | 'textArray';

export const LIST_OPERATORS = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'contains', 'exists'] as const;
export type ListOperator = (typeof LIST_OPERATORS)[number];
export type ComparisonOperator = 'gt' | 'gte' | 'lt' | 'lte';
export type RewritableOperator = 'eq' | 'ne' | 'in' | ComparisonOperator;
/** A parsed filter value. */
export type ListValue = string | number | boolean;

/**
 * A table with at most one row per record, keyed by (workspace_id, `key`) = (workspace_id, record id)
 * (e.g. account_fit keyed by account_id). Records without a row read as null. Sorting walks the
 * table's (workspace_id, column, key) index and joins the records by primary key.
 */
export interface ListJoin {
  table: string;
  /** The column holding the record id. */
  key: string;
}

/** A condition over a row: `row` is the SQL alias of the row holding the field's column. */
export type RowCondition = (row: string, workspaceId: string) => RawBuilder<SqlBool>;

export interface ListField {
  /** Column of the resource's table, or of `join.table` (trusted identifier, never user input). */
  column: string;
  type: ListFieldType;
  /** Whether `sort=field` / `sort=-field` is allowed (there should be an index for it). */
  sortable: boolean;
  /** Whether the column can be NULL (nulls always sort last, in both directions). */
  nullable: boolean;
  /** Compare, contain and sort on lower(column) (matches `lower(name)` indexes). */
  lowerCase?: boolean;
  /** Allowed values of an enumerated text field. */
  values?: readonly string[];
  /** Text values must match this pattern (e.g. stage keys). */
  pattern?: { regex: RegExp; message: string };
  /** The narrow table the column lives in (joined on workspace_id and the record id). */
  join?: ListJoin;
  /** Sort on another column of the same table (e.g. a stage sorts by its position in the journey). */
  sortBy?: { column: string; type: ListFieldType };
  /** The operators the field accepts (default: every operator that fits its type). */
  operators?: readonly ListOperator[];
  /**
   * Rewrites a filter into a condition over the stored columns when the API value is derived from
   * them (a decayed score through its indexable key, a grade as its score range). Gets the operator
   * and the parsed values (one, or the list of `in`); undefined keeps the default condition.
   */
  rewrite?: (op: RewritableOperator, values: readonly ListValue[]) => RowCondition | undefined;
}

/** Field name (camelCase, as in the API) → how to filter and sort on it. */
export type ListFieldMap = Record<string, ListField>;

/** The column and type a field sorts on (its own column unless `sortBy` names another). */
export function sortColumnOf(field: ListField): ListField {
  if (!field.sortBy) return field;
  const { column, type } = field.sortBy;
  return {
    ...field,
    column,
    type,
    lowerCase: false,
    values: undefined,
    pattern: undefined,
    sortBy: undefined,
  };
}

/** The SQL type a parameter compared with a field of this type is cast to. */
export function sqlTypeOf(field: ListField): string {
  switch (field.type) {
    case 'text':
    case 'textArray':
      return 'text';
    case 'number':
      return 'numeric';
    case 'float':
      return 'float8';
    case 'integer':
      return 'integer';
    case 'boolean':
      return 'boolean';
    case 'uuid':
      return 'uuid';
    case 'date':
      return 'date';
    case 'timestamp':
      return 'timestamptz';
  }
}
