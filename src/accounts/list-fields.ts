/**
 * The vocabulary of the list endpoints (accounts, contacts, opportunities): which API fields can be
 * filtered and sorted, the column behind each, and its type. Each resource exports one map
 * (`ACCOUNT_LIST_FIELDS`, `CONTACT_LIST_FIELDS`, `OPPORTUNITY_LIST_FIELDS`); another module extends
 * a resource's list by adding an entry to its map (e.g. a fit score column) before the app is built.
 */
export type ListFieldType =
  | 'text'
  | 'number'
  | 'integer'
  | 'boolean'
  | 'uuid'
  | 'date'
  | 'timestamp'
  | 'textArray';

export interface ListField {
  /** Column of the resource's table (trusted identifier, never user input). */
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
}

/** Field name (camelCase, as in the API) → how to filter and sort on it. */
export type ListFieldMap = Record<string, ListField>;

/** The SQL type a parameter compared with a field of this type is cast to. */
export function sqlTypeOf(field: ListField): string {
  switch (field.type) {
    case 'text':
    case 'textArray':
      return 'text';
    case 'number':
      return 'numeric';
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
