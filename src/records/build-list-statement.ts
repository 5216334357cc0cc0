import { type RawBuilder, type SqlBool, sql } from 'kysely';
import { fieldExpression } from './list-condition.ts';
import { type ListJoin, sortColumnOf, sqlTypeOf } from './list-fields.ts';
import type { ListCondition, ListQuery } from './parse-list-query.ts';

export type ListTable = 'accounts' | 'contacts' | 'opportunities';

/** A row of a list page plus its sort value as PostgreSQL text (for the next cursor). */
export type WithCursorValue<T> = T & { _cursor_value: string | null };

/** One part of a page in sort order: the SQL that fetches up to `fetch` of its rows. */
export type ListBranch<T> = (fetch: number) => RawBuilder<WithCursorValue<T>>;

/** The record's own row is aliased `r`; the joined row of a sort on a joined field `j`. */
const RECORD = 'r';
const JOINED = 'j';

const sameJoin = (a: ListJoin | undefined, b: ListJoin | undefined) =>
  a !== undefined && b !== undefined && a.table === b.table && a.key === b.key;

/**
 * A condition as SQL over `r` (and `j` when the statement joins the sort's table): fields of another
 * joined table become EXISTS over their row, or NOT EXISTS of a non-matching row when records
 * without a row match (their value is null).
 */
function conditionSql(c: ListCondition, workspaceId: string, joined?: ListJoin): RawBuilder<SqlBool> {
  if (!c.join) return c.sql(RECORD, workspaceId);
  if (sameJoin(c.join, joined)) return c.sql(JOINED, workspaceId);
  const row = sql.table(`${c.join.table}`);
  const key = sql.ref(`x.${c.join.key}`);
  const test = c.sql('x', workspaceId);
  return c.matchesMissing
    ? sql<SqlBool>`NOT EXISTS (SELECT 1 FROM ${row} x WHERE x.workspace_id = ${workspaceId}
        AND ${key} = r.id AND NOT coalesce(${test}, false))`
    : sql<SqlBool>`EXISTS (SELECT 1 FROM ${row} x WHERE x.workspace_id = ${workspaceId}
        AND ${key} = r.id AND ${test})`;
}

const and = (conditions: RawBuilder<SqlBool>[]) =>
  sql.join(
    conditions.map((c) => sql` AND ${c}`),
    sql``,
  );

/**
 * The SQL of one list page as branches run in order until the page (limit + 1 rows, to know whether
 * there is a next page) is full, keyset-paginated on (sort value, id) with nulls last in both
 * directions. The shapes follow the indexes:
 * - a column of the record: a page that starts among non-null values is a row comparison
 *   `(col, id) > (v, id)` (an index range); when the column is nullable the null tail in id order is a
 *   second branch, run only when the values run out. Both read the one ascending (workspace_id, col,
 *   id) index, backwards for a descending sort;
 * - a column of a joined table (`field.join`): first the rows that have a value, walking the joined
 *   table's (workspace_id, col, key) index and joining records by primary key; then, only when those
 *   run out, the records without a value in id order: those without a row (left out when a filter on
 *   the same table needs one) merged with those whose value is null (the index's null range).
 */
