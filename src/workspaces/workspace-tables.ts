import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';

/** A table that holds a workspace's rows (it has a `workspace_id` column). */
export interface WorkspaceTable {
  name: string;
  /** Tables whose foreign keys reference this one (other than itself). */
  referencedBy: string[];
}

interface EdgeRow {
  child: string;
  parent: string;
}

/**
 * Every table of the current schema with a `workspace_id` column, read from the catalog, ordered
 * children first: a table comes after every table whose foreign keys reference it (self-references
 * aside). Deleting a workspace's rows in this order leaves each cascading foreign key nothing to
 * find, and a table added by a later migration is never forgotten. Throws on a cycle of foreign keys
 * between different tables, which no order could satisfy.
 */
export async function workspaceTables(db: Kysely<DB>): Promise<WorkspaceTable[]> {
  const tables = await sql<{ name: string }>`
    SELECT c.relname AS name
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
    JOIN pg_attribute w ON w.attrelid = c.oid AND w.attname = 'workspace_id' AND NOT w.attisdropped
    WHERE c.relkind IN ('r', 'p')
    ORDER BY c.relname`.execute(db);
  const edges = await sql<EdgeRow>`
    SELECT DISTINCT child.relname AS child, parent.relname AS parent
    FROM pg_constraint f
    JOIN pg_class child ON child.oid = f.conrelid
    JOIN pg_class parent ON parent.oid = f.confrelid
    JOIN pg_namespace n ON n.oid = child.relnamespace AND n.nspname = current_schema()
    WHERE f.contype = 'f' AND f.conrelid <> f.confrelid`.execute(db);

  const names = new Set(tables.rows.map((t) => t.name));
  const referencedBy = new Map<string, string[]>();
  for (const e of edges.rows) {
    if (!names.has(e.child) || !names.has(e.parent)) continue;
    const list = referencedBy.get(e.parent) ?? [];
    list.push(e.child);
    referencedBy.set(e.parent, list);
  }
  const byName = new Map(
    tables.rows.map((t): [string, WorkspaceTable] => [
      t.name,
      { name: t.name, referencedBy: (referencedBy.get(t.name) ?? []).sort() },
    ]),
  );

  // Kahn's algorithm over "child before parent", alphabetical among the tables that are ready.
  const ordered: WorkspaceTable[] = [];
  const done = new Set<string>();
  while (ordered.length < byName.size) {
    const ready = [...byName.values()].find(
      (t) => !done.has(t.name) && t.referencedBy.every((child) => done.has(child)),
    );
    if (!ready) {
      const left = [...byName.keys()].filter((n) => !done.has(n));
      throw new Error(`Foreign keys form a cycle between ${left.join(', ')}`);
    }
    ordered.push(ready);
    done.add(ready.name);
  }
  return ordered;
}
