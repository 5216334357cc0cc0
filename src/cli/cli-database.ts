import { type Database, openDatabase, resolveDataDir } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { defaultWorkspace, type Workspace } from '../workspaces/create-workspace.ts';

export interface DataOptions {
  data?: string;
  workspace?: string;
}

/** The database the CLI works on: DATABASE_URL when set, else the embedded data dir. Migrated. */
export async function openCliDatabase(options: DataOptions): Promise<Database> {
  const database = await openDatabase({
    url: process.env.DATABASE_URL,
    dataDir: resolveDataDir(options.data),
  });
  await migrateToLatest(database.db);
  return database;
}

/** Open the database and resolve the workspace named by --workspace (or the default one). */
export async function openCliWorkspace(
  options: DataOptions,
): Promise<{ database: Database; workspace: Workspace }> {
  const database = await openCliDatabase(options);
  try {
    return { database, workspace: await defaultWorkspace(database.db, options.workspace) };
  } catch (error) {
    await database.close();
    throw error;
  }
}

/** Print an error for a CLI user and set a non-zero exit code. */
export function fail(message: string, code = 1): void {
  process.stderr.write(`openabm: ${message}\n`);
  process.exitCode = code;
}
