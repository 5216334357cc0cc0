/**
 * Rows per second of the normaliser alone (no database): account records as a HubSpot or Salesforce
 * export carries them, through normalizeRecord (country, region, industry, currency, phone, owner).
 * Usage: node --import tsx bench/normalize.ts [--rows 200000]
 */
import { parseArgs } from 'node:util';
import { normalizeRecord } from '../src/normalize/normalize-record.ts';
import { OwnerDirectory } from '../src/normalize/owner.ts';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '200000' } } });
const rows = Number(values.rows);
const owners = new OwnerDirectory(
  Array.from({ length: 50 }, (_, i) => ({ id: `u${i}`, email: `user${i}@acme.example`, name: `User ${i}` })),
);
const samples = [
  {
    country: 'Iceland',
    region: null,
    industry: 'COMPUTER_SOFTWARE',
    currency: 'USD',
    phone: '+354 563 8000',
    owner: 'User 3',
  },
  {
    country: 'United States',
    region: 'California',
    industry: 'Software Development',
    currency: '$',
    phone: '(415) 555-0132',
    owner: 'user7@acme.example',
  },
  {
    country: 'Deutschland',
    region: 'Bayern',
    industry: 'Machinery',
    currency: 'eur',
    phone: null,
    owner: 'Nobody',
  },
  { country: 'DK', region: null, industry: 'Financial Services', currency: null, phone: null, owner: null },
  {
    country: 'Atlantis',
    region: 'Sunken Coast',
    industry: 'Underwater Basket Weaving',
    currency: 'Bitcoin',
    phone: 'call us',
    owner: 'User 12',
  },
];
const medians: number[] = [];
for (let run = 0; run < 5; run += 1) {
  const started = performance.now();
  let warnings = 0;
  for (let i = 0; i < rows; i += 1) {
    const s = samples[i % samples.length];
    if (!s) continue;
    warnings += normalizeRecord('accounts', { name: `Company ${i}`, ...s }, { owners }).warnings.length;
  }
  const seconds = (performance.now() - started) / 1000;
  medians.push(rows / seconds);
  if (warnings === 0) throw new Error('expected warnings');
}
medians.sort((a, b) => a - b);
const report = {
  bench: 'normalize',
  rows,
  runs: medians.length,
  rowsPerSecondMedian: Math.round(medians[Math.floor(medians.length / 2)] ?? 0),
  rowsPerSecondWithoutPhones: undefined as number | undefined,
};
// The phone parser dominates; the same rows without phones show the rest.
{
  const started = performance.now();
  for (let i = 0; i < rows; i += 1) {
    const s = samples[i % samples.length];
    if (s) normalizeRecord('accounts', { name: `Company ${i}`, ...s, phone: undefined }, { owners });
  }
  report.rowsPerSecondWithoutPhones = Math.round(rows / ((performance.now() - started) / 1000));
}
process.stdout.write(`${JSON.stringify(report)}\n`);
