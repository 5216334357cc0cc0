import { Command, CommanderError } from 'commander';
import { ZodError } from 'zod';
import { fail } from './cli-database.ts';
import { registerAdmin } from './commands/admin.ts';
import { registerServe } from './commands/serve.ts';

const program = new Command('openabm')
  .description('openabm — open-source account-based marketing')
  .showHelpAfterError()
  .exitOverride();

registerServe(program);
registerAdmin(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode;
  } else if (error instanceof ZodError) {
    fail(error.issues.map((i) => i.message).join('; '), 2);
  } else {
    fail(error instanceof Error ? error.message : String(error));
  }
}
