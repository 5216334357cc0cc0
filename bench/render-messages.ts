/**
 * Personalised rendering speed: loads a demo world (accounts, contacts, personas, stages and the demo
 * content library), then renders each demo template (executive intro, nurture 1–3: five shared
 * blocks with persona, language, industry, stage and tier variants, subject, preheader, HTML and a
 * text part) for its contacts in batches through `templateRenderer(...).renderMany`, data loading
 * included. Prints messages per second per round (median over rounds) and the load average as JSON.
 *
 *   node --import tsx bench/render-messages.ts --db embedded --accounts 2000
 *   node --import tsx bench/render-messages.ts --db postgres --accounts 2000 --rounds 5
 *
 * PostgreSQL: DATABASE_URL, else the openabm_bench database on 127.0.0.1:5432 (bench-database.ts).
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { templateRenderer } from '../src/content/template-renderer.ts';
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { loadDemoContent } from '../src/demo/demo-content.ts';
import { loadDemoWorld } from '../src/demo/load-demo-world.ts';
import { reassignAllPersonas } from '../src/personas/assign-personas.ts';
import { recomputeWorkspace } from '../src/signals/recompute-workspace.ts';
import { deleteWorkspace } from '../src/workspaces/delete-workspace.ts';
import { benchDatabaseUrl } from './bench-database.ts';

const { values: args } = parseArgs({
  options: {
    accounts: { type: 'string', default: '2000' },
    db: { type: 'string', default: 'embedded' },
    rounds: { type: 'string', default: '5' },
    batch: { type: 'string', default: '1000' },
  },
});
const accounts = Number(args.accounts);
const rounds = Number(args.rounds);
const batch = Number(args.batch);
if (args.db !== 'embedded' && args.db !== 'postgres') throw new Error('--db must be embedded or postgres');
const url = args.db === 'postgres' ? await benchDatabaseUrl() : undefined;
const database = await openDatabase({ url, dataDir: 'memory://', poolSize: 4 });
await migrateToLatest(database.db);
const { db } = database;

const world = await loadDemoWorld(database, { seed: 7, accounts, password: 'bench password' });
const ws = world.workspaceId;
await reassignAllPersonas(db, ws);
await recomputeWorkspace(db, ws, {});
await loadDemoContent(db, ws, world.users.find((u) => u.role === 'marketer')?.id ?? null);
const contactIds = (
  await db.selectFrom('contacts').select('id').where('workspace_id', '=', ws).orderBy('id').execute()
).map((c) => c.id);
const templates = await db
  .selectFrom('content_templates')
  .select(['id', 'name'])
  .where('workspace_id', '=', ws)
  .orderBy('name')
  .execute();

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
};
const perRound: number[] = [];
let htmlBytes = 0;
let messages = 0;
for (let round = 0; round < rounds; round++) {
  let rendered = 0;
  const started = performance.now();
  for (const tpl of templates) {
    const render = await templateRenderer(db, ws, tpl.id, {
      unsubscribeUrl: (id) => `https://nimbus.example/u/${id}`,
    });
    for (let i = 0; i < contactIds.length; i += batch) {
      const out = await render.renderMany(contactIds.slice(i, i + batch));
      rendered += out.size;
      if (round === 0) for (const m of out.values()) htmlBytes += m.html.length + m.text.length;
    }
  }
  const seconds = (performance.now() - started) / 1000;
  if (round === 0) messages = rendered;
  perRound.push(rendered / seconds);
  process.stderr.write(`round ${round + 1}: ${rendered} messages in ${seconds.toFixed(2)} s\n`);
}
console.log(
  JSON.stringify(
    {
      db: args.db,
      accounts,
      contacts: contactIds.length,
      templates: templates.length,
      messagesPerRound: messages,
      batch,
      averageMessageBytes: Math.round(htmlBytes / Math.max(1, messages)),
      messagesPerSecondMedian: Math.round(median(perRound)),
      messagesPerSecondRounds: perRound.map(Math.round),
      loadAverage: os.loadavg().map((l) => Number(l.toFixed(2))),
    },
    null,
    2,
  ),
);
await deleteWorkspace(db, ws);
await database.close();
