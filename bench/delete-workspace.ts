/**
 * Deleting a large workspace: the old way (one `DELETE FROM workspaces`, every child table emptied
 * by cascading foreign keys, i.e. per deleted account and contact one probe of each referencing
 * table) against `deleteWorkspace` (table by table, children first, one set-based statement each). While each runs, a second connection keeps querying another workspace (a page of 50
 * accounts by primary key), and its latency is reported as p50/p99/max next to the same query's
 * latency before the delete.
 *
 * Each run seeds a workspace on the server (INSERT … SELECT generate_series, signals-seed.ts):
 * N accounts with a domain, a fit row, a stage row and an engagement row each, 5 contacts per
 * account with an engagement row each, and --activities-per-account activities. The old way runs
 * first under a statement timeout (--old-cap seconds); if the timeout stops it, it rolls back, the
 * workspace is intact and is reported as "> cap"; if it finished, the workspace is seeded again.
 * Then the new way deletes it. Medians over --runs, and the ratio.
 *
 *   node --import tsx bench/delete-workspace.ts --db postgres --accounts 100000 --runs 2
 *   node --import tsx bench/delete-workspace.ts --db embedded --accounts 20000 --runs 2
 *
 * PostgreSQL: DATABASE_URL, else the openabm_bench database on 127.0.0.1:5432 (bench-database.ts).
 * --skip-cascades false runs the new way with the foreign-key triggers firing (they find nothing).
 * Prints JSON.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import { type Database, openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import type { DB } from '../src/db/schema.ts';
import { createWorkspace } from '../src/workspaces/create-workspace.ts';
import { deleteWorkspace } from '../src/workspaces/delete-workspace.ts';
import { benchDatabaseUrl } from './bench-database.ts';
import { seedAccounts, seedActivities } from './signals-seed.ts';

const { values: args } = parseArgs({
  options: {
    db: { type: 'string', default: 'postgres' },
    accounts: { type: 'string', default: '100000' },
    'contacts-per-account': { type: 'string', default: '5' },
    'activities-per-account': { type: 'string', default: '10' },
    runs: { type: 'string', default: '2' },
    'old-cap': { type: 'string', default: '300' },
    'skip-cascades': { type: 'string', default: 'true' },
    'skip-old': { type: 'boolean', default: false },
  },
});
const accounts = Number(args.accounts);
const contactsPerAccount = Number(args['contacts-per-account']);
const activitiesPerAccount = Number(args['activities-per-account']);
const runs = Number(args.runs);
const oldCapSeconds = Number(args['old-cap']);
for (const [k, v] of Object.entries({ accounts, contactsPerAccount, runs, oldCapSeconds }))
  if (!Number.isInteger(v) || v < 1) throw new Error(`--${k} must be a positive whole number`);
if (!Number.isInteger(activitiesPerAccount) || activitiesPerAccount < 0)
  throw new Error('--activities-per-account must be a whole number');
if (args.db !== 'embedded' && args.db !== 'postgres') throw new Error('--db must be embedded or postgres');
const skipEmptyCascades = args['skip-cascades'] !== 'false';

const url = args.db === 'postgres' ? await benchDatabaseUrl() : undefined;
const database = await openDatabase({ url, dataDir: 'memory://', poolSize: 4 });
await migrateToLatest(database.db);
const { db } = database;
const log = (line: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);

const neighbour = await createWorkspace(db, { name: `bench-delete-neighbour-${Date.now()}` });
await seedAccounts(db, neighbour.id, { accounts: 2000, contactsPerAccount: 2 });
const probe = await openProbe(database, neighbour.id);
const baseline = await probe.measure(async () => new Promise((resolve) => setTimeout(resolve, 3000)));

const oldRuns: { seconds: number; finished: boolean; probe: Percentiles }[] = [];
const newRuns: { seconds: number; rows: number; probe: Percentiles; slowest: unknown }[] = [];
let seeded: { rows: number; seconds: number } | null = null;
for (let run = 0; run < runs; run++) {
  let ws = await seed(run);
  if (!args['skip-old']) {
    log(`run ${run + 1}: old way (cap ${oldCapSeconds} s)`);
    let finished = true;
    const t = performance.now();
    const latency = await probe.measure(async () => {
      finished = await deleteTheOldWay(db, ws, oldCapSeconds);
    });
    oldRuns.push({ seconds: round((performance.now() - t) / 1000), finished, probe: latency });
    log(
      `  ${finished ? '' : '> '}${round((performance.now() - t) / 1000)} s, probe ${JSON.stringify(latency)}`,
    );
    if (finished) ws = await seed(run);
  }
  log(`run ${run + 1}: deleteWorkspace`);
  const t = performance.now();
  let result: Awaited<ReturnType<typeof deleteWorkspace>> = null;
  const latency = await probe.measure(async () => {
    result = await deleteWorkspace(db, ws, { skipEmptyCascades });
  });
  const done = result as Awaited<ReturnType<typeof deleteWorkspace>>;
  if (!done) throw new Error('workspace vanished before deleteWorkspace');
  const slowest = [...done.tables].sort((a, b) => b.milliseconds - a.milliseconds).slice(0, 4);
  newRuns.push({ seconds: round((performance.now() - t) / 1000), rows: done.rows, probe: latency, slowest });
  log(`  ${round((performance.now() - t) / 1000)} s, ${done.rows} rows, probe ${JSON.stringify(latency)}`);
}

const oldMedian = median(oldRuns.map((r) => r.seconds));
const newMedian = median(newRuns.map((r) => r.seconds));
const load = os.loadavg();
console.log(
  JSON.stringify(
    {
      db: database.kind,
      accounts,
      contacts: accounts * contactsPerAccount,
      activities: accounts * activitiesPerAccount,
      seeded,
      skipEmptyCascades,
      machine: { cpus: os.cpus().length, loadAverage: load.map(round) },
      probeBaseline: baseline,
      old: {
        runs: oldRuns,
        medianSeconds: oldMedian,
        capped: oldRuns.some((r) => !r.finished) ? `> ${oldCapSeconds} s` : null,
      },
      new: { runs: newRuns, medianSeconds: newMedian },
      ratio: oldMedian !== null && newMedian ? round(oldMedian / newMedian) : null,
    },
    null,
    2,
  ),
);
await probe.close();
await deleteWorkspace(db, neighbour.id);
await database.close();

/** A fresh workspace with the requested rows. */
async function seed(run: number): Promise<string> {
  const t = performance.now();
  const ws = await createWorkspace(db, { name: `bench-delete-${run}-${Date.now()}` });
  const counts = { accounts, contactsPerAccount };
  await seedAccounts(db, ws.id, counts);
  if (activitiesPerAccount > 0) await seedActivities(db, ws.id, counts, accounts * activitiesPerAccount);
  await sql`
    INSERT INTO account_domains (workspace_id, account_id, domain)
    SELECT workspace_id, id, domain FROM accounts WHERE workspace_id = ${ws.id} AND domain IS NOT NULL`.execute(
    db,
  );
  await sql`
    INSERT INTO account_fit (workspace_id, account_id)
    SELECT workspace_id, id FROM accounts WHERE workspace_id = ${ws.id}`.execute(db);
  await sql`
    INSERT INTO account_stages (workspace_id, account_id, stage)
    SELECT workspace_id, id, 'aware' FROM accounts WHERE workspace_id = ${ws.id}`.execute(db);
  await sql`
    INSERT INTO account_engagement (workspace_id, account_id, score, as_of)
    SELECT workspace_id, id, 1, now() FROM accounts WHERE workspace_id = ${ws.id}`.execute(db);
  await sql`
    INSERT INTO contact_engagement (workspace_id, contact_id, score, as_of)
    SELECT workspace_id, id, 1, now() FROM contacts WHERE workspace_id = ${ws.id}`.execute(db);
  if (database.kind === 'postgres') await sql`VACUUM ANALYZE`.execute(db);
  const rows = await sql<{ n: number }>`
    SELECT (SELECT count(*) FROM accounts WHERE workspace_id = ${ws.id})
      + (SELECT count(*) FROM contacts WHERE workspace_id = ${ws.id})
      + (SELECT count(*) FROM activities WHERE workspace_id = ${ws.id})
      + (SELECT count(*) FROM account_domains WHERE workspace_id = ${ws.id})
      + 3 * (SELECT count(*) FROM account_fit WHERE workspace_id = ${ws.id})
      + (SELECT count(*) FROM contact_engagement WHERE workspace_id = ${ws.id}) AS n`.execute(db);
  seeded = { rows: Number(rows.rows[0]?.n ?? 0), seconds: round((performance.now() - t) / 1000) };
  log(`seeded ${seeded.rows} rows in ${seeded.seconds} s`);
  return ws.id;
}

