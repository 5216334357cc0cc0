import type { PGlite } from '@electric-sql/pglite';
import type { PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';

/**
 * Presents one embedded PGlite instance as a node-postgres style pool for Kysely's PostgresDialect.
 *
 * PGlite is a single session, so "connections" are handed out one at a time: a client holds the
 * session from `connect()` until `release()`. That keeps transactions from different requests from
 * interleaving on the one backend, which is exactly what separate pooled connections give on a server.
 */
export class PGlitePool implements PostgresPool {
  readonly #pg: PGlite;
  #tail: Promise<void> = Promise.resolve();

  constructor(pg: PGlite) {
    this.#pg = pg;
  }

  async connect(): Promise<PostgresPoolClient> {
    return new PGliteClient(this.#pg, await this.acquire());
  }

  /**
   * Wait for the session and hold it until the returned function is called. Everything that uses
   * the one session takes turns here: this pool's clients and the clients of other processes that
   * reach the database through the server's socket (`src/server/embedded-socket.ts`), so nobody's
   * statements ever run inside someone else's transaction.
   */
  async acquire(): Promise<() => void> {
    let release!: () => void;
    const turn = new Promise<void>((resolve) => {
      release = resolve;
    });
    const previous = this.#tail;
    this.#tail = previous.then(() => turn);
    await previous;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      release();
    };
  }

  async end(): Promise<void> {
    await this.#tail;
  }
}

class PGliteClient implements PostgresPoolClient {
  readonly #pg: PGlite;
  readonly #release: () => void;
  #released = false;

  constructor(pg: PGlite, release: () => void) {
    this.#pg = pg;
    this.#release = release;
  }

  query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>>;
  query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
  query<R>(
    sqlOrCursor: string | PostgresCursor<R>,
    parameters?: ReadonlyArray<unknown>,
  ): Promise<PostgresQueryResult<R>> | PostgresCursor<R> {
    if (typeof sqlOrCursor !== 'string') {
      throw new Error('Streaming cursors are not supported on the embedded database');
    }
    return this.#run<R>(sqlOrCursor, parameters ?? []);
  }

  async #run<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>> {
    // Like node-postgres, a query without parameters goes over the simple protocol, which also
    // allows several statements in one string (migrations); the last statement's result is returned.
    if (parameters.length === 0) {
      const results = await this.#pg.exec(sql);
      const last = results[results.length - 1];
      const rows = (last?.rows ?? []) as R[];
      return { command: commandOf(sql), rowCount: last?.affectedRows ?? rows.length, rows };
    }
    const result = await this.#pg.query<R>(sql, [...parameters]);
    return {
      command: commandOf(sql),
      rowCount: result.affectedRows ?? result.rows.length,
      rows: result.rows,
    };
  }

  release(): void {
    if (this.#released) return;
    this.#released = true;
    this.#release();
  }
}

type Command = PostgresQueryResult<unknown>['command'];

function commandOf(sql: string): Command {
  const m = /^\s*(?:with\b[\s\S]*?\)\s*)?(insert|update|delete|merge|select)\b/i.exec(sql);
  const word = (m?.[1] ?? 'select').toUpperCase();
  switch (word) {
    case 'INSERT':
    case 'UPDATE':
    case 'DELETE':
    case 'MERGE':
      return word;
    default:
      return 'SELECT';
  }
}
