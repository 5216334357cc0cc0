/**
 * Segments benchmark: (1) full evaluation of a typical behavioural segment ("Tier 1–2 target
 * accounts in the Nordics that visited the pricing page at least twice in 30 days") and of a
 * behaviour-only one ("accounts with ≥ 3 page views in 14 days"), as a rebuild (rule edit) and as a
 * preview count; (2) what incremental upkeep of 20 active segments adds to ingestion's per-event
 * cost: the same batches of tracked events through processEvents, without and with the segments.
 *
 *   node --import tsx bench/segments.ts --accounts 100000 --db postgres
 *   node --import tsx bench/segments.ts --accounts 2000 --db embedded      # quick check
 *
 * Data: `--accounts` accounts, 5 contacts each, 10 activities per account over 365 days
 * (signals-seed.ts; the scale is --accounts 1000000). One in ten accounts is a target,
 * countries cycle over DK, SE, NO, FI, DE, US, GB. PostgreSQL: DATABASE_URL, else the
 * openabm_bench database (bench-database.ts); the seeded workspace is reused on a rerun with the
 * same --accounts (`--fresh` seeds a new one). Prints medians of --runs runs.
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { type Kysely, sql } from 'kysely';
import { systemContext } from '../src/auth/auth-context.ts';
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import type { DB } from '../src/db/schema.ts';
import { processEvents } from '../src/ingest/process-events.ts';
import { previewSegment } from '../src/segments/preview-segment.ts';
import { rebuildSegment } from '../src/segments/rebuild-segment.ts';
import type { SegmentRule } from '../src/segments/segment-rule.ts';
import { createSegment } from '../src/segments/segment-store.ts';
import { createWorkspace } from '../src/workspaces/create-workspace.ts';
import { benchDatabaseUrl } from './bench-database.ts';
import { activeSegments, trackedPageViews } from './segment-rules.ts';
import { seedAccounts, seedActivities } from './signals-seed.ts';

const { values: args } = parseArgs({
  options: {
    accounts: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '3' },
    batches: { type: 'string', default: '20' },
    'batch-size': { type: 'string', default: '1000' },
    db: { type: 'string', default: 'postgres' },
    fresh: { type: 'boolean', default: false },
  },
});
const accounts = Number(args.accounts);
const runs = Number(args.runs);
const batches = Number(args.batches);
const batchSize = Number(args['batch-size']);
const contactsPerAccount = 5;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
};
const ms = (x: number) => `${x.toFixed(0)} ms`;

const TYPICAL: SegmentRule = {
  type: 'and',
  rules: [
    { type: 'field', field: 'isTarget', op: 'eq', value: true },
    { type: 'field', field: 'tier', op: 'in', value: [1, 2] },
    { type: 'field', field: 'country', op: 'in', value: ['DK', 'SE', 'NO', 'FI', 'IS'] },
    {
      type: 'activity',
      activityTypes: ['page_view'],
      urlPattern: '/pricing',
      atLeast: 1,
      window: { lastDays: 30 },
    },
  ],
};
const BEHAVIOUR_ONLY: SegmentRule = {
  type: 'activity',
  activityTypes: ['page_view'],
  atLeast: 3,
  window: { lastDays: 14 },
};

async function seed(db: Kysely<DB>): Promise<string> {
  const name = `Segments bench ${accounts}`;
  if (!args.fresh) {
    const found = await db.selectFrom('workspaces').select('id').where('name', '=', name).executeTakeFirst();
    if (found) return found.id;
  }
  const ws = await createWorkspace(db, { name });
  const started = performance.now();
  await seedAccounts(db, ws.id, { accounts, contactsPerAccount });
  await sql`UPDATE accounts SET is_target = (abs(hashtext(id::text)) % 10 = 0),
      country = (ARRAY['DK','SE','NO','FI','DE','US','GB'])[1 + abs(hashtext(name)) % 7]
    WHERE workspace_id = ${ws.id}`.execute(db);
  await sql`UPDATE contacts SET seniority = (ARRAY['c_level','vp','director','manager','individual'])[1 + abs(hashtext(id::text)) % 5]
    WHERE workspace_id = ${ws.id}`.execute(db);
  await seedActivities(db, ws.id, { accounts, contactsPerAccount }, accounts * 10);
  // Tracked people: the first 50k contacts have a user id, for the ingestion batches.
  await sql`INSERT INTO identity_user_ids (workspace_id, user_id, contact_id)
    SELECT workspace_id, 'u-' || row_number() OVER (ORDER BY id), id FROM contacts
    WHERE workspace_id = ${ws.id} ORDER BY id LIMIT 50000`.execute(db);
  for (const table of ['accounts', 'contacts', 'activities', 'identity_user_ids'])
    await sql`ANALYZE ${sql.table(table)}`.execute(db);
  process.stdout.write(
    `seeded ${accounts} accounts, ${accounts * contactsPerAccount} contacts, ${accounts * 10} activities in ${ms(performance.now() - started)}\n`,
  );
  return ws.id;
}

/** Median ms per event of `batches` ingestion batches (one transaction each). */
async function ingestion(db: Kysely<DB>, ws: string, offset: number): Promise<number> {
  const per: number[] = [];
  for (let b = 0; b < batches; b++) {
    const list = trackedPageViews(offset + b, batchSize, 50_000);
    const t = performance.now();
    await db.transaction().execute((trx) => processEvents(trx, ws, list));
    per.push((performance.now() - t) / list.length);
  }
  return median(per);
}

