import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { z } from 'zod';
import { MatchInputError, matchCsvFiles } from '../../matching/match-csv-files.ts';
import { fail } from '../cli-database.ts';

const MatchOptions = z.object({
  accounts: z.string().min(1),
  leads: z.string().min(1),
  out: z.string().min(1),
  threshold: z.coerce
    .number({ error: '--threshold must be a number' })
    .min(0, '--threshold must be between 0 and 1')
    .max(1, '--threshold must be between 0 and 1'),
  progress: z.boolean().default(true),
  workers: z
    .union([
      z.literal('auto'),
      z.coerce
        .number({ error: '--workers must be a number or auto' })
        .int('--workers must be a whole number')
        .min(0, '--workers must be 0 or more')
        .max(16, '--workers must be at most 16'),
    ])
    .default('auto'),
});

/** `openabm match`: lead-to-account matching of two CSV files, no database needed. */
export function registerMatch(program: Command): void {
  program
    .command('match')
    .description(
      'Match leads to accounts from CSV files (no database): writes lead_id,account_id,confidence,method,evidence',
    )
    .requiredOption(
      '--accounts <file>',
      'accounts CSV: id,name,website,domains,country,industry (domains separated by ;)',
    )
    .requiredOption('--leads <file>', 'leads CSV: id,email,first_name,last_name,company,country')
    .requiredOption('--out <file>', 'output CSV')
    .option('--threshold <n>', 'confidence needed for an automatic match (0–1)', '0.8')
    .option(
      '--workers <n>',
      'worker threads for matching (0: none; auto: one per core for files over 1 MB)',
      'auto',
    )
    .option('--no-progress', 'no progress bar on stderr')
    .action(async (raw: unknown) => {
      const options = MatchOptions.parse(raw);
      const bar = new SingleBar({
        stream: process.stderr,
        format: 'matching [{bar}] {percentage}% | {leads} leads | {rate} leads/s',
        hideCursor: true,
      });
      let barStarted = false;
      let startedAt = 0;
      try {
        const report = await matchCsvFiles({
          accountsPath: options.accounts,
          leadsPath: options.leads,
          outPath: options.out,
          config: { threshold: options.threshold },
          ...(options.workers === 'auto' ? {} : { workers: options.workers }),
          onIndexBuilt: (accounts, skipped, ms) => {
            process.stderr.write(
              `indexed ${accounts} accounts in ${(ms / 1000).toFixed(1)} s (${skipped} rows skipped)\n`,
            );
            startedAt = performance.now();
          },
          onProgress: (bytes, total, leads) => {
            if (!options.progress) return;
            const rate = Math.round(leads / Math.max(0.001, (performance.now() - startedAt) / 1000));
            if (!barStarted) {
              bar.start(Math.max(1, total), 0, { leads: 0, rate: 0 });
              barStarted = true;
            }
            bar.update(Math.min(bytes, total), { leads, rate });
          },
        });
        if (barStarted) bar.stop();
        for (const s of report.skippedAccounts.slice(0, 20)) {
          process.stderr.write(`${options.accounts}: line ${s.row} skipped: ${s.reason}\n`);
        }
        process.stderr.write(
          `${report.leads} leads: ${report.matched} matched, ${report.weak} weak (for review), ${report.unmatched} unmatched` +
            `${report.badRows ? `, ${report.badRows} bad rows` : ''} → ${options.out}\n`,
        );
      } catch (error) {
        if (barStarted) bar.stop();
        if (error instanceof MatchInputError) fail(error.message, 2);
        else throw error;
      }
    });
}
