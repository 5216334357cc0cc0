import type { ProblemFieldError } from './problem.ts';

/** A database error as a client answer: status, title and the field it concerns; never the database text. */
export interface DatabaseProblem {
  status: number;
  title: string;
  detail: string;
  errors: ProblemFieldError[];
}

/**
 * The request field behind each unique index or constraint, for a 409 that names it. Constraints not
 * listed here are named by their key columns (`workspace_id` left out), in camelCase.
 */
const UNIQUE_FIELDS: Record<string, string> = {
  workspaces_slug_key: 'slug',
  users_email_key: 'email',
  accounts_salesforce_key: 'salesforceId',
  accounts_hubspot_key: 'hubspotId',
  contacts_email_key: 'email',
  contacts_salesforce_key: 'salesforceId',
  contacts_hubspot_key: 'hubspotId',
  opportunities_salesforce_key: 'salesforceId',
  opportunities_hubspot_key: 'hubspotId',
  activities_message_key: 'messageId',
  personas_name_key: 'name',
  intent_topics_name_key: 'name',
  journey_stages_workspace_id_position_key: 'position',
  journey_stages_pkey: 'key',
  saved_views_workspace_id_owner_page_name_key: 'name',
  fit_models_active_key: 'status',
  target_lists_active_key: 'status',
};

/** Data exceptions (class 22) and value checks: the input's value cannot be stored. */
const INVALID_VALUE_CODES = new Set([
  '23514',
  '23502',
  '22P02',
  '22003',
  '22001',
  '22021',
  '22P05',
  '22007',
  '22008',
]);

interface DatabaseErrorFields {
  code: string;
  constraint: string | undefined;
  column: string | undefined;
  table: string | undefined;
  detail: string | undefined;
}

/** The fields of a PostgreSQL error (node-postgres and PGlite both carry them), or null for other errors. */
function databaseErrorFields(error: unknown): DatabaseErrorFields | null {
  if (typeof error !== 'object' || error === null || !('code' in error)) return null;
  const code = error.code;
  if (typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code)) return null;
  const text = (key: string): string | undefined => {
    const value: unknown = Reflect.get(error, key);
    return typeof value === 'string' && value ? value : undefined;
  };
  return {
    code,
    constraint: text('constraint'),
    column: text('column'),
    table: text('table'),
    detail: text('detail'),
  };
}

/** True for an error raised by PostgreSQL (it carries a five-character SQLSTATE code). */
export function isDatabaseError(error: unknown): boolean {
  return databaseErrorFields(error) !== null;
}

/**
 * An error's message to store where a client can read it (an import's `error`): a database error's
 * own text names tables, constraints and values, so it is replaced by a generic sentence.
 */
export function clientSafeMessage(error: unknown): string {
  if (isDatabaseError(error)) return 'The database refused a write (the details are in the server log)';
  return error instanceof Error ? error.message : String(error);
}

function camelCase(column: string): string {
  return column.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/**
 * The key columns of a unique or foreign key violation, read from the error's `Key (a, lower(b))=`
 * prefix (column names only; the values after `=` are never read), without `workspace_id`.
 */
function keyColumns(detail: string | undefined): string[] {
  const match = detail ? /^Key \((.+?)\)=/.exec(detail) : null;
  if (!match?.[1]) return [];
  return match[1]
    .split(',')
    .map((part) => part.trim().replace(/^[a-z_]+\((.*)\)$/, '$1'))
    .filter((column) => /^[a-z_][a-z0-9_]*$/.test(column) && column !== 'workspace_id')
    .map(camelCase);
}

/** The field a check constraint guards: `accounts_employees_check` → `employees`. */
function checkedField(fields: DatabaseErrorFields): string | null {
  if (fields.column) return camelCase(fields.column);
  const name = fields.constraint;
  if (!name) return null;
  const bare = name.replace(/_check$/, '');
  const column =
    fields.table && bare.startsWith(`${fields.table}_`) ? bare.slice(fields.table.length + 1) : bare;
  return /^[a-z_][a-z0-9_]*$/.test(column) ? camelCase(column) : null;
}

function problem(status: number, title: string, path: string, message: string): DatabaseProblem {
  return { status, title, detail: `${path}: ${message}`, errors: [{ path, message }] };
}

/**
 * Maps a PostgreSQL constraint or data error to a client answer naming the field, or null for any
 * other error (which the caller answers as a 500 and logs). The database's own message and detail
 * never reach the answer.
 *
 * @example
 * databaseProblem(uniqueViolationOnIntentTopicName); // { status: 409, errors: [{ path: 'body.name', … }] }
 */
export function databaseProblem(error: unknown): DatabaseProblem | null {
  const fields = databaseErrorFields(error);
  if (!fields) return null;
  const { code } = fields;
  if (code === '23505') {
    const mapped = fields.constraint ? UNIQUE_FIELDS[fields.constraint] : undefined;
    const columns = mapped ? [mapped] : keyColumns(fields.detail);
    const path = columns.length > 0 ? columns.map((c) => `body.${c}`).join(',') : 'body';
    return problem(409, 'Conflict', path, 'already exists in this workspace');
  }
  if (code === '23503') {
    const column = keyColumns(fields.detail).at(-1) ?? 'id';
    if (fields.detail?.includes('is still referenced')) {
      return problem(
        409,
        'Conflict',
        column === 'id' ? 'params.id' : `body.${column}`,
        'is still referenced by other records',
      );
    }
    return problem(422, 'Unknown reference', `body.${column}`, 'refers to a record that does not exist');
  }
  if (INVALID_VALUE_CODES.has(code)) {
    const field = code === '23514' || code === '23502' ? checkedField(fields) : null;
    return problem(
      422,
      'Invalid value',
      field ? `body.${field}` : 'body',
      'is not a value that can be stored',
    );
  }
  if (code === '54000') return problem(422, 'Invalid value', 'body', 'a value is too long to be stored');
  return null;
}