const url = args.db === 'postgres' ? await benchDatabaseUrl() : undefined;
const database = await openDatabase(url ? { url } : { dataDir: `/tmp/openabm-bench-segments-${accounts}` });
await migrateToLatest(database.db);
const db = database.db;
const ws = await seed(db);
const ctx = systemContext(ws, 'bench');
await db.deleteFrom('segments').where('workspace_id', '=', ws).execute();

process.stdout.write(
  `\n${args.db}, ${accounts} accounts, ${accounts * contactsPerAccount} contacts, ${accounts * 10} activities\n`,
);

for (const [label, rule] of [
  ['typical behavioural (Tier 1-2 targets, Nordics, pricing in 30 days)', TYPICAL],
  ['behaviour only (≥ 3 page views in 14 days)', BEHAVIOUR_ONLY],
] as const) {
  const segment = await createSegment(db, ctx, {
    name: label.slice(0, 60),
    description: '',
    kind: 'account',
    type: 'dynamic',
    rule,
  });
  const rebuilds: number[] = [];
  const previews: number[] = [];
  for (let r = 0; r < runs; r++) {
    await db
      .deleteFrom('segment_memberships')
      .where('workspace_id', '=', ws)
      .where('segment_id', '=', segment.id)
      .execute();
    let t = performance.now();
    await db.transaction().execute((trx) => rebuildSegment(trx, ws, segment.id, 'bench'));
    rebuilds.push(performance.now() - t);
    t = performance.now();
    const preview = await previewSegment(db, ws, 'account', rule);
    previews.push(performance.now() - t);
    if (r === 0) process.stdout.write(`${label}: ${preview.count} members\n`);
  }
  process.stdout.write(`  full evaluation (rebuild, all members entering): median ${ms(median(rebuilds))}\n`);
  process.stdout.write(`  preview count + sample: median ${ms(median(previews))}\n`);
  await db.deleteFrom('segments').where('workspace_id', '=', ws).where('id', '=', segment.id).execute();
}

// Ingestion per event: warm up, then without segments, then with 20 active segments.
await ingestion(db, ws, 0);
const without = await ingestion(db, ws, 1000);
const created: string[] = [];
for (const s of activeSegments())
  created.push((await createSegment(db, ctx, { ...s, description: '', type: 'dynamic' })).id);
const withSegments = await ingestion(db, ws, 2000);
const again = await ingestion(db, ws, 3000);
const with20 = Math.min(withSegments, again);
process.stdout.write(
  `ingestion, batches of ${batchSize} tracked page views: ${without.toFixed(3)} ms/event without segments, ` +
    `${with20.toFixed(3)} ms/event with ${created.length} active segments (+${(((with20 - without) / without) * 100).toFixed(0)} %)\n`,
);
await database.close();
