// Times loadDemoWorld: the demo world written into a fresh workspace, on embedded PGlite (in memory, or
// persisted with --data DIR) or on the PostgreSQL server named by DATABASE_URL.
//   node --import tsx bench/demo-load.ts --accounts 5000 [--seed 42] [--data /tmp/openabm-demo-bench]
import { parseArgs } from 'node:util';
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { loadDemoWorld } from '../src/demo/load-demo-world.ts';

const { values } = parseArgs({
  options: {
    accounts: { type: 'string', default: '5000' },
    seed: { type: 'string', default: '42' },
    data: { type: 'string' },
  },
});
const accounts = Number(values.accounts);
const seed = Number(values.seed);
if (!Number.isInteger(accounts) || accounts < 1)
  throw new Error('--accounts must be a positive whole number');
if (!Number.isInteger(seed)) throw new Error('--seed must be a whole number');

const database = await openDatabase({ url: process.env.DATABASE_URL, dataDir: values.data ?? 'memory://' });
await migrateToLatest(database.db);
let peakRss = 0;
const world = await loadDemoWorld(database, {
  seed,
  accounts,
  onProgress() {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
  },
});
await database.close();
const rows =
  world.counts.accounts +
  world.counts.accountDomains +
  world.counts.contacts +
  world.counts.opportunities +
  world.counts.activities;
process.stdout.write(
  `${JSON.stringify({
    database: database.kind,
    seed,
    counts: world.counts,
    seconds: world.milliseconds / 1000,
    rowsPerSecond: Math.round(rows / (world.milliseconds / 1000)),
    peakRssMb: Math.round(peakRss / 1e6),
  })}\n`,
);
