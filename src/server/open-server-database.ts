import { type Database, openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock.ts';
import { type EmbeddedSocketServer, serveEmbeddedSocket, socketDirFor } from './embedded-socket.ts';

export interface ServerDatabaseOptions {
  /** A PostgreSQL server (`DATABASE_URL`); when set, `dataDir` is not used. */
  url?: string | undefined;
  /** The embedded data directory. */
  dataDir: string;
  /** What holds the directory, shown to other processes that find it in use (e.g. "serve"). */
  command: string;
  /** Run once the directory is held and before the database opens in it (e.g. to prepare a new demo dir). */
  prepare?: () => void;
}

/** The database a server process owns, with what it takes to share it. */
export interface ServerDatabase {
  readonly database: Database;
  /** The PostgreSQL server's URL, when that is the database (the inbound worker thread connects to it too). */
  readonly url: string | undefined;
  /** Embedded: the socket directory other openabm processes reach the database through. */
  readonly socketDir: string | null;
  /** Stop sharing, close the database and give the data directory up. */
  close(): Promise<void>;
}

/**
 * Open the database a server owns, migrated. On a PostgreSQL server that is just a pool. An embedded
 * data directory is opened by one process only: this takes its lock (throwing DataDirBusyError with
 * the holder's pid when another process has it), opens PGlite, and serves it on a Unix socket so
 * that `openabm` commands run meanwhile (apikey, user, import, ingest drain, …) work on the same
 * database through this process instead of opening the directory a second time.
 */
export async function openServerDatabase(options: ServerDatabaseOptions): Promise<ServerDatabase> {
  if (options.url) {
    options.prepare?.();
    const database = await openDatabase({ url: options.url });
    try {
      await migrateToLatest(database.db);
    } catch (error) {
      await database.close();
      throw error;
    }
    return { database, url: options.url, socketDir: null, close: () => database.close() };
  }

  const lock: DataDirLock = acquireDataDirLock(options.dataDir, options.command);
  let database: Database | null = null;
  let socket: EmbeddedSocketServer | null = null;
  const close = async () => {
    try {
      await socket?.stop();
      await database?.close();
    } finally {
      lock.release();
    }
  };
  try {
    options.prepare?.();
    database = await openDatabase({ dataDir: options.dataDir });
    await migrateToLatest(database.db);
    const { embedded, session } = database;
    if (!embedded || !session) throw new Error('the embedded database did not open in this process');
    socket = await serveEmbeddedSocket(embedded, session, socketDirFor(options.dataDir));
    lock.publishSocket(socket.socketDir);
    return { database, url: undefined, socketDir: socket.socketDir, close };
  } catch (error) {
    await close();
    throw error;
  }
}
