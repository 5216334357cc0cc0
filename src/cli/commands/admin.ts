import type { Command } from 'commander';
import { z } from 'zod';
import { createApiKey } from '../../auth/api-keys.ts';
import { createUser } from '../../workspaces/create-user.ts';
import { createWorkspace, defaultWorkspace } from '../../workspaces/create-workspace.ts';
import { deleteWorkspace } from '../../workspaces/delete-workspace.ts';
import { fail, openCliDatabase, openCliWorkspace } from '../cli-database.ts';

const RoleOption = z.enum(['admin', 'marketer', 'sales'], { error: 'role must be admin, marketer or sales' });

/** `openabm migrate`, `workspace`, `user` and `apikey`: scriptable set-up (and tear-down) commands. */
export function registerAdmin(program: Command): void {
  program
    .command('migrate')
    .description('Apply pending database migrations')
    .option('--data <dir>', 'embedded data directory')
    .action(async (options: { data?: string }) => {
      const database = await openCliDatabase(options);
      await database.close();
      process.stderr.write('Database is up to date\n');
    });

  const workspace = program.command('workspace').description('Manage workspaces');
  workspace
    .command('create')
    .requiredOption('--name <name>', 'workspace name')
    .option('--data <dir>', 'embedded data directory')
    .action(async (options: { name: string; data?: string }) => {
      const database = await openCliDatabase(options);
      try {
        const ws = await createWorkspace(database.db, { name: options.name });
        process.stdout.write(`${ws.id}\t${ws.slug}\n`);
      } finally {
        await database.close();
      }
    });
  workspace
    .command('list')
    .option('--data <dir>', 'embedded data directory')
    .action(async (options: { data?: string }) => {
      const database = await openCliDatabase(options);
      try {
        const rows = await database.db
          .selectFrom('workspaces')
          .select(['id', 'slug', 'name'])
          .orderBy('created_at')
          .execute();
        for (const r of rows) process.stdout.write(`${r.id}\t${r.slug}\t${r.name}\n`);
      } finally {
        await database.close();
      }
    });
  workspace
    .command('delete')
    .description('Delete a workspace and everything in it (its users stay); needs --yes')
    .requiredOption('--workspace <slug>', 'workspace slug or id')
    .option('--yes', 'really delete it')
    .option('--data <dir>', 'embedded data directory')
    .action(async (options: { workspace: string; yes?: boolean; data?: string }) => {
      if (!options.yes)
        return fail(`deleting workspace "${options.workspace}" cannot be undone: add --yes to go ahead`, 2);
      const database = await openCliDatabase(options);
      try {
        const ws = await defaultWorkspace(database.db, options.workspace);
        let last = '';
        const deleted = await deleteWorkspace(database.db, ws.id, {
          onProgress(table, rows) {
            if (process.stderr.isTTY) process.stderr.write(`\r${table}: ${rows} rows\x1b[K`);
            else if (table !== last && rows > 0) {
              process.stderr.write(`${table}\n`);
              last = table;
            }
          },
        });
        if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
        if (!deleted) return fail(`no workspace "${options.workspace}"`);
        process.stdout.write(
          `deleted workspace ${deleted.slug} (${deleted.workspaceId}): ${deleted.rows} rows in ${(deleted.milliseconds / 1000).toFixed(1)} s\n`,
        );
      } finally {
        await database.close();
      }
    });

  program
    .command('user')
    .description('Manage users')
    .command('create')
    .description('Create a user (or update their role) in a workspace')
    .requiredOption('--email <email>', 'email address')
    .requiredOption('--role <role>', 'admin, marketer or sales')
    .option('--password <password>', 'password for browser sign-in')
    .option('--workspace <slug>', 'workspace slug or id (default: the first)')
    .option('--data <dir>', 'embedded data directory')
    .action(
      async (options: {
        email: string;
        role: string;
        password?: string;
        workspace?: string;
        data?: string;
      }) => {
        const role = RoleOption.parse(options.role);
        const email = z.email({ error: `invalid email "${options.email}"` }).parse(options.email);
        const { database, workspace: ws } = await openCliWorkspace(options);
        try {
          const user = await createUser(database.db, {
            workspaceId: ws.id,
            email,
            role,
            password: options.password,
          });
          process.stdout.write(`${user.id}\n`);
        } finally {
          await database.close();
        }
      },
    );

  program
    .command('apikey')
    .description('Manage API keys')
    .command('create')
    .description('Create an API key; prints only the key on stdout')
    .requiredOption('--role <role>', 'admin, marketer or sales')
    .option('--name <name>', 'label for the key', 'cli')
    .option('--workspace <slug>', 'workspace slug or id (default: the first)')
    .option('--data <dir>', 'embedded data directory')
    .action(async (options: { role: string; name: string; workspace?: string; data?: string }) => {
      const role = RoleOption.parse(options.role);
      const { database, workspace: ws } = await openCliWorkspace(options);
      try {
        const { key } = await createApiKey(database.db, { workspaceId: ws.id, role, name: options.name });
        process.stdout.write(`${key}\n`);
      } finally {
        await database.close();
      }
    });
}
