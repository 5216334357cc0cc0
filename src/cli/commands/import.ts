import { createReadStream, createWriteStream, statSync } from 'node:fs';
import path from 'node:path';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { systemContext } from '../../auth/auth-context.ts';
import { ImportKindSchema } from '../../imports/field-aliases.ts';
import { type ImportSummary, importCsv } from '../../imports/import-csv.ts';
import { parseMapOption } from '../../imports/map-columns.ts';
import { ImportFileError } from '../../imports/read-csv.ts';
import { fail, openCliWorkspace } from '../cli-database.ts';

interface ImportCliOptions {
  map?: string;
  key?: string;
  dryRun?: boolean;
  rejects?: string;
  workspace?: string;
  data?: string;
  json?: boolean;
}

function summaryText(s: ImportSummary, file: string): string {
  const lines = [
    `${s.dryRun ? 'Dry run of ' : ''}${s.kind} import from ${path.basename(file)} (${s.encoding}, delimiter ${JSON.stringify(s.delimiter)})`,
    `  rows       ${s.rows}`,
    `  inserted   ${s.inserted}`,
    `  updated    ${s.updated}`,
    `  unchanged  ${s.unchanged}`,
    `  rejected   ${s.rejected}`,
    `  time       ${s.seconds.toFixed(1)} s (${Math.round(s.rows / Math.max(s.seconds, 0.001))} rows/s)`,
    `  import id  ${s.importId}`,
    ...s.warnings.map((w) => `  note: ${w}`),
  ];
  return `${lines.join('\n')}\n`;
}

/** `openabm import <kind> FILE`: stream a CSV into the workspace with a progress bar and a summary. */
export function registerImport(program: Command): void {
  program
    .command('import')
    .description('Import a CSV file of accounts, contacts, opportunities or activities')
    .argument('<kind>', 'accounts, contacts, opportunities or activities')
    .argument('<file>', 'CSV file (UTF-8 or UTF-16; comma, semicolon or tab separated)')
    .option('--map <pairs>', 'column overrides: "Header=field,Other=custom.foo,Skip="')
    .option(
      '--key <key>',
      'match existing records on: auto (default), salesforceId, hubspotId, domain, email, id',
    )
    .option('--dry-run', 'validate and report without keeping any change')
    .option('--rejects <file>', 'write rejected rows (with _row and _reason) to this CSV file')
    .option('--workspace <slug>', 'workspace slug or id (default: the first workspace)')
    .option('--data <dir>', 'embedded data directory (default ./.openabm, or OPENABM_DATA)')
    .option('--json', 'print the summary as JSON')
    .action(async (kindArg: string, file: string, options: ImportCliOptions) => {
      const kind = ImportKindSchema.safeParse(kindArg);
      if (!kind.success)
        return fail(`unknown kind "${kindArg}": use accounts, contacts, opportunities or activities`, 2);
      let size: number;
      try {
        size = statSync(file).size;
      } catch {
        return fail(`cannot read ${file}`, 2);
      }
      const map = parseMapOption(options.map);
      const { database, workspace } = await openCliWorkspace(options);
      const showBar = Boolean(process.stderr.isTTY) && !process.env.CI;
      const bar = new cliProgress.SingleBar(
        {
          stream: process.stderr,
          format: ' {bar} {percentage}% | {rows} rows | {speed} rows/s | {rejected} rejected',
          hideCursor: true,
        },
        cliProgress.Presets.shades_classic,
      );
      const started = performance.now();
      let bytesRead = 0;
      const input = createReadStream(file, { highWaterMark: 1024 * 1024 });
      input.on('data', (chunk) => {
        bytesRead += chunk.length;
      });
      const rejects = options.rejects ? createWriteStream(options.rejects) : undefined;
      if (showBar) bar.start(size || 1, 0, { rows: 0, speed: 0, rejected: 0 });
      try {
        const summary = await importCsv(database.db, systemContext(workspace.id, 'cli'), input, {
          kind: kind.data,
          map,
          ...(options.key ? { key: options.key } : {}),
          dryRun: options.dryRun ?? false,
          fileName: path.basename(file),
          ...(rejects ? { rejects } : {}),
          onProgress: (p) => {
            const seconds = (performance.now() - started) / 1000;
            if (showBar)
              bar.update(bytesRead, {
                rows: p.rows,
                speed: Math.round(p.rows / Math.max(seconds, 0.001)),
                rejected: p.rejected,
              });
          },
        });
        if (showBar) {
          bar.update(size || 1);
          bar.stop();
        }
        process.stdout.write(
          options.json ? `${JSON.stringify(summary, null, 2)}\n` : summaryText(summary, file),
        );
        if (summary.rejected > 0 && options.rejects)
          process.stderr.write(`Rejected rows written to ${options.rejects}\n`);
        if (summary.inserted + summary.updated + summary.unchanged === 0) {
          fail(`nothing could be imported: all ${summary.rows} rows were rejected`);
        }
      } catch (error) {
        if (showBar) bar.stop();
        if (error instanceof ImportFileError) fail(error.message);
        else throw error;
      } finally {
        input.destroy();
        if (rejects) await new Promise<void>((resolve) => rejects.end(() => resolve()));
        await database.close();
      }
    });
}
