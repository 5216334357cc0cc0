/**
 * Reverse-IP lookups over the in-memory index: builds N ranges (mostly disjoint IPv4 blocks of
 * random sizes, 10 % nested more-specific ranges, 10 % excluded, 5 % IPv6), then times lookups of
 * random addresses given as text (the path ingestion takes: parse + binary search) and as numbers.
 * Target: ≥ 1M lookups/s over 500k ranges. Prints JSON.
 *
 *   node --import tsx bench/reverse-ip.ts --ranges 500000 --lookups 5000000
 *   node --import tsx bench/reverse-ip.ts --ranges 5000 --lookups 100000      # quick check
 *
 * --db embedded|postgres additionally imports the ranges through the store and times the first
 * (cold) lookupAccountByIp load and warm lookups through it (DATABASE_URL for postgres).
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { seededRandom } from '../src/random/seeded-random.ts';
import { formatIp } from '../src/signals/reverse-ip/ip-address.ts';
import { lookupAccountByIp } from '../src/signals/reverse-ip/ip-index.ts';
import type { ParsedIpRange } from '../src/signals/reverse-ip/parse-ip-ranges.ts';
import { type IndexedRange, IpRangeIndex } from '../src/signals/reverse-ip/range-index.ts';
import { storeIpRanges } from '../src/signals/reverse-ip/store-ip-ranges.ts';
import { createWorkspace } from '../src/workspaces/create-workspace.ts';
import { benchDatabaseUrl } from './bench-database.ts';

const { values: args } = parseArgs({
  options: {
    ranges: { type: 'string', default: '500000' },
    lookups: { type: 'string', default: '5000000' },
    db: { type: 'string' },
    seed: { type: 'string', default: '42' },
  },
});
const rangeCount = Number(args.ranges);
const lookupCount = Number(args.lookups);
if (!Number.isInteger(rangeCount) || rangeCount < 1) throw new Error('--ranges must be a positive integer');
if (!Number.isInteger(lookupCount) || lookupCount < 1)
  throw new Error('--lookups must be a positive integer');

const random = seededRandom(args.seed);
const ACCOUNTS = Array.from(
  { length: 1000 },
  (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
);

// Disjoint IPv4 blocks walking up the address space, plus nested and IPv6 ranges.
const ranges: IndexedRange[] = [];
const v4Count = Math.floor(rangeCount * 0.95);
const step = Math.floor(2 ** 32 / (v4Count + 1));
for (let i = 0; i < v4Count; i++) {
  const start = i * step;
  const size = Math.max(1, Math.floor(step * (0.2 + random() * 0.8)));
  const nested = random() < 0.1 && ranges.length > 0;
  const prev = ranges[ranges.length - 1];
  if (nested && prev && prev.family === 4) {
    const s = prev.start + BigInt(Math.floor(Number(prev.end - prev.start) / 4));
    ranges.push({
      family: 4,
      start: s,
      end: s + 15n,
      accountId: ACCOUNTS[i % 1000] ?? null,
      confidence: 0.9,
      excluded: false,
    });
  } else {
    ranges.push({
      family: 4,
      start: BigInt(start),
      end: BigInt(start + size - 1),
      accountId: ACCOUNTS[i % 1000] ?? null,
      confidence: 0.8,
      excluded: random() < 0.1,
    });
  }
}
for (let i = 0; ranges.length < rangeCount; i++) {
  const start = (0x20010db8n << 96n) + (BigInt(i) << 80n);
  ranges.push({
    family: 6,
    start,
    end: start + (1n << 79n),
    accountId: ACCOUNTS[i % 1000] ?? null,
    confidence: 0.7,
    excluded: false,
  });
}

let t = performance.now();
const index = new IpRangeIndex(ranges);
const buildMs = performance.now() - t;

const sampleSize = Math.min(lookupCount, 1_000_000);
const numbers = new Float64Array(sampleSize);
const texts: string[] = new Array(sampleSize);
for (let i = 0; i < sampleSize; i++) {
  const v = Math.floor(random() * 2 ** 32);
  numbers[i] = v;
  texts[i] = formatIp(4, BigInt(v));
}
const v6Texts = Array.from({ length: 10_000 }, (_, i) =>
  formatIp(6, (0x20010db8n << 96n) + (BigInt(i % 1000) << 80n) + BigInt(i)),
);

function time(label: string, fn: (i: number) => unknown, n: number) {
  for (let i = 0; i < Math.min(n, 100_000); i++) fn(i); // warm-up
  let hits = 0;
  const start = performance.now();
  for (let i = 0; i < n; i++) if (fn(i)) hits++;
  const ms = performance.now() - start;
  return { label, lookups: n, ms: Math.round(ms), perSecond: Math.round((n / ms) * 1000), hitRate: hits / n };
}

const results = [
  time('ipv4 text', (i) => index.lookup(texts[i % sampleSize] ?? ''), lookupCount),
  time('ipv4 number', (i) => index.lookupV4(numbers[i % sampleSize] ?? 0), lookupCount),
  time('ipv6 text', (i) => index.lookup(v6Texts[i % v6Texts.length] ?? ''), Math.min(lookupCount, 1_000_000)),
];

let store: Record<string, number> | null = null;
if (args.db) {
  if (args.db !== 'embedded' && args.db !== 'postgres') throw new Error('--db must be embedded or postgres');
  const url = args.db === 'postgres' ? await benchDatabaseUrl() : undefined;
  const database = await openDatabase({ url, dataDir: 'memory://', poolSize: 4 });
  await migrateToLatest(database.db);
  const ws = await createWorkspace(database.db, { name: `bench-reverse-ip-${Date.now()}` });
  const parsed: ParsedIpRange[] = ranges.map((r, i) => ({
    line: i + 1,
    family: r.family,
    start: r.start,
    end: r.end,
    accountId: null,
    domain: null,
    confidence: r.confidence,
    excluded: true,
    asn: null,
    country: null,
    label: null,
  }));
  t = performance.now();
  await storeIpRanges(database.db, ws.id, parsed, { source: 'bench', replace: false });
  const importMs = performance.now() - t;
  t = performance.now();
  await lookupAccountByIp(database.db, ws.id, '1.2.3.4');
  const coldMs = performance.now() - t;
  t = performance.now();
  const warm = 100_000;
  for (let i = 0; i < warm; i++) await lookupAccountByIp(database.db, ws.id, texts[i % sampleSize] ?? '');
  const warmMs = performance.now() - t;
  store = {
    importMs: Math.round(importMs),
    coldLoadMs: Math.round(coldMs),
    warmLookupsPerSecond: Math.round((warm / warmMs) * 1000),
  };
  await database.close();
}

console.log(
  JSON.stringify(
    { ranges: ranges.length, indexed: index.size, buildMs: Math.round(buildMs), results, store },
    null,
    2,
  ),
);
