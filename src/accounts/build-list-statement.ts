import { type RawBuilder, type SqlBool, sql } from 'kysely';
import { sqlTypeOf } from './list-fields.ts';
import { fieldExpression, type ListQuery } from './parse-list-query.ts';

export type ListTable = 'accounts' | 'contacts' | 'opportunities';

/** A row of a list page plus its sort value as PostgreSQL text (for the next cursor). */
export type WithCursorValue<T> = T & { _cursor_value: string | null };

/**
 * The SQL of one list page (limit + 1 rows, to know whether there is a next page), keyset-paginated on
 * (sort value, id) with nulls last in both directions. The shapes follow the (workspace_id, column, id)
 * indexes: a page that starts among non-null values is a row comparison `(col, id) > (v, id)` (an index
 * range); when the column is nullable the null tail is a second indexed branch merged by a Merge Append.
 */
export function buildListStatement<T>(
  table: ListTable,
  workspaceId: string,
  query: ListQuery,
): RawBuilder<WithCursorValue<T>> {
  const { sort, cursor, limit, where } = query;
  const field = sort.field;
  const expr = fieldExpression(field);
  const column = sql.ref(field.column);
  const dir = sql.raw(sort.desc ? 'DESC' : 'ASC');
  const cmp = sql.raw(sort.desc ? '<' : '>');
  const nulls = sql.raw(field.nullable ? ' NULLS LAST' : '');
  const orderBy = sql`ORDER BY ${expr} ${dir}${nulls}, id ${dir}`;
  const fetch = limit + 1;
  const select = (conditions: RawBuilder<SqlBool>[]) =>
    sql`SELECT *, (${expr})::text AS _cursor_value FROM ${sql.table(table)}
        WHERE workspace_id = ${workspaceId}${sql.join(
          conditions.map((c) => sql` AND ${c}`),
          sql``,
        )}`;
  if (!cursor) return sql`${select(where)} ${orderBy} LIMIT ${fetch}`;
  if (cursor.value === null) {
    const after = sql<SqlBool>`${column} IS NULL AND id ${cmp} ${cursor.id}::uuid`;
    return sql`${select([...where, after])} ${orderBy} LIMIT ${fetch}`;
  }
  const value = sql`cast(${cursor.value} as ${sql.raw(sqlTypeOf(field))})`;
  const after = sql<SqlBool>`(${expr}, id) ${cmp} (${value}, ${cursor.id}::uuid)`;
  if (!field.nullable) return sql`${select([...where, after])} ${orderBy} LIMIT ${fetch}`;
  const tail = sql<SqlBool>`${column} IS NULL`;
  return sql`SELECT * FROM (
      (${select([...where, after])} ${orderBy} LIMIT ${fetch})
      UNION ALL
      (${select([...where, tail])} ${orderBy} LIMIT ${fetch})
    ) page ${orderBy} LIMIT ${fetch}`;
}
