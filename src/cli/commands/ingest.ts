import type { Command } from 'commander';
import { drainInbound, vacuumInbound } from '../../ingest/drain-inbound.ts';
import { defaultWorkspace } from '../../workspaces/create-workspace.ts';
import { openCliDatabase } from '../cli-database.ts';

/**
 * `openabm ingest drain [--workspace slug]`: process the events the tracking API accepted and no
 * server has processed yet (every workspace unless one is named), then print what was done.
 */
export function registerIngest(program: Command): void {
  const ingest = program.command('ingest').description('Inbound events of the tracking API (/v1/*)');
  ingest
    .command('drain')
    .description('Process accepted events now (a running `openabm serve` does this continuously)')
    .option('--workspace <slug>', 'only this workspace (slug or id; default: every workspace)')
    .option('--data <dir>', 'embedded data directory')
    .action(async (options: { workspace?: string; data?: string }) => {
      const database = await openCliDatabase(options);
      try {
        const workspaceId = options.workspace
          ? (await defaultWorkspace(database.db, options.workspace)).id
          : undefined;
        const r = await drainInbound(database.db, workspaceId);
        if (database.kind === 'embedded') await vacuumInbound(database.db);
        process.stdout.write(
          `processed ${r.processed} events: ${r.stored} stored, ${r.duplicates} duplicates, ` +
            `${r.reattributed} re-attributed, ${r.failed} failed\n`,
        );
      } finally {
        await database.close();
      }
    });
}
