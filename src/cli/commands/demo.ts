import path from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { defaultDemoDir } from '../../demo/demo-data-dir.ts';
import { runDemo } from '../../demo/run-demo.ts';
import { stopOnSignals } from '../../server/start-server.ts';
import { parsePort } from './serve.ts';

const Options = z.object({
  data: z.string().optional(),
  port: z.string().optional(),
  host: z.string(),
  seed: z.coerce.number({ error: '--seed must be a whole number' }).int('--seed must be a whole number'),
  accounts: z.coerce
    .number({ error: '--accounts must be a whole number' })
    .int('--accounts must be a whole number')
    .min(1, '--accounts must be at least 1')
    .max(2_000_000, '--accounts must be at most 2,000,000'),
  serve: z.boolean(),
  log: z.boolean().optional(),
  mail: z.boolean().optional(),
});

/** `openabm demo`: build (or reuse) the demo world, print how to get in, and serve it. */
export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('Build a deterministic demo B2B market into a fresh data dir (or reuse it) and serve it')
    .option('--data <dir>', 'embedded data directory (default ./.openabm-demo)')
    .option('--port <port>', 'port to listen on (default 3000, or PORT)')
    .option('--host <host>', 'interface to bind', '127.0.0.1')
    .option('--seed <n>', 'random seed: the same seed gives the same world', '42')
    .option('--accounts <n>', 'number of accounts', '5000')
    .option('--no-serve', 'build the world and print the credentials, then exit')
    .option('--log', 'log requests while serving')
    .option('--mail', 'start a local catcher SMTP server and send the demo e-mail to it (default: dry run)')
    .action(async (raw: unknown, command: Command) => {
      const options = Options.parse(raw);
      const demo = await runDemo({
        dataDir: options.data ? path.resolve(options.data) : defaultDemoDir(),
        databaseUrl: process.env.DATABASE_URL,
        seed: options.seed,
        accounts: options.accounts,
        serve: options.serve,
        port: parsePort(options.port),
        host: options.host,
        log: options.log,
        mail: options.mail ?? false,
        explicitSize: ['seed', 'accounts'].some((o) => command.getOptionValueSource(o) === 'cli'),
      });
      if (!demo.address) {
        await demo.close();
        return;
      }
      stopOnSignals(demo.close);
    });
}
