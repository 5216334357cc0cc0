import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { systemContext } from '../../auth/auth-context.ts';
import { HttpProblem } from '../../errors/problem.ts';
import { erasePerson } from '../../privacy/erase-person.ts';
import { exportPerson } from '../../privacy/export-person.ts';
import { type PersonTarget, PersonTargetSchema } from '../../privacy/find-person.ts';
import { defaultWorkspace } from '../../workspaces/create-workspace.ts';
import { fail, openCliDatabase } from '../cli-database.ts';

interface PersonOptions {
  email?: string;
  contact?: string;
  workspace?: string;
  data?: string;
  out?: string;
}

/** The person named by --email or --contact (exactly one), or null after reporting the mistake. */
function personTarget(options: PersonOptions): PersonTarget | null {
  const parsed = PersonTargetSchema.safeParse({ email: options.email, contactId: options.contact });
  if (parsed.success) return parsed.data;
  fail(
    parsed.error.issues
      .map((i) => `--${i.path[0] === 'contactId' ? 'contact' : 'email'}: ${i.message}`)
      .join('; '),
    2,
  );
  return null;
}

/** Run a privacy job on the workspace named by --workspace; a missing contact is reported, not thrown. */
async function withWorkspace(
  options: PersonOptions,
  job: (database: Awaited<ReturnType<typeof openCliDatabase>>, workspaceId: string) => Promise<void>,
): Promise<void> {
  const database = await openCliDatabase(options);
  try {
    const workspace = await defaultWorkspace(database.db, options.workspace);
    await job(database, workspace.id);
  } catch (error) {
    if (!(error instanceof HttpProblem)) throw error;
    fail(error.detail ?? error.message);
  } finally {
    await database.close();
  }
}

/**
 * `openabm person erase|export --email E | --contact ID [--workspace W]`: data-subject requests
 * (GDPR Art. 17 and 15) from the command line; both print JSON.
 */
export function registerPerson(program: Command): void {
  const person = program.command('person').description('Data-subject requests: erase or export one person');
  person
    .command('erase')
    .description('Erase a person (contact, identities, personal activity data) and suppress their email')
    .option('--email <email>', 'the person’s email address')
    .option('--contact <id>', 'the contact id')
    .option('--workspace <slug>', 'workspace slug or id (default: the first workspace)')
    .option('--data <dir>', 'embedded data directory (default ./.openabm, or OPENABM_DATA)')
    .action(async (options: PersonOptions) => {
      const target = personTarget(options);
      if (!target) return;
      await withWorkspace(options, async (database, workspaceId) => {
        const result = await erasePerson(database.db, systemContext(workspaceId, 'cli:person-erase'), target);
        process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      });
    });
  person
    .command('export')
    .description('Export everything held about a person as JSON')
    .option('--email <email>', 'the person’s email address')
    .option('--contact <id>', 'the contact id')
    .option('--out <file>', 'write to this file instead of stdout')
    .option('--workspace <slug>', 'workspace slug or id (default: the first workspace)')
    .option('--data <dir>', 'embedded data directory (default ./.openabm, or OPENABM_DATA)')
    .action(async (options: PersonOptions) => {
      const target = personTarget(options);
      if (!target) return;
      await withWorkspace(options, async (database, workspaceId) => {
        const text = `${JSON.stringify(await exportPerson(database.db, workspaceId, target), null, 2)}\n`;
        if (options.out) {
          writeFileSync(options.out, text);
          process.stderr.write(`Exported the person to ${options.out}\n`);
        } else {
          process.stdout.write(text);
        }
      });
    });
}
