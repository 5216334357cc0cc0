import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApiKey } from '../auth/api-keys.ts';
import { type Database, openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import type { Role } from '../db/schema.ts';
import { createUser } from '../workspaces/create-user.ts';
import { createWorkspace } from '../workspaces/create-workspace.ts';

const migrationsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '../db/migrations');

/**
 * A dump of an embedded database with every migration applied, cached in the OS temp dir under a hash
 * of the migration sources, so each test file loads it (about 1 s) instead of running initdb and all
 * migrations (several seconds). Written to a temp name and renamed, so parallel test files are safe.
 */
async function migratedTemplate(): Promise<Blob> {
  const hash = createHash('sha256');
  for (const name of readdirSync(migrationsDir).sort()) {
    hash.update(name).update(readFileSync(path.join(migrationsDir, name)));
  }
  const file = path.join(os.tmpdir(), `openabm-test-template-${hash.digest('hex').slice(0, 16)}.tar`);
  if (existsSync(file)) return new Blob([readFileSync(file)]);
  const database = await openDatabase({ dataDir: 'memory://' });
  try {
    await migrateToLatest(database.db);
    if (!database.embedded) throw new Error('expected an embedded database');
    const dump = await database.embedded.dumpDataDir('none');
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, Buffer.from(await dump.arrayBuffer()));
    renameSync(temp, file);
    return dump;
  } finally {
    await database.close();
  }
}

/**
 * The database integration tests run against: the PostgreSQL server named by TEST_DATABASE_URL, or
 * else a fresh in-memory embedded database. Migrated; shared by the tests of one file.
 */
export async function openTestDatabase(): Promise<Database> {
  const url = process.env.TEST_DATABASE_URL;
  const database = await openDatabase({
    url,
    dataDir: 'memory://',
    poolSize: 4,
    template: url ? undefined : await migratedTemplate(),
  });
  await migrateToLatest(database.db);
  return database;
}

export interface TestWorkspace {
  workspaceId: string;
  /** API keys per role, for `Authorization: Bearer`. */
  keys: Record<Role, string>;
  userIds: Record<Role, string>;
}

/** A fresh workspace with one user and one API key per role, so tests never share data. */
export async function createTestWorkspace(database: Database, name = 'Test'): Promise<TestWorkspace> {
  const ws = await createWorkspace(database.db, {
    name: `${name} ${Math.random().toString(36).slice(2, 8)}`,
  });
  const make = async (role: Role) => {
    const user = await createUser(database.db, {
      workspaceId: ws.id,
      email: `${role}-${ws.slug}@example.test`,
      role,
      password: 'correct horse battery',
    });
    const { key } = await createApiKey(database.db, {
      workspaceId: ws.id,
      role,
      name: role,
      createdBy: user.id,
    });
    return { id: user.id, key };
  };
  const admin = await make('admin');
  const marketer = await make('marketer');
  const sales = await make('sales');
  const keys = { admin: admin.key, marketer: marketer.key, sales: sales.key };
  const userIds = { admin: admin.id, marketer: marketer.id, sales: sales.id };
  return { workspaceId: ws.id, keys, userIds };
}

/** Authorization header for a key. */
export function bearer(key: string): { authorization: string } {
  return { authorization: `Bearer ${key}` };
}
