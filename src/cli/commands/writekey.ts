import type { Command } from 'commander';
import { z } from 'zod';
import { recordAudit } from '../../audit/record-audit.ts';
import { systemContext } from '../../auth/auth-context.ts';
import { createWriteKey, listWriteKeys } from '../../ingest/write-keys.ts';
import { openCliWorkspace } from '../cli-database.ts';

const Name = z.string().trim().min(1, 'name must not be empty').max(100, 'name is at most 100 characters');

/** `openabm writekey create --name web` (prints only the key) and `openabm writekey list`. */
export function registerWriteKey(program: Command): void {
  const writekey = program.command('writekey').description('Manage write keys for the tracking API (/v1/*)');
  writekey
    .command('create')
    .description('Create a write key; prints only the key')
    .requiredOption('--name <name>', 'source name, e.g. web')
    .option('--workspace <slug>', 'workspace slug or id (default: the first)')
    .option('--data <dir>', 'embedded data directory')
    .action(async (options: { name: string; workspace?: string; data?: string }) => {
      const name = Name.parse(options.name);
      const { database, workspace } = await openCliWorkspace(options);
      try {
        const created = await database.db.transaction().execute(async (trx) => {
          const key = await createWriteKey(trx, { workspaceId: workspace.id, name });
          await recordAudit(trx, systemContext(workspace.id), {
            action: 'write_key.create',
            objectType: 'write_key',
            objectId: key.id,
            changes: { name },
          });
          return key;
        });
        process.stdout.write(`${created.key}\n`);
      } finally {
        await database.close();
      }
    });
  writekey
    .command('list')
    .option('--workspace <slug>', 'workspace slug or id (default: the first)')
    .option('--data <dir>', 'embedded data directory')
    .action(async (options: { workspace?: string; data?: string }) => {
      const { database, workspace } = await openCliWorkspace(options);
      try {
        for (const k of await listWriteKeys(database.db, workspace.id)) {
          const state = k.revokedAt ? `revoked ${k.revokedAt.toISOString()}` : 'active';
          process.stdout.write(`${k.id}\t${k.name}\t${k.prefix}…\t${state}\n`);
        }
      } finally {
        await database.close();
      }
    });
}
