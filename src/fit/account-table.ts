import { type Kysely, sql } from 'kysely';
import type { JsonValue } from '../db/json.ts';
import type { DB } from '../db/schema.ts';
import type { Cell } from './cell-values.ts';
import type { ColumnTable } from './feature-spec.ts';

/** The account fields every fit model may use; custom fields are added as `custom.<key>`. */
export const BASE_MODEL_COLUMNS = [
  'industry',
  'employees',
  'revenue',
  'country',
  'region',
  'technologies',
] as const;

/** Account model columns for a set of custom field keys. */
export function modelColumns(customFields: readonly string[]): string[] {
  return [...BASE_MODEL_COLUMNS, ...customFields.map((k) => `custom.${k}`)];
}

/** A custom field's JSON value as a table cell (objects count as missing, arrays as lists). */
export function customCell(value: JsonValue | undefined): Cell {
  if (value === undefined || value === null) return null;
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
  if (typeof value === 'object') return null;
  return value;
}

interface AccountRow {
  id: string;
  industry: string | null;
  employee_count: number | null;
  annual_revenue: number | null;
  country: string | null;
  region: string | null;
  technologies: string[];
  custom: { [key: string]: JsonValue };
}

/** Turn account rows into the model's column table (column order = `columns`). */
export function accountsToTable(rows: readonly AccountRow[], columns: readonly string[]): ColumnTable {
  const cells = columns.map((name) =>
    rows.map((r): Cell => {
      switch (name) {
        case 'industry':
          return r.industry;
        case 'employees':
          return r.employee_count;
        case 'revenue':
          return r.annual_revenue;
        case 'country':
          return r.country;
        case 'region':
          return r.region;
        case 'technologies':
          return r.technologies;
        default:
          return name.startsWith('custom.') ? customCell(r.custom[name.slice(7)]) : null;
      }
    }),
  );
  return { names: [...columns], columns: cells, rowCount: rows.length };
}

/**
 * Load accounts of a workspace (all, or `ids`) as a model table, in primary-key order, fetched in
 * keyset batches so large workspaces stream instead of one huge result.
 */
export async function loadAccountTable(
  db: Kysely<DB>,
  workspaceId: string,
  columns: readonly string[],
  ids?: readonly string[],
): Promise<{ ids: string[]; table: ColumnTable }> {
  const rows: AccountRow[] = [];
  const batch = 20_000;
  let after: string | null = null;
  for (;;) {
    let query = db
      .selectFrom('accounts')
      .select([
        'id',
        'industry',
        'employee_count',
        'annual_revenue',
        'country',
        'region',
        'technologies',
        'custom',
      ])
      .where('workspace_id', '=', workspaceId)
      .orderBy('id')
      .limit(batch);
    if (ids) query = query.where('id', '=', sql<string>`ANY(${[...ids]}::uuid[])`);
    if (after) query = query.where('id', '>', after);
    const page = await query.execute();
    rows.push(...page);
    if (page.length < batch) break;
    after = page[page.length - 1]?.id ?? null;
  }
  return { ids: rows.map((r) => r.id), table: accountsToTable(rows, columns) };
}
