import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { buildListStatement, type ListTable, type WithCursorValue } from './build-list-statement.ts';
import { encodeCursor } from './list-cursor.ts';
import type { ListQuery } from './parse-list-query.ts';

export interface ListPage<T> {
  rows: T[];
  nextCursor: string | null;
}

/**
 * Run a parsed list query over one table of the workspace: one page of rows and the opaque cursor of
 * the next page (null on the last page). See buildListStatement for the query shapes.
 *
 * @example
 * const page = await runListQuery<Account>(db, 'accounts', workspaceId, parseListQuery(query, options));
 */
export async function runListQuery<T extends { id: string }>(
  db: Kysely<DB>,
  table: ListTable,
  workspaceId: string,
  query: ListQuery,
): Promise<ListPage<T>> {
  const fetch = query.limit + 1;
  const rows: WithCursorValue<T>[] = [];
  for (const branch of buildListStatement<T>(table, workspaceId, query)) {
    rows.push(...(await branch(fetch - rows.length).execute(db)).rows);
    if (rows.length >= fetch) break;
  }
  const more = rows.length > query.limit;
  const pageRows = more ? rows.slice(0, query.limit) : rows;
  const last = pageRows[pageRows.length - 1];
  const nextCursor =
    more && last ? encodeCursor({ sort: query.sort.key, value: last._cursor_value, id: last.id }) : null;
  return { rows: pageRows, nextCursor };
}
