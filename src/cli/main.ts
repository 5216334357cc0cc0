import { Command, CommanderError } from 'commander';
import { ZodError } from 'zod';
import { fail } from './cli-database.ts';
import { registerAccountsDedupe } from './commands/accounts-dedupe.ts';
import { registerAdmin } from './commands/admin.ts';
import { registerDemo } from './commands/demo.ts';
import { registerEmail } from './commands/email.ts';
import { registerExport } from './commands/export.ts';
import { registerImport } from './commands/import.ts';
import { registerIngest } from './commands/ingest.ts';
import { registerMatch } from './commands/match.ts';
import { registerModel } from './commands/model.ts';
import { registerPerson } from './commands/person.ts';
import { registerSegment } from './commands/segment.ts';
import { registerServe } from './commands/serve.ts';
import { registerTitles } from './commands/titles.ts';
import { registerWorker } from './commands/worker.ts';
import { registerWriteKey } from './commands/writekey.ts';

const program = new Command('openabm')
  .description('openabm — open-source account-based marketing')
  .showHelpAfterError()
  .exitOverride();

registerServe(program);
registerAdmin(program);
registerDemo(program);
registerImport(program);
registerExport(program);
registerTitles(program);
registerAccountsDedupe(program);
registerModel(program);
registerMatch(program);
registerWriteKey(program);
registerIngest(program);
registerPerson(program);
registerSegment(program);
registerEmail(program);
registerWorker(program);

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
