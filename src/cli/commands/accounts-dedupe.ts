import type { Command } from 'commander';
import { z } from 'zod';
import { systemContext } from '../../auth/auth-context.ts';
import { dedupeAccounts } from '../../hierarchy/dedupe-accounts.ts';
import { openCliWorkspace } from '../cli-database.ts';

const Score = z.coerce.number({ error: '--min-score must be a number' }).min(0).max(1);

/** `openabm accounts dedupe`: list likely duplicate accounts, and with --merge merge them. */
export function registerAccountsDedupe(program: Command): void {
  const accounts =
    program.commands.find((c) => c.name() === 'accounts') ??
    program.command('accounts').description('Manage accounts');
  accounts
    .command('dedupe')
    .description(
      'List likely duplicate accounts (same domain, or same name in the same country); --merge merges them',
    )
    .option('--merge', 'merge every listed pair into its suggested survivor (audited)')
    .option('--min-score <score>', 'only pairs at or above this score (0–1)', '0.8')
    .option('--workspace <slug>', 'workspace slug or id (default: the first)')
    .option('--data <dir>', 'embedded data directory')
    .action(async (options: { merge?: boolean; minScore: string; workspace?: string; data?: string }) => {
      const minScore = Score.parse(options.minScore);
      const { database, workspace } = await openCliWorkspace(options);
      try {
        const ctx = systemContext(workspace.id, 'cli:accounts-dedupe');
        const { pairs, merged } = await dedupeAccounts(database.db, ctx, {
          minScore,
          merge: options.merge === true,
        });
        process.stdout.write('survivor_id\tsurvivor_name\tduplicate_id\tduplicate_name\tscore\treasons\n');
        for (const p of pairs) {
          process.stdout.write(
            `${p.account.id}\t${p.account.name}\t${p.duplicate.id}\t${p.duplicate.name}\t${p.score}\t${p.reasons.join('; ')}\n`,
          );
        }
        process.stderr.write(
          options.merge
            ? `Merged ${merged} duplicate accounts\n`
            : `${pairs.length} likely duplicate pairs; run again with --merge to merge them\n`,
        );
      } finally {
        await database.close();
      }
    });
}
