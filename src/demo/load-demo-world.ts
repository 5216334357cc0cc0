import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { recordAudit } from '../audit/record-audit.ts';
import { systemContext } from '../auth/auth-context.ts';
import { hashPassword } from '../auth/secrets.ts';
import type { Database } from '../db/database.ts';
import { refreshStaleStatistics } from '../db/refresh-stale-statistics.ts';
import { insertDemoCosts } from '../reports/demo-costs.ts';
import { createUser } from '../workspaces/create-user.ts';
import { createWorkspace } from '../workspaces/create-workspace.ts';
import { deleteWorkspace } from '../workspaces/delete-workspace.ts';
import { DEMO_ADMIN_EMAIL, DEMO_USERS } from './demo-users.ts';
import type { DemoHistory } from './generate-history.ts';
import { generateWorld } from './generate-world.ts';
import { insertStageHistory } from './insert-demo-history.ts';
import { type DemoCounts, DemoRowBatch } from './insert-demo-rows.ts';
import { type PlantedLift, resolveLift } from './planted-lift.ts';
import { resolveAsOf } from './world-types.ts';

export interface LoadDemoOptions {
  seed?: number;
  /** Number of accounts (default 5,000). */
  accounts?: number;
  asOf?: Date | string;
  /** The program's planted effect and quarters of history (defaults: planted-lift.ts). */
  lift?: Partial<PlantedLift>;
  /** Password for every demo user (default: a random one, returned). */
  password?: string;
  workspaceName?: string;
  /** Called after each batch with the accounts written so far. */
  onProgress?: (accountsDone: number, total: number) => void;
}

export type { DemoCounts } from './insert-demo-rows.ts';

export interface LoadedDemoWorld {
  workspaceId: string;
  workspaceSlug: string;
  seed: number;
  adminEmail: string;
  password: string;
  users: { email: string; role: string; id: string }[];
  counts: DemoCounts;
  milliseconds: number;
}

const BATCH_ACCOUNTS = 1000;

/**
 * Write a demo world into a new workspace: its users (an admin, marketers and sellers who own the
 * accounts, all with one password), accounts with every domain in account_domains, contacts,
 * opportunities and activities. Rows go in with set-based multi-row inserts (`unnest` of column arrays),
 * about a thousand accounts and their dependents per round trip, in one transaction.
 *
 * @example
 * const world = await loadDemoWorld(database, { seed: 42, accounts: 5000 });
 * console.log(world.adminEmail, world.password, world.counts);
 */
export async function loadDemoWorld(
  database: Database,
  options: LoadDemoOptions = {},
): Promise<LoadedDemoWorld> {
  const started = performance.now();
  const seed = options.seed ?? 42;
  const total = options.accounts ?? 5000;
  if (!Number.isInteger(total) || total < 1)
    throw new Error(`accounts must be a positive whole number, got ${total}`);
  if (!Number.isInteger(seed)) throw new Error(`seed must be a whole number, got ${seed}`);
  const password = options.password ?? randomBytes(9).toString('base64url');
  const { db } = database;
  const workspace = await createWorkspace(db, { name: options.workspaceName ?? `Demo world (seed ${seed})` });
  const users: LoadedDemoWorld['users'] = [];
  try {
    for (const user of DEMO_USERS) {
      const created = await createUser(db, {
        workspaceId: workspace.id,
        email: user.email,
        role: user.role,
        name: user.name,
      });
      users.push({ email: user.email, role: user.role, id: created.id });
    }
    // One scrypt hash shared by the whole demo team (hashing per user would cost a second).
    const passwordHash = await hashPassword(password);
    await db
      .updateTable('users')
      .set({ password_hash: passwordHash })
      .where(
        'id',
        'in',
        users.map((u) => u.id),
      )
      .execute();
    const owners = new Map(users.map((u) => [u.email, u.id]));
    const counts: DemoCounts = {
      accounts: 0,
      accountDomains: 0,
      contacts: 0,
      opportunities: 0,
      activities: 0,
      users: users.length,
    };
    await db.transaction().execute(async (trx) => {
      const batch = new DemoRowBatch();
      let histories: DemoHistory[] = [];
      for (const bundle of generateWorld({ seed, accounts: total, asOf: options.asOf, lift: options.lift })) {
        batch.add(bundle.account, bundle.contacts, bundle.opportunities, [
          ...bundle.history.activities,
          ...bundle.activities,
        ]);
        histories.push(bundle.history);
        if (batch.accounts.length >= BATCH_ACCOUNTS) {
          await batch.flush(trx, workspace.id, owners, counts);
          await insertStageHistory(trx, workspace.id, histories);
          histories = [];
          options.onProgress?.(counts.accounts, total);
        }
      }
      await batch.flush(trx, workspace.id, owners, counts);
      await insertStageHistory(trx, workspace.id, histories);
      options.onProgress?.(counts.accounts, total);
      await insertDemoCosts(
        trx,
        workspace.id,
        resolveAsOf(options.asOf),
        resolveLift(options.lift).historyQuarters,
      );
      const milliseconds = Math.round(performance.now() - started);
      await sql`UPDATE workspaces SET settings = settings || ${JSON.stringify({ demo: { seed, accounts: total, status: 'ready' } })}::jsonb WHERE id = ${workspace.id}`.execute(
        trx,
      );
      await recordAudit(trx, systemContext(workspace.id, 'demo'), {
        action: 'demo.load',
        objectType: 'workspace',
        objectId: workspace.id,
        changes: { seed, ...counts, milliseconds },
      });
    });
    // A bulk load: plan what follows on statistics that know these rows (the embedded database has no
    // autovacuum; a server's would take a while).
    await refreshStaleStatistics(db);
    return {
      workspaceId: workspace.id,
      workspaceSlug: workspace.slug,
      seed,
      adminEmail: DEMO_ADMIN_EMAIL,
      password,
      users,
      counts,
      milliseconds: Math.round(performance.now() - started),
    };
  } catch (error) {
    // Leave nothing half-built behind: the workspace and everything loaded into it go, table by table.
    await deleteWorkspace(db, workspace.id);
    throw error;
  }
}
