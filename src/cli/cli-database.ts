import { sql } from 'kysely';
import { type Database, openDatabase, resolveDataDir } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { acquireDataDirLock, DataDirBusyError, type DataDirLock } from '../server/data-dir-lock.ts';
import { defaultWorkspace, type Workspace } from '../workspaces/create-workspace.ts';

export interface DataOptions {
  data?: string;
  workspace?: string;
}

/** How long a command waits for a data directory held by a process that does not serve it (yet). */
const BUSY_WAIT_MS = 15_000;

/**
 * The database the CLI works on, migrated: DATABASE_URL when set, else the embedded data dir. An
 * embedded directory is opened by one process at a time: when a server (`serve`, `demo`) owns it, the
 * command works through that server's socket, so the server sees its writes at once and nothing is
 * lost; when another command holds it, this one waits for it (up to 15 s); otherwise it refuses,
 * naming the process (DataDirBusyError).
 */
export async function openCliDatabase(options: DataOptions): Promise<Database> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const database = await openDatabase({ url });
    await migrated(database);
    return database;
  }
  const dir = resolveDataDir(options.data);
  const deadline = Date.now() + BUSY_WAIT_MS;
  for (;;) {
    let lock: DataDirLock;
    try {
      lock = acquireDataDirLock(dir, commandName());
    } catch (error) {
      if (!(error instanceof DataDirBusyError)) throw error;
      if (error.holder.socket) return throughServer(error);
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
      continue;
    }
    try {
      const database = await openDatabase({ dataDir: dir });
      await migrated(database);
      return {
        ...database,
        async close() {
          try {
            await database.close();
          } finally {
            lock.release();
          }
        },
      };
    } catch (error) {
      lock.release();
      throw error;
    }
  }
}

/** Reach the embedded database through the server that owns it (which has migrated it). */
async function throughServer(busy: DataDirBusyError): Promise<Database> {
  const { holder, dir } = busy;
  const database = await openDatabase({ embeddedSocket: holder.socket ?? undefined });
  try {
    await sql`SELECT 1`.execute(database.db);
    return database;
  } catch (error) {
    await database.close().catch(() => {});
    const why = error instanceof Error ? error.message : String(error);
    throw new Error(
      `${dir} is served by openabm process ${holder.pid} (${holder.command}), but its socket in ${holder.socket} ` +
        `does not answer (${why}); stop that process (kill ${holder.pid}) and run the command again`,
    );
  }
}

async function migrated(database: Database): Promise<void> {
  try {
    await migrateToLatest(database.db);
  } catch (error) {
    await database.close();
    throw error;
  }
}

/** The command line as other processes see it in the lock ("apikey create"). */
function commandName(): string {
  const words = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  return words.slice(0, 2).join(' ') || 'openabm';
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
