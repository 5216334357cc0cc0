import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { type Database, openDatabase } from '../db/database.ts';
import { type EmbeddedSocketServer, serveEmbeddedSocket, socketDirFor } from './embedded-socket.ts';

// The embedded database served to other processes: always PGlite, whatever TEST_DATABASE_URL says.
const dir = mkdtempSync(path.join(tmpdir(), 'openabm-socket-test-'));
let owner: Database;
let socket: EmbeddedSocketServer;
let client: Database;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

before(async () => {
  owner = await openDatabase({ dataDir: 'memory://' });
  assert.ok(owner.embedded && owner.session);
  socket = await serveEmbeddedSocket(owner.embedded, owner.session, socketDirFor(dir));
  client = await openDatabase({ embeddedSocket: socket.socketDir });
  await sql`CREATE TABLE t (x int, who text)`.execute(owner.db);
});

after(async () => {
  await client.close();
  await socket.stop();
  await owner.close();
  rmSync(dir, { recursive: true, force: true });
});

test('a client reads and writes the owner’s database with the same value types', async () => {
  const r = await sql<{
    a: number;
    b: number;
    d: string;
  }>`SELECT 1 AS a, 2::bigint AS b, '2024-05-06'::date AS d`.execute(client.db);
  assert.deepEqual(r.rows, [{ a: 1, b: 2, d: '2024-05-06' }]);
  await sql`INSERT INTO t VALUES (${10}, 'client')`.execute(client.db);
  const seen = await sql<{ n: number }>`SELECT count(*)::int AS n FROM t WHERE x = 10`.execute(owner.db);
  assert.equal(seen.rows[0]?.n, 1, 'the owner sees the client’s write at once');
});

test('a client statement never runs inside the owner’s transaction', async () => {
  const order: string[] = [];
  let inside!: () => void;
  const ownerInside = new Promise<void>((resolve) => {
    inside = resolve;
  });
  const ownerTx = owner.db.transaction().execute(async (trx) => {
    await sql`INSERT INTO t VALUES (1, 'owner')`.execute(trx);
    inside();
    await pause(200);
    const n = await sql<{ n: number }>`SELECT count(*)::int AS n FROM t WHERE x IN (1, 2)`.execute(trx);
    order.push(`owner sees ${n.rows[0]?.n}`);
    throw new Error('roll back');
  });
  await ownerInside;
  const clientWrite = sql`INSERT INTO t VALUES (2, 'client')`
    .execute(client.db)
    .then(() => order.push('client wrote'));
  await assert.rejects(ownerTx, /roll back/);
  await clientWrite;
  assert.deepEqual(order, ['owner sees 1', 'client wrote']);
  const rows = await sql<{ x: number }>`SELECT x FROM t WHERE x IN (1, 2) ORDER BY x`.execute(owner.db);
  assert.deepEqual(
    rows.rows.map((r) => r.x),
    [2],
    'the owner’s rollback did not take the client’s write with it',
  );
});

test('the owner’s statements never run inside a client’s transaction', async () => {
  const order: string[] = [];
  let inside!: () => void;
  const clientInside = new Promise<void>((resolve) => {
    inside = resolve;
  });
  const clientTx = client.db.transaction().execute(async (trx) => {
    await sql`INSERT INTO t VALUES (3, 'client')`.execute(trx);
    inside();
    await pause(200);
    order.push('client done');
    throw new Error('client rolls back');
  });
  await clientInside;
  const ownerRead = sql<{ n: number }>`SELECT count(*)::int AS n FROM t WHERE x = 3`
    .execute(owner.db)
    .then((r) => order.push(`owner sees ${r.rows[0]?.n}`));
  await assert.rejects(clientTx, /client rolls back/);
  await ownerRead;
  assert.deepEqual(order, ['client done', 'owner sees 0']);
});

test('a client that disconnects mid-transaction is rolled back and the owner goes on', async () => {
  const raw = new pg.Client({ host: socket.socketDir, port: 5432, user: 'postgres', database: 'postgres' });
  raw.on('error', () => {});
  await raw.connect();
  await raw.query('BEGIN');
  await raw.query('INSERT INTO t VALUES (4, $1)', ['gone']);
  // An extended-protocol query left in error: the owner must not inherit that state either.
  await assert.rejects(raw.query('SELECT nope FROM t WHERE x = $1', [1]));
  const ownerRead = sql<{ n: number }>`SELECT count(*)::int AS n FROM t WHERE x = 4`.execute(owner.db);
  await pause(50);
  raw.connection.stream.destroy();
  const r = await ownerRead;
  assert.equal(r.rows[0]?.n, 0);
  const after = await sql<{ ok: number }>`SELECT 1 AS ok`.execute(owner.db);
  assert.equal(after.rows[0]?.ok, 1);
});

test('several clients take turns on the one session', async () => {
  const others = await Promise.all([1, 2, 3].map(() => openDatabase({ embeddedSocket: socket.socketDir })));
  try {
    await Promise.all(
      others.map((db, i) =>
        db.db.transaction().execute(async (trx) => {
          await sql`INSERT INTO t VALUES (${100 + i}, 'many')`.execute(trx);
          await pause(20);
          await sql`UPDATE t SET who = ${`many-${i}`} WHERE x = ${100 + i}`.execute(trx);
        }),
      ),
    );
    const rows = await sql<{ who: string }>`SELECT who FROM t WHERE x >= 100 ORDER BY x`.execute(owner.db);
    assert.deepEqual(
      rows.rows.map((r) => r.who),
      ['many-0', 'many-1', 'many-2'],
    );
  } finally {
    await Promise.all(others.map((db) => db.close()));
  }
});
