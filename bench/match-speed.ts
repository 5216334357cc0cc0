/**
 * Matching speed: N generated leads against N generated accounts in batch mode (CSV in, CSV out, no
 * database), reporting index build time, leads/s and peak RSS of the batch process, plus the pure
 * in-memory index build time and single-lead p50/p99 latency of the matcher function.
 *
 *   node --import tsx bench/match-speed.ts --accounts 1000000 --leads 1000000
 *   node --import tsx bench/match-speed.ts --accounts 50000 --leads 50000      # quick check
 *   (--workers 0|1|2|auto: worker threads for batch matching; auto = one per core)
 */
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { AccountIndex } from '../src/matching/account-index.ts';
import { matchCsvFiles } from '../src/matching/match-csv-files.ts';
import { matchLead } from '../src/matching/match-lead.ts';
import { generateAccounts, generateLeads } from './match-eval-set.ts';

const { values } = parseArgs({
  options: {
    accounts: { type: 'string', default: '50000' },
    leads: { type: 'string', default: '50000' },
    seed: { type: 'string', default: '3' },
    dir: { type: 'string' },
    phase: { type: 'string', default: 'all' },
    samples: { type: 'string', default: '20000' },
    workers: { type: 'string', default: 'auto' },
  },
});
const accountsN = Number(values.accounts);
const leadsN = Number(values.leads);
const seed = Number(values.seed);
const dir = values.dir ?? join(tmpdir(), `openabm-match-speed-${accountsN}-${leadsN}-${seed}`);
const accountsCsv = join(dir, 'accounts.csv');
const leadsCsv = join(dir, 'leads.csv');
const outCsv = join(dir, 'matches.csv');

function csvCell(value: string | null | undefined): string {
  const v = value ?? '';
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

async function writeLines(path: string, header: string, rows: Iterable<string[]>): Promise<void> {
  const out = createWriteStream(path);
  out.write(`${header}\n`);
  for (const row of rows) {
    if (!out.write(`${row.map(csvCell).join(',')}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

if (values.phase === 'batch') {
  // Child process: only the batch run, so its peak RSS is the batch's own.
  const report = await matchCsvFiles({
    accountsPath: accountsCsv,
    leadsPath: leadsCsv,
    outPath: outCsv,
    ...(values.workers === 'auto' ? {} : { workers: Number(values.workers) }),
  });
  const seconds = report.matchMs / 1000;
  process.stdout.write(
    JSON.stringify({
      accounts: report.accounts,
      leads: report.leads,
      matched: report.matched,
      weak: report.weak,
      unmatched: report.unmatched,
      indexBuildSecondsIncludingCsvRead: Math.round(report.indexBuildMs) / 1000,
      matchSeconds: Math.round(seconds * 100) / 100,
      leadsPerSecond: Math.round(report.leads / seconds),
      workers: values.workers,
      processCpuSeconds: Math.round((process.cpuUsage().user + process.cpuUsage().system) / 1e4) / 100,
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    }),
  );
} else {
  const t0 = performance.now();
  const accounts = generateAccounts(accountsN, seed);
  const leads = generateLeads(accounts, leadsN, seed + 1);
  const generateSeconds = (performance.now() - t0) / 1000;
  if (!existsSync(leadsCsv)) {
    mkdirSync(dir, { recursive: true });
    await writeLines(
      accountsCsv,
      'id,name,website,domains,country,industry',
      accounts.map((a) => [a.id, a.name, a.website ?? '', (a.domains ?? []).join(';'), a.country, '']),
    );
    await writeLines(
      leadsCsv,
      'id,email,first_name,last_name,company,country',
      leads.map((l) => [l.id, l.email ?? '', '', '', l.company ?? '', l.country ?? '']),
    );
  }
  const batchJson = execFileSync(
    process.execPath,
    [
      '--import',
      'tsx',
      'bench/match-speed.ts',
      '--phase',
      'batch',
      '--dir',
      dir,
      '--accounts',
      String(accountsN),
      '--leads',
      String(leadsN),
      '--workers',
      values.workers ?? 'auto',
    ],
    { encoding: 'utf8', maxBuffer: 1 << 20, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const b0 = performance.now();
  const index = AccountIndex.build(accounts);
  const buildSeconds = (performance.now() - b0) / 1000;
  const samples = leads.slice(0, Number(values.samples));
  for (const l of samples.slice(0, 1000)) matchLead(index, l);
  const times: number[] = [];
  for (const l of samples) {
    const s = performance.now();
    matchLead(index, l);
    times.push(performance.now() - s);
  }
  times.sort((a, b) => a - b);
  const q = (p: number) =>
    Math.round((times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? 0) * 1000) / 1000;
  console.log(
    JSON.stringify(
      {
        accounts: accountsN,
        leads: leadsN,
        files: dir,
        generateSeconds: Math.round(generateSeconds * 10) / 10,
        batch: JSON.parse(batchJson),
        inMemoryIndexBuildSeconds: Math.round(buildSeconds * 100) / 100,
        singleLeadMs: { p50: q(0.5), p99: q(0.99), max: q(1) },
      },
      null,
      2,
    ),
  );
}
