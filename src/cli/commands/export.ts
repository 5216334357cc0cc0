import { createWriteStream } from 'node:fs';
import type { Command } from 'commander';
import { ExportFormatSchema, ExportKindSchema, writeExport } from '../../exports/export-records.ts';
import { fail, openCliWorkspace } from '../cli-database.ts';

/** `openabm export <kind>`: stream every record of a kind as CSV or JSON to stdout or a file. */
export function registerExport(program: Command): void {
  program
    .command('export')
    .description('Export accounts, contacts, opportunities or activities as CSV or JSON (streamed)')
    .argument('<kind>', 'accounts, contacts, opportunities or activities')
    .option('--format <format>', 'csv, json or ndjson', 'csv')
    .option('--out <file>', 'write to this file instead of stdout')
    .option('--workspace <slug>', 'workspace slug or id (default: the first workspace)')
    .option('--data <dir>', 'embedded data directory (default ./.openabm, or OPENABM_DATA)')
    .action(
      async (
        kindArg: string,
        options: { format: string; out?: string; workspace?: string; data?: string },
      ) => {
        const kind = ExportKindSchema.safeParse(kindArg);
        if (!kind.success)
          return fail(`unknown kind "${kindArg}": use accounts, contacts, opportunities or activities`, 2);
        const format = ExportFormatSchema.safeParse(options.format);
        if (!format.success) return fail(`unknown format "${options.format}": use csv, json or ndjson`, 2);
        const { database, workspace } = await openCliWorkspace(options);
        const out = options.out ? createWriteStream(options.out) : process.stdout;
        try {
          const count = await writeExport(database.db, workspace.id, kind.data, format.data, out);
          if (options.out) process.stderr.write(`Exported ${count} ${kind.data} to ${options.out}\n`);
        } finally {
          if (out !== process.stdout) await new Promise<void>((resolve) => out.end(() => resolve()));
          await database.close();
        }
      },
    );
}
