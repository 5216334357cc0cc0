/**
 * CSV import throughput: generates a realistic Salesforce-style account export (streamed to a temp
 * file), imports it through the real engine (importCsv: decode, map, coerce, validate, set-based
 * upsert in batches), and measures rows/s and peak RSS. As the practical ceiling it then loads the
 * same rows with the database's own COPY into a scratch table of the same shape (same columns,
 * defaults and indexes; no triggers) and prints both and their ratio as JSON.
 *
 *   node --import tsx bench/import.ts --rows 1000000 --db postgres
 *   node --import tsx bench/import.ts --rows 1000000 --db embedded
 *
 * --reimport imports the file a second time (all rows unchanged) and reports that rate too;
 * --batch N sets the rows per transaction (default 5000).
 *
 * PostgreSQL: DATABASE_URL, else the openabm_bench database on 127.0.0.1:5432 (bench-database.ts).
 * The benchmark workspace and the scratch table are dropped at the end. Embedded: a fresh data
 * directory in the temp folder. Peak RSS is sampled every 100 ms and read from /proc/self/status
 * (VmHWM); on embedded it includes the database itself, which runs in this process.
 */

import { once } from 'node:events';
import { createReadStream, createWriteStream, mkdtempSync, openAsBlob, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { from as copyFrom } from 'pg-copy-streams';
import { systemContext } from '../src/auth/auth-context.ts';
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { importCsv } from '../src/imports/import-csv.ts';
import { createWorkspace } from '../src/workspaces/create-workspace.ts';
import { deleteWorkspace } from '../src/workspaces/delete-workspace.ts';
import { benchDatabaseUrl } from './bench-database.ts';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    db: { type: 'string', default: 'embedded' },
    batch: { type: 'string', default: '5000' },
    'keep-files': { type: 'boolean', default: false },
    reimport: { type: 'boolean', default: false },
  },
});
const rows = Number(values.rows);
if (!Number.isInteger(rows) || rows < 1) throw new Error('--rows must be a positive whole number');
if (values.db !== 'embedded' && values.db !== 'postgres')
  throw new Error('--db must be embedded or postgres');
const batchSize = Number(values.batch);

// ---- realistic data, deterministic -------------------------------------------------------------
const INDUSTRIES = [
  'Software',
  'Manufacturing',
  'Retail',
  'Financial Services',
  'Healthcare',
  'Logistics',
  'Energy',
  'Media',
];
const PLACES: [string, string, string, string, string][] = [
  ['Germany', 'Bavaria', 'München', 'GmbH', 'de'],
  ['Denmark', 'Capital Region', 'København', 'A/S', 'dk'],
  ['Iceland', 'Capital Region', 'Reykjavík', 'ehf.', 'is'],
  ['Estonia', 'Harju', 'Tallinn', 'OÜ', 'ee'],
  ['Japan', 'Tokyo', '東京', '株式会社', 'jp'],
  ['China', 'Shanghai', '上海', '有限公司', 'cn'],
  ['United States', 'CA', 'San Francisco', 'Inc.', 'com'],
  ['United Kingdom', 'England', 'London', 'Ltd', 'co.uk'],
];
const WORDS = [
  'Nord',
  'Blue',
  'Stein',
  'Vik',
  'Sun',
  'Ocean',
  'Alpha',
  'Crest',
  'Fjord',
  'River',
  'Peak',
  'Iron',
  'Maple',
  'Kita',
];

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Row {
  id: string;
  name: string;
  website: string;
  domain: string;
  industry: string;
  employees: number;
  revenue: number;
  country: string;
  region: string;
  city: string;
  parent: string;
}

function* accounts(n: number): Generator<Row> {
  const random = rng(42);
  for (let i = 0; i < n; i += 1) {
    const place = PLACES[Math.floor(random() * PLACES.length)] ?? PLACES[0];
    if (!place) continue;
    const stem = `${WORDS[Math.floor(random() * WORDS.length)]}${WORDS[Math.floor(random() * WORDS.length)]}`;
    const domain = `${stem.toLowerCase()}${i}.${place[4]}`;
    const employees = Math.floor(10 ** (1 + random() * 4));
    yield {
      id: `001${i.toString(36).padStart(12, '0')}AAA`,
      name: place[3] === '株式会社' ? `株式会社${stem}${i}` : `${stem} ${i} ${place[3]}`,
      website: `https://www.${domain}`,
      domain,
      industry: INDUSTRIES[Math.floor(random() * INDUSTRIES.length)] ?? 'Software',
      employees,
      revenue: employees * Math.floor(50_000 + random() * 150_000),
      country: place[0],
      region: place[1],
      city: place[2],
      // Every 20th account belongs to a parent earlier in the file.
      parent: i % 20 === 19 ? `001${(i - 19).toString(36).padStart(12, '0')}AAA` : '',
    };
  }
}

const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

