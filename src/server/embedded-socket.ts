import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, rmSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import type { PGlitePool } from '../db/pglite-pool.ts';

/** PostgreSQL clients find a server's socket as `<dir>/.s.PGSQL.<port>`. */
const SOCKET_NAME = '.s.PGSQL.5432';
/** Longest Unix socket path that fits `sockaddr_un` on every platform we run on. */
const MAX_SOCKET_PATH = 100;

const SSL_REQUEST = 80877103;
const GSS_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
/** The Sync message: ends an extended-protocol sequence and any error state it left. */
const SYNC = new Uint8Array([0x53, 0, 0, 0, 4]);

export interface EmbeddedSocketServer {
  /** The socket's directory (the `host` a PostgreSQL client connects to). */
  readonly socketDir: string;
  /** Stop accepting connections, end the open ones (rolling back their transactions) and remove the socket. */
  stop(): Promise<void>;
}

/**
 * The directory for the socket of a data directory: the data directory itself, or (when that path is
 * too long for a Unix socket) a private directory under the system's temporary directory.
 */
export function socketDirFor(dataDir: string): string {
  if (path.join(dataDir, SOCKET_NAME).length <= MAX_SOCKET_PATH) return dataDir;
  const hash = createHash('sha256').update(dataDir).digest('hex').slice(0, 16);
  return path.join(tmpdir(), `openabm-${hash}`);
}

/**
 * Serve an embedded database to other openabm processes on this machine, as a PostgreSQL server
 * reached through a Unix socket (readable by this user only). PGlite is one session: a client takes
 * the session's turn (the same turns `PGlitePool` hands to this process's transactions) at its first
 * message and keeps it until a Sync or simple Query leaves the session outside a transaction. So no
 * client statement runs inside a transaction of this process, and nothing of this process runs
 * inside a client's transaction or between the messages of one of its extended-protocol queries.
 * A client that disconnects while holding the turn has its transaction rolled back.
 *
 * Session settings a client changes with a plain `SET` stay for the whole session (openabm's own
 * code only uses `SET LOCAL`).
 */
export async function serveEmbeddedSocket(
  pglite: PGlite,
  session: PGlitePool,
  socketDir: string,
): Promise<EmbeddedSocketServer> {
  mkdirSync(socketDir, { recursive: true, mode: 0o700 });
  const socketPath = path.join(socketDir, SOCKET_NAME);
  // The caller holds the data directory's lock: a socket file left here is from a process that died.
  rmSync(socketPath, { force: true });
  const connections = new Set<Connection>();
  const server = createServer((socket) => {
    const connection = new Connection(socket, pglite, session);
    connections.add(connection);
    void connection.closed.then(() => connections.delete(connection));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => {
      server.removeListener('error', reject);
      resolve();
    });
  });
  chmodSync(socketPath, 0o600);
  return {
    socketDir,
    async stop() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all([...connections].map((c) => c.end()));
      await closed;
      rmSync(socketPath, { force: true });
    },
  };
}

type Message =
  | { kind: 'ssl'; bytes: Buffer }
  | { kind: 'cancel'; bytes: Buffer }
  | { kind: 'startup'; bytes: Buffer }
  | { kind: 'typed'; type: number; bytes: Buffer };

/** One client connection: frames its messages and runs them on the session in its turn. */
class Connection {
  readonly closed: Promise<void>;
  #buffer: Buffer = Buffer.alloc(0);
  #started = false;
  #release: (() => void) | null = null;
  #work: Promise<void> = Promise.resolve();
  #gone = false;

  constructor(
    private readonly socket: Socket,
    private readonly pglite: PGlite,
    private readonly session: PGlitePool,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      this.#buffer = this.#buffer.length ? Buffer.concat([this.#buffer, chunk]) : chunk;
      this.#work = this.#work
        .then(() => this.#drain())
        .catch(() => {
          socket.destroy();
        });
    });
    socket.on('error', () => socket.destroy());
    this.closed = new Promise<void>((resolve) => {
      socket.once('close', () => {
        this.#gone = true;
        this.#work = this.#work.then(() => this.#giveBack()).finally(resolve);
      });
    });
  }

  /** End the connection (server shutdown): its transaction, if any, is rolled back. */
  async end(): Promise<void> {
    this.socket.destroy();
    await this.closed;
  }

  async #drain(): Promise<void> {
    for (let message = this.#next(); message && !this.#gone; message = this.#next()) {
      if (message.kind === 'ssl') {
        this.socket.write('N');
      } else if (message.kind === 'cancel') {
        // PGlite has no backend to interrupt; the cancel connection just closes.
        this.socket.destroy();
      } else if (message.kind === 'startup') {
        this.#started = true;
        await this.#run(message.bytes);
        await this.#endOfQuery();
      } else if (message.type === 0x58 /* X: Terminate */) {
        this.socket.end();
      } else {
        await this.#run(message.bytes);
        // Sync (S) or a simple Query (Q) ends a query; the turn ends with it unless a transaction is open.
        if (message.type === 0x53 || message.type === 0x51) await this.#endOfQuery();
      }
    }
  }

  #next(): Message | null {
    const buffer = this.#buffer;
    if (!this.#started) {
      if (buffer.length < 8) return null;
      const length = buffer.readInt32BE(0);
      if (buffer.length < length) return null;
      const code = buffer.readInt32BE(4);
      const bytes = buffer.subarray(0, length);
      this.#buffer = buffer.subarray(length);
      if (code === SSL_REQUEST || code === GSS_REQUEST) return { kind: 'ssl', bytes };
      if (code === CANCEL_REQUEST) return { kind: 'cancel', bytes };
      return { kind: 'startup', bytes };
    }
    if (buffer.length < 5) return null;
    const length = 1 + buffer.readInt32BE(1);
    if (buffer.length < length) return null;
    const bytes = buffer.subarray(0, length);
    this.#buffer = buffer.subarray(length);
    return { kind: 'typed', type: bytes[0] ?? 0, bytes };
  }

  /** Run one protocol message on the session, in this connection's turn, streaming the answer back. */
  async #run(bytes: Buffer): Promise<void> {
    this.#release ??= await this.session.acquire();
    if (this.#gone) return;
    await this.pglite.runExclusive(() =>
      this.pglite.execProtocolRawStream(new Uint8Array(bytes), {
        onRawData: (data) => {
          if (!this.socket.destroyed) this.socket.write(Buffer.from(data));
        },
      }),
    );
  }

  async #endOfQuery(): Promise<void> {
    if (this.#release && !this.pglite.isInTransaction()) {
      this.#release();
      this.#release = null;
    }
  }

  /** The client is gone: leave the session as it found it and give the turn back. */
  async #giveBack(): Promise<void> {
    const release = this.#release;
    if (!release) return;
    this.#release = null;
    try {
      await this.pglite.runExclusive(() => this.pglite.execProtocolRaw(SYNC));
      if (this.pglite.isInTransaction()) await this.pglite.exec('ROLLBACK');
    } finally {
      release();
    }
  }
}
