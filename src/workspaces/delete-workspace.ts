import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { type WorkspaceTable, workspaceTables } from './workspace-tables.ts';

export interface DeleteWorkspaceOptions {
  /** Called after each table with the rows it lost. */
  onProgress?: (table: string, rows: number) => void;
  /**
   * Whether deleting a referenced table (accounts, contacts, …) may skip its foreign-key triggers,
   * which would otherwise probe every referencing table once per deleted row and find nothing there
   * (the referencing tables are emptied first). Done with `session_replication_role = replica`, so
   * only when the database role may set it (a superuser, or `GRANT SET ON PARAMETER`); default true.
   */
  skipEmptyCascades?: boolean;
}

export interface DeletedTable {
  table: string;
  rows: number;
  milliseconds: number;
}

export interface DeletedWorkspace {
  workspaceId: string;
  slug: string;
  /** Rows deleted, all tables together. */
  rows: number;
  /** Tables that had rows, in the order they were emptied. */
  tables: DeletedTable[];
  milliseconds: number;
}

/** Tables whose rows let someone act on a workspace; emptied first, in one transaction. */
const ACCESS_TABLES = ['api_keys', 'sessions', 'workspace_members', 'write_keys', 'inbound_batches'] as const;

/**
 * Delete a workspace and every row it owns, table by table, children first (the order comes from the
 * catalog, see `workspaceTables`), each table with one set-based `DELETE … WHERE workspace_id = …`
 * in its own transaction, which locks only the rows it deletes, so other workspaces keep working
 * throughout. Cascading foreign keys find nothing left to cascade to, instead of deleting the
 * children of a million parents one parent at a time; where the role may, their per-row triggers
 * are not even fired (see `skipEmptyCascades`).
 *
 * First, in one transaction, the workspace loses its API keys, sessions, members, write keys and
 * queued events, so nothing acts on it while its rows go; last, the workspace row itself is deleted
 * together with anything written in the meantime. Interrupted, it can simply be run again. Returns
 * null when there is no such workspace.
 *
 * @example
 * const result = await deleteWorkspace(db, workspaceId);
 * console.log(`${result?.rows} rows in ${result?.milliseconds} ms`);
 */
export async function deleteWorkspace(
  db: Kysely<DB>,
  workspaceId: string,
  options: DeleteWorkspaceOptions = {},
): Promise<DeletedWorkspace | null> {
  const started = performance.now();
  const tables = await workspaceTables(db);
  const skipTriggers = (options.skipEmptyCascades ?? true) && (await maySkipTriggers(db));
  const tablesDone: DeletedTable[] = [];
  const record = (table: string, rows: number, since: number) => {
    if (rows > 0) tablesDone.push({ table, rows, milliseconds: Math.round(performance.now() - since) });
  };

  const workspace = await db.transaction().execute(async (trx) => {
    const found = await sql<{ slug: string }>`
      SELECT slug FROM workspaces WHERE id = ${workspaceId} FOR UPDATE`.execute(trx);
    const row = found.rows[0];
    if (!row) return null;
    await lockInbound(trx, workspaceId);
    for (const table of ACCESS_TABLES) {
      if (!tables.some((t) => t.name === table)) continue;
      const since = performance.now();
      record(table, await deleteAll(trx, table, workspaceId), since);
    }
    return row;
  });
  if (!workspace) return null;

  for (const table of tables) {
    const since = performance.now();
    const rows = await deleteTable(db, table, workspaceId, skipTriggers && table.referencedBy.length > 0);
    options.onProgress?.(table.name, rows);
    // Embedded PGlite runs each statement on this thread: let requests and timers in between tables.
    await new Promise((resolve) => setImmediate(resolve));
    record(table.name, rows, since);
  }

  // Rows written while the tables were emptied (a request already past authentication) go with the
  // workspace row, whose cascades then find nothing.
  await db.transaction().execute(async (trx) => {
    await lockInbound(trx, workspaceId);
    for (const table of tables) {
      const since = performance.now();
      record(table.name, await deleteAll(trx, table.name, workspaceId), since);
    }
    await sql`DELETE FROM workspaces WHERE id = ${workspaceId}`.execute(trx);
  });

  return {
    workspaceId,
    slug: workspace.slug,
    rows: tablesDone.reduce((n, t) => n + t.rows, 0),
    tables: mergeTables(tablesDone),
    milliseconds: Math.round(performance.now() - started),
  };
}

/** Whether this database role may set `session_replication_role` (PostgreSQL: insufficient_privilege). */
async function maySkipTriggers(db: Kysely<DB>): Promise<boolean> {
  try {
    await db.transaction().execute(async (trx) => {
      await sql`SET LOCAL session_replication_role = replica`.execute(trx);
    });
    return true;
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === '42501') return false;
    throw error;
  }
}

/** The inbound processor's lock on the workspace, so no batch of its events is being processed. */
async function lockInbound(db: Kysely<DB>, workspaceId: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`openabm.inbound:${workspaceId}`}, 0))`.execute(
    db,
  );
}

async function deleteAll(db: Kysely<DB>, table: string, workspaceId: string): Promise<number> {
  const result = await sql`DELETE FROM ${sql.table(table)} WHERE workspace_id = ${workspaceId}`.execute(db);
  return Number(result.numAffectedRows ?? 0n);
}

/**
 * Empty one table of the workspace's rows with one statement. PostgreSQL plans it as a sequential or
 * bitmap scan, reading each heap page once; the statement locks only the rows it deletes.
 */
async function deleteTable(
  db: Kysely<DB>,
  table: WorkspaceTable,
  workspaceId: string,
  skipTriggers: boolean,
): Promise<number> {
  if (!skipTriggers) return deleteAll(db, table.name, workspaceId);
  return db.transaction().execute(async (trx) => {
    await sql`SET LOCAL session_replication_role = replica`.execute(trx);
    return deleteAll(trx, table.name, workspaceId);
  });
}

function mergeTables(tables: DeletedTable[]): DeletedTable[] {
  const merged = new Map<string, DeletedTable>();
  for (const t of tables) {
    const seen = merged.get(t.table);
    if (seen) {
      seen.rows += t.rows;
      seen.milliseconds += t.milliseconds;
    } else merged.set(t.table, { ...t });
  }
  return [...merged.values()];
}