async function writeFile(file: string, header: string, line: (r: Row) => string): Promise<void> {
  const out = createWriteStream(file);
  out.write(`${header}\n`);
  let chunk = '';
  for (const r of accounts(rows)) {
    chunk += `${line(r)}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}

// ---- memory sampling ---------------------------------------------------------------------------
let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 100);
const vmHwm = (): number | null => {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    return m?.[1] ? Math.round(Number(m[1]) / 1024) : null;
  } catch {
    return null;
  }
};
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

// ---- run ---------------------------------------------------------------------------------------
const dir = mkdtempSync(path.join(os.tmpdir(), 'openabm-import-bench-'));
const importFile = path.join(dir, 'accounts.csv');
const copyFile = path.join(dir, 'accounts-copy.csv');
await writeFile(
  importFile,
  'Id,Name,Website,Industry,NumberOfEmployees,AnnualRevenue,BillingCountry,BillingState,BillingCity,ParentId,CurrencyIsoCode',
  (r) =>
    [
      r.id,
      quote(r.name),
      r.website,
      quote(r.industry),
      r.employees,
      r.revenue,
      quote(r.country),
      quote(r.region),
      quote(r.city),
      r.parent,
      'EUR',
    ].join(','),
);
const COPY_COLUMNS =
  'workspace_id, salesforce_id, name, domain, website, industry, employee_count, annual_revenue, country, region, city, currency';

const database = await openDatabase(
  values.db === 'postgres'
    ? { url: await benchDatabaseUrl(), poolSize: 2 }
    : { dataDir: path.join(dir, 'data') },
);
await migrateToLatest(database.db);
const ws = await createWorkspace(database.db, { name: `Import bench ${Date.now()}` });
await writeFile(copyFile, COPY_COLUMNS.replace(/ /g, ''), (r) =>
  [
    ws.id,
    r.id,
    quote(r.name),
    r.domain,
    r.website,
    quote(r.industry),
    r.employees,
    r.revenue,
    quote(r.country),
    quote(r.region),
    quote(r.city),
    'EUR',
  ].join(','),
);

const loadBefore = os.loadavg().map((n) => Number(n.toFixed(2)));
const rssBefore = process.memoryUsage().rss;
peakRss = rssBefore;
const started = performance.now();
const summary = await importCsv(
  database.db,
  systemContext(ws.id, 'bench'),
  createReadStream(importFile, { highWaterMark: 1 << 20 }),
  {
    kind: 'accounts',
    fileName: 'bench.csv',
    batchSize,
  },
);
const importSeconds = (performance.now() - started) / 1000;
const importPeak = Math.max(peakRss, process.memoryUsage().rss);
// VmHWM only grows: read now it is the process peak up to the end of the import (start-up included).
const importVmHwm = vmHwm();

// Optionally import the same file again: every row should come back unchanged.
let reimport: { seconds: number; rowsPerSecond: number; unchanged: number } | null = null;
if (values.reimport) {
  const again = performance.now();
  const second = await importCsv(
    database.db,
    systemContext(ws.id, 'bench'),
    createReadStream(importFile, { highWaterMark: 1 << 20 }),
    { kind: 'accounts', fileName: 'bench.csv', batchSize },
  );
  const seconds = (performance.now() - again) / 1000;
  reimport = {
    seconds: Number(seconds.toFixed(2)),
    rowsPerSecond: Math.round(rows / seconds),
    unchanged: second.unchanged,
  };
}

// COPY baseline into a scratch table shaped like accounts.
const scratch = `bench_copy_${Date.now()}`;
await sql
  .raw(`CREATE TABLE ${scratch} (LIKE accounts INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)`)
  .execute(database.db);
const copySql = `COPY ${scratch} (${COPY_COLUMNS}) FROM STDIN WITH (FORMAT csv, HEADER true)`;
const copyStarted = performance.now();
if (database.kind === 'postgres' && database.pool) {
  const client = await database.pool.connect();
  try {
    await pipeline(createReadStream(copyFile, { highWaterMark: 1 << 20 }), client.query(copyFrom(copySql)));
  } finally {
    client.release();
  }
} else if (database.embedded) {
  const blob = await openAsBlob(copyFile);
  await database.embedded.query(copySql.replace('FROM STDIN', "FROM '/dev/blob'"), [], { blob });
}
const copySeconds = (performance.now() - copyStarted) / 1000;
const copied = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(scratch)}`.execute(
  database.db,
);

await sql.raw(`DROP TABLE ${scratch}`).execute(database.db);
await deleteWorkspace(database.db, ws.id);
await database.close();
clearInterval(sampler);
if (!values['keep-files']) rmSync(dir, { recursive: true, force: true });

const importRate = Math.round(rows / importSeconds);
const copyRate = Math.round((copied.rows[0]?.n ?? 0) / copySeconds);
process.stdout.write(
  `${JSON.stringify(
    {
      db: database.kind,
      rows,
      batchSize,
      import: {
        seconds: Number(importSeconds.toFixed(2)),
        rowsPerSecond: importRate,
        inserted: summary.inserted,
        updated: summary.updated,
        unchanged: summary.unchanged,
        rejected: summary.rejected,
        peakRssMB: mb(importPeak),
        rssBeforeMB: mb(rssBefore),
        vmHwmMB: importVmHwm,
      },
      copy: {
        seconds: Number(copySeconds.toFixed(2)),
        rowsPerSecond: copyRate,
        rows: copied.rows[0]?.n ?? 0,
        vmHwmMB: vmHwm(),
      },
      ...(reimport ? { reimport } : {}),
      importToCopyRatio: Number((importRate / Math.max(copyRate, 1)).toFixed(3)),
      // The machine's 1, 5 and 15 minute load averages at the start and the end (figures from a
      // loaded machine are slower for both paths; the ratio is the comparable figure).
      loadAverage: { start: loadBefore, end: os.loadavg().map((n) => Number(n.toFixed(2))) },
    },
    null,
    2,
  )}\n`,
);
