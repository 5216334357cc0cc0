// Writes the demo world as accounts.csv, contacts.csv, opportunities.csv and activities.csv, streamed with
// constant memory at any scale, for the import benchmark and tests.
//   node --import tsx bench/generate-csv.ts --accounts 1000000 --out /tmp/openabm-1m [--seed 42] [--as-of 2026-01-15]
import { once } from 'node:events';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { generateWorld } from '../src/demo/generate-world.ts';
import { ACCOUNT_CSV, ACTIVITY_CSV, CONTACT_CSV, csvLine, OPPORTUNITY_CSV } from '../src/demo/world-csv.ts';

const { values } = parseArgs({
  options: {
    accounts: { type: 'string', default: '1000' },
    out: { type: 'string', default: 'bench/out/csv' },
    seed: { type: 'string', default: '42' },
    'as-of': { type: 'string' },
  },
});
const accounts = Number(values.accounts);
const seed = Number(values.seed);
if (!Number.isInteger(accounts) || accounts < 1)
  throw new Error(`--accounts must be a positive whole number`);
if (!Number.isInteger(seed)) throw new Error(`--seed must be a whole number`);
const out = path.resolve(values.out);
mkdirSync(out, { recursive: true });

/** A file written in chunks, waiting for the disk when its buffer is full. */
class CsvFile {
  readonly stream: WriteStream;
  rows = 0;
  #lines: string[] = [];
  constructor(name: string, header: string[]) {
    this.stream = createWriteStream(path.join(out, name));
    this.#lines.push(csvLine(header));
  }
  add(line: string): void {
    this.#lines.push(line);
    this.rows++;
  }
  async flush(): Promise<void> {
    if (this.#lines.length === 0) return;
    const ok = this.stream.write(this.#lines.join(''));
    this.#lines = [];
    if (!ok) await once(this.stream, 'drain');
  }
  async close(): Promise<void> {
    await this.flush();
    this.stream.end();
    await once(this.stream, 'finish');
  }
}

const files = {
  accounts: new CsvFile('accounts.csv', ACCOUNT_CSV.header),
  contacts: new CsvFile('contacts.csv', CONTACT_CSV.header),
  opportunities: new CsvFile('opportunities.csv', OPPORTUNITY_CSV.header),
  activities: new CsvFile('activities.csv', ACTIVITY_CSV.header),
};
const started = performance.now();
let peakRss = 0;
let done = 0;
for (const bundle of generateWorld({ seed, accounts, asOf: values['as-of'] })) {
  files.accounts.add(csvLine(ACCOUNT_CSV.row(bundle.account)));
  for (const c of bundle.contacts) files.contacts.add(csvLine(CONTACT_CSV.row(c)));
  for (const o of bundle.opportunities) files.opportunities.add(csvLine(OPPORTUNITY_CSV.row(o)));
  for (const a of bundle.activities) if (a.contactEmail) files.activities.add(csvLine(ACTIVITY_CSV.row(a)));
  done++;
  if (done % 1000 === 0 || done === accounts) {
    for (const f of Object.values(files)) await f.flush();
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
    if (done % 50_000 === 0) {
      const seconds = (performance.now() - started) / 1000;
      process.stderr.write(
        `${done.toLocaleString('en')} accounts (${Math.round(done / seconds).toLocaleString('en')}/s)\n`,
      );
    }
  }
}
for (const f of Object.values(files)) await f.close();
const seconds = (performance.now() - started) / 1000;
process.stdout.write(
  `${JSON.stringify({
    out,
    seed,
    rows: Object.fromEntries(Object.entries(files).map(([k, f]) => [k, f.rows])),
    seconds: Math.round(seconds * 10) / 10,
    peakRssMb: Math.round(peakRss / 1e6),
  })}\n`,
);