export function buildListStatement<T>(
  table: ListTable,
  workspaceId: string,
  query: ListQuery,
): ListBranch<T>[] {
  const { sort, cursor, where } = query;
  const field = sortColumnOf(sort.field);
  const dir = sql.raw(sort.desc ? 'DESC' : 'ASC');
  const cmp = sql.raw(sort.desc ? '<' : '>');
  const records = sql.table(table);
  const value = cursor?.value == null ? null : sql`cast(${cursor.value} as ${sql.raw(sqlTypeOf(field))})`;
  const join = field.join;
  if (join) {
    const expr = fieldExpression(field, JOINED);
    const key = sql.ref(`${JOINED}.${join.key}`);
    const head: ListBranch<T> = (fetch) => {
      const conditions = [
        sql<SqlBool>`${expr} IS NOT NULL`,
        ...where.map((c) => conditionSql(c, workspaceId, join)),
      ];
      if (value) conditions.push(sql<SqlBool>`(${expr}, ${key}) ${cmp} (${value}, ${cursor?.id}::uuid)`);
      return sql`SELECT r.*, (${expr})::text AS _cursor_value
        FROM ${sql.table(join.table)} j JOIN ${records} r ON r.workspace_id = j.workspace_id AND r.id = ${key}
        WHERE j.workspace_id = ${workspaceId} AND r.workspace_id = ${workspaceId}${and(conditions)}
        ORDER BY ${expr} ${dir}, ${key} ${dir} LIMIT ${fetch}`;
    };
    // The null tail in id order: records without a row (impossible when a filter needs one) merged
    // with rows whose value is null (a range of the same index).
    const onSortTable = where.filter((c) => sameJoin(c.join, join));
    const others = where.filter((c) => !sameJoin(c.join, join)).map((c) => conditionSql(c, workspaceId));
    const afterId = (id: RawBuilder<unknown>) =>
      cursor && cursor.value === null ? [sql<SqlBool>`${id} ${cmp} ${cursor.id}::uuid`] : [];
    const withoutRow = onSortTable.every((c) => c.matchesMissing)
      ? (fetch: number) => sql`(SELECT r.*, NULL::text AS _cursor_value FROM ${records} r
          WHERE r.workspace_id = ${workspaceId}${and([
            sql<SqlBool>`NOT EXISTS (SELECT 1 FROM ${sql.table(join.table)} j
              WHERE j.workspace_id = ${workspaceId} AND ${key} = r.id)`,
            ...others,
            ...afterId(sql`r.id`),
          ])}
          ORDER BY r.id ${dir} LIMIT ${fetch})`
      : null;
    const nullValue = (fetch: number) => sql`(SELECT r.*, NULL::text AS _cursor_value
        FROM ${sql.table(join.table)} j JOIN ${records} r ON r.workspace_id = j.workspace_id AND r.id = ${key}
        WHERE j.workspace_id = ${workspaceId} AND r.workspace_id = ${workspaceId}${and([
          sql<SqlBool>`${expr} IS NULL`,
          ...onSortTable.map((c) => c.sql(JOINED, workspaceId)),
          ...others,
          ...afterId(key),
        ])}
        ORDER BY ${key} ${dir} LIMIT ${fetch})`;
    const tail: ListBranch<T> = (fetch) =>
      withoutRow
        ? sql`SELECT * FROM (${withoutRow(fetch)} UNION ALL ${nullValue(fetch)}) tail
            ORDER BY id ${dir} LIMIT ${fetch}`
        : sql`${nullValue(fetch)}`;
    return cursor && cursor.value === null ? [tail] : [head, tail];
  }

  const expr = fieldExpression(field, RECORD);
  const column = sql.ref(`${RECORD}.${field.column}`);
  const conditions = where.map((c) => conditionSql(c, workspaceId));
  const select = (extra: RawBuilder<SqlBool>[]) =>
    sql`SELECT r.*, (${expr})::text AS _cursor_value FROM ${records} r
        WHERE r.workspace_id = ${workspaceId}${and([...conditions, ...extra])}`;
  const after = value ? [sql<SqlBool>`(${expr}, r.id) ${cmp} (${value}, ${cursor?.id}::uuid)`] : [];
  const nullTail = sql<SqlBool>`${column} IS NULL`;
  if (cursor && !value) {
    const afterId = sql<SqlBool>`r.id ${cmp} ${cursor.id}::uuid`;
    return [(fetch) => sql`${select([nullTail, afterId])} ORDER BY ${expr} ${dir}, id ${dir} LIMIT ${fetch}`];
  }
  if (!field.nullable) {
    return [(fetch) => sql`${select(after)} ORDER BY ${expr} ${dir}, id ${dir} LIMIT ${fetch}`];
  }
  // A nullable column: its values, then (only when they run out) the null tail in id order. Each
  // branch is ordered the way the one ascending (workspace_id, col, id) index reads in this direction
  // (a descending sort reads it backwards, nulls first, which the IS NOT NULL / IS NULL conditions
  // make the same as nulls last), so no descending index is needed.
  const values = cursor ? after : [sql<SqlBool>`${column} IS NOT NULL`];
  return [
    (fetch) => sql`${select(values)} ORDER BY ${expr} ${dir}, id ${dir} LIMIT ${fetch}`,
    (fetch) => sql`${select([nullTail])} ORDER BY ${expr} ${dir}, id ${dir} LIMIT ${fetch}`,
  ];
}