/** One `DELETE FROM workspaces`, cascades doing the rest; false when the statement timeout stopped it. */
async function deleteTheOldWay(kysely: Kysely<DB>, ws: string, capSeconds: number): Promise<boolean> {
  try {
    await kysely.transaction().execute(async (trx) => {
      await sql`SELECT set_config('statement_timeout', ${`${capSeconds}s`}, true)`.execute(trx);
      await sql`DELETE FROM workspaces WHERE id = ${ws}`.execute(trx);
    });
    return true;
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === '57014') return false;
    throw error;
  }
}

interface Percentiles {
  queries: number;
  p50Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
}

/**
 * A query against another workspace, run back to back (10 ms apart) while `work` runs. On a server
 * it has a connection of its own; embedded it shares the one session (and the one thread) with the
 * delete, as the API would.
 */
async function openProbe(
  opened: Database,
  workspaceId: string,
): Promise<{ measure(work: () => Promise<void>): Promise<Percentiles>; close(): Promise<void> }> {
  const text = 'SELECT id, name FROM accounts WHERE workspace_id = $1 ORDER BY id LIMIT 50';
  let client: pg.Client | null = null;
  if (url) {
    client = new pg.Client({ connectionString: url });
    await client.connect();
  }
  const query = async () => {
    if (client) await client.query(text, [workspaceId]);
    else
      await sql`SELECT id, name FROM accounts WHERE workspace_id = ${workspaceId} ORDER BY id LIMIT 50`.execute(
        opened.db,
      );
  };
  return {
    async measure(work) {
      const latencies: number[] = [];
      let running = true;
      const loop = (async () => {
        // Latency counts from when the query was due, so a query held up by a blocked event loop
        // (embedded PGlite runs each statement on the main thread) counts the whole hold-up.
        while (running) {
          const due = performance.now() + 10;
          await new Promise((resolve) => setTimeout(resolve, 10));
          await query();
          latencies.push(performance.now() - due);
        }
      })();
      try {
        await work();
      } finally {
        running = false;
        await loop;
      }
      latencies.sort((a, b) => a - b);
      const at = (q: number) => {
        const v = latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
        return v === undefined ? null : round(v);
      };
      return { queries: latencies.length, p50Ms: at(0.5), p99Ms: at(0.99), maxMs: at(1) };
    },
    async close() {
      await client?.end();
    },
  };
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? null) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
