import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { PGlitePool } from './pglite-pool.ts';
import type { DB } from './schema.ts';
import { OID, parseDate, parseNumber } from './type-parsers.ts';

export type DatabaseKind = 'embedded' | 'postgres';

/** An open database: the Kysely handle plus what kind of storage is behind it. */
export interface Database {
  readonly db: Kysely<DB>;
  readonly kind: DatabaseKind;
  /**
   * The raw embedded instance (only for `kind === 'embedded'` opened in this process), e.g. for COPY
   * in benchmarks.
   */
  readonly embedded?: PGlite;
  /** The turns on the embedded instance's one session (with `embedded`). */
  readonly session?: PGlitePool;
  /**
   * The raw connection pool: a PostgreSQL server's, or (with `kind === 'embedded'`) one connection
   * to an embedded database served by another openabm process (`embeddedSocket`).
   */
  readonly pool?: pg.Pool;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** `postgres://…` connection string; when set the server is used instead of the embedded database. */
  url?: string | undefined;
  /** Data directory for the embedded database; `memory://` (or undefined with `memory: true`) for in-memory. */
  dataDir?: string | undefined;
  /** Pool size for a PostgreSQL server. */
  poolSize?: number;
  /** Embedded only: start from this data-directory dump (from `dumpDataDir`), e.g. an already migrated template. */
  template?: Blob | undefined;
  /**
   * The socket directory of an openabm server that owns an embedded data directory: the database is
   * then reached through that server (one connection), never opened a second time.
   */
  embeddedSocket?: string | undefined;
}

/** Resolve the data directory the way the CLI does: flag, then OPENABM_DATA, then ./.openabm. */
export function resolveDataDir(flag?: string): string {
  return path.resolve(flag ?? process.env.OPENABM_DATA ?? '.openabm');
}

/**
 * Open the database: a PostgreSQL server when a URL is given, otherwise embedded PGlite persisted
 * in `dataDir` (or in memory for `memory://`). Both speak the same SQL and run the same migrations.
 *
 * @example
 * const database = await openDatabase({ url: process.env.DATABASE_URL, dataDir: resolveDataDir() });
 * const rows = await database.db.selectFrom('accounts').selectAll().limit(10).execute();
 */
export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.url)
    return openServer({ connectionString: options.url, max: options.poolSize ?? 10 }, 'postgres');
  if (options.embeddedSocket) {
    // PGlite names its server socket like PostgreSQL: <dir>/.s.PGSQL.5432. One connection, like the
    // one session it shares with the server that owns it.
    const config = {
      host: options.embeddedSocket,
      port: 5432,
      user: 'postgres',
      database: 'postgres',
      max: 1,
    };
    return openServer(config, 'embedded');
  }
  return openEmbedded(options.dataDir ?? 'memory://', options.template);
}

function openServer(config: pg.PoolConfig, kind: DatabaseKind): Database {
  const types = {
    getTypeParser(oid: number, format?: 'text' | 'binary') {
      if (oid === OID.int8 || oid === OID.numeric) return parseNumber;
      if (oid === OID.date) return parseDate;
      return pg.types.getTypeParser(oid, format ?? 'text');
    },
  };
  const pool = new pg.Pool({ ...config, types });
  pool.on('error', () => {
    // An idle client lost its connection; the pool replaces it on next use.
  });
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    kind,
    pool,
    async close() {
      await db.destroy();
    },
  };
}

async function openEmbedded(dataDir: string, template: Blob | undefined): Promise<Database> {
  const inMemory = dataDir.startsWith('memory://');
  if (!inMemory) mkdirSync(dataDir, { recursive: true });
  const embedded = await PGlite.create({
    ...(inMemory ? {} : { dataDir: path.join(dataDir, 'pgdata') }),
    ...(template ? { loadDataDir: template } : {}),
    extensions: { pg_trgm },
    parsers: {
      [OID.int8]: parseNumber,
      [OID.numeric]: parseNumber,
      [OID.date]: parseDate,
    },
  });
  const session = new PGlitePool(embedded);
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: session }) });
  return {
    db,
    kind: 'embedded',
    embedded,
    session,
    async close() {
      await db.destroy();
      await embedded.close();
    },
  };
}
