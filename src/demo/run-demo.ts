import { createApiKey } from '../auth/api-keys.ts';
import type { Database } from '../db/database.ts';
import type { MailCatcher } from '../email/mail-catcher.ts';
import { openServerDatabase } from '../server/open-server-database.ts';
import { type RunningServer, startServer } from '../server/start-server.ts';
import { type DemoMarker, finishDemoDir, prepareDemoDir, readDemoMarker } from './demo-data-dir.ts';
import { prepareDemoMail } from './demo-mail.ts';
import { DEMO_ADMIN_EMAIL, DEMO_USERS } from './demo-users.ts';
import { deriveDemoInsights } from './derive-demo-insights.ts';
import { loadDemoWorld } from './load-demo-world.ts';

export interface RunDemoOptions {
  /** Embedded data directory (ignored when `databaseUrl` is set). */
  dataDir: string;
  /** A PostgreSQL server to load into (a new workspace each run) instead of the embedded database. */
  databaseUrl?: string | undefined;
  seed: number;
  accounts: number;
  serve: boolean;
  port: number;
  host: string;
  log?: boolean;
  /** Start a local catcher SMTP server and send the demo's e-mail to it (else: dry run). */
  mail?: boolean;
  /** True when the user asked for this seed/size explicitly (a reused world of another size is then flagged). */
  explicitSize?: boolean;
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
}

export interface RunningDemo {
  marker: DemoMarker;
  apiKey: string;
  /** The URL served, or null with `serve: false`. */
  address: string | null;
  reused: boolean;
  close(): Promise<void>;
}

/**
 * Build the demo world (or reuse the finished one in the data dir), create an admin API key, optionally
 * serve the app, and print the URL, key and sign-in details.
 */
export async function runDemo(options: RunDemoOptions): Promise<RunningDemo> {
  const out = options.stdout ?? ((t: string) => process.stdout.write(t));
  const err = options.stderr ?? ((t: string) => process.stderr.write(t));
  const { dataDir: dir, seed, accounts } = options;
  // The demo owns its database like `serve` does: the data directory's lock and socket come with it.
  const server = await openServerDatabase({
    url: options.databaseUrl,
    dataDir: dir,
    command: 'demo',
    prepare() {
      if (!options.databaseUrl && !readDemoMarker(dir)) prepareDemoDir(dir);
    },
  });
  const { database } = server;
  let running: RunningServer | null = null;
  let catcher: MailCatcher | null = null;
  let handedOver = false;
  try {
    let marker: DemoMarker;
    const existing = options.databaseUrl ? null : readDemoMarker(dir);
    if (options.databaseUrl) {
      err('Loading the demo world into a new workspace on the PostgreSQL server…\n');
      marker = await build(database, seed, accounts, err);
    } else if (existing) {
      marker = existing;
      out(`Reusing the demo world in ${dir} (seed ${existing.seed}, ${existing.accounts} accounts)\n`);
      if (options.explicitSize && (existing.seed !== seed || existing.accounts !== accounts)) {
        err(`(remove ${dir} to rebuild with seed ${seed} and ${accounts} accounts)\n`);
      }
    } else {
      err(`Building the demo world in ${dir}…\n`);
      marker = await build(database, seed, accounts, err);
      finishDemoDir(dir, marker);
    }
    const admin = await database.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', DEMO_ADMIN_EMAIL)
      .executeTakeFirst();
    const { key } = await createApiKey(database.db, {
      workspaceId: marker.workspaceId,
      role: 'admin',
      name: 'demo',
      createdBy: admin?.id ?? null,
    });
    catcher = await prepareDemoMail(database.db, marker.workspaceId, {
      mail: options.mail ?? false,
      publicUrl: `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${options.port}`,
      note: err,
    });
    if (options.serve) {
      handedOver = true;
      running = await startServer({
        server,
        port: options.port,
        host: options.host,
        logger: options.log ?? false,
        note: err,
      });
    }
    const address = running?.address ?? null;
    out(summary(marker, key, address, options.databaseUrl ? null : dir));
    return {
      marker,
      apiKey: key,
      address,
      reused: existing !== null,
      async close() {
        await (running ? running.stop() : server.close());
        await catcher?.close();
      },
    };
  } catch (error) {
    await catcher?.close();
    // Once handed to startServer, the database is closed by it (also when it fails).
    if (!handedOver) await server.close();
    throw error;
  }
}

async function build(
  database: Database,
  seed: number,
  accounts: number,
  err: (t: string) => void,
): Promise<DemoMarker> {
  let lastShown = 0;
  const world = await loadDemoWorld(database, {
    seed,
    accounts,
    onProgress(done, total) {
      if (done > lastShown && (done - lastShown >= total / 10 || done === total)) {
        lastShown = done;
        err(`  ${done.toLocaleString('en')} / ${total.toLocaleString('en')} accounts\n`);
      }
    },
  });
  err('  deriving personas, fit scores, engagement scores and stages\n');
  const insights = await deriveDemoInsights(database.db, world.workspaceId);
  if (insights.modelNote) err(`  fit model not trained: ${insights.modelNote}\n`);
  return {
    seed,
    accounts,
    workspaceId: world.workspaceId,
    workspaceSlug: world.workspaceSlug,
    adminEmail: world.adminEmail,
    password: world.password,
    counts: { ...world.counts },
    milliseconds: world.milliseconds,
    createdAt: new Date().toISOString(),
  };
}

function summary(marker: DemoMarker, key: string, address: string | null, dir: string | null): string {
  const n = (k: string) => (marker.counts[k] ?? 0).toLocaleString('en');
  const seller = DEMO_USERS.find((u) => u.role === 'sales');
  const marketer = DEMO_USERS.find((u) => u.role === 'marketer');
  const lines = [
    `openabm demo world (seed ${marker.seed}): ${n('accounts')} accounts, ${n('contacts')} contacts, ` +
      `${n('opportunities')} opportunities, ${n('activities')} activities; built in ${(marker.milliseconds / 1000).toFixed(1)} s`,
    `  URL:       ${address ?? `(not serving; run \`openabm serve${dir ? ` --data ${dir}` : ''}\`)`}`,
    `  API key:   ${key}`,
    `  Sign in:   ${marker.adminEmail} / ${marker.password}`,
    `  Also:      ${marketer?.email ?? ''} (marketer), ${seller?.email ?? ''} (sales), same password`,
    `  Workspace: ${marker.workspaceSlug} (${marker.workspaceId})`,
  ];
  if (dir) lines.push(`  Data:      ${dir}`);
  return `${lines.join('\n')}\n`;
}
