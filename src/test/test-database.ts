import { createApiKey } from '../auth/api-keys.ts';
import { type Database, openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import type { Role } from '../db/schema.ts';
import { createUser } from '../workspaces/create-user.ts';
import { createWorkspace } from '../workspaces/create-workspace.ts';

/**
 * The database integration tests run against: the PostgreSQL server named by TEST_DATABASE_URL, or
 * else a fresh in-memory embedded database. Migrated; shared by the tests of one file.
 */
export async function openTestDatabase(): Promise<Database> {
  const database = await openDatabase({
    url: process.env.TEST_DATABASE_URL,
    dataDir: 'memory://',
    poolSize: 4,
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
