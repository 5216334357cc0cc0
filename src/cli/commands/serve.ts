import type { Command } from 'commander';
import { buildApp } from '../../http/app.ts';
import { startInboundProcessor } from '../../ingest/inbound-processor.ts';
import { startInboundWorker } from '../../ingest/inbound-worker.ts';
import { startMomentumRefresher } from '../../signals/momentum-refresher.ts';
import { openCliDatabase } from '../cli-database.ts';

export function parsePort(value: string | undefined): number {
  const port = Number(value ?? process.env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`Invalid port "${value}"`);
  return port;
}

/** `openabm serve`: the API (and web app) on one port, on the embedded database or DATABASE_URL. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('Run the API and web app')
    .option('--port <port>', 'port to listen on (default 3000, or PORT)')
    .option('--host <host>', 'interface to bind', '127.0.0.1')
    .option('--data <dir>', 'embedded data directory (default ./.openabm, or OPENABM_DATA)')
    .option('--quiet', 'do not log requests')
    .action(async (options: { port?: string; host: string; data?: string; quiet?: boolean }) => {
      const started = performance.now();
      const port = parsePort(options.port);
      const database = await openCliDatabase(options);
      const app = await buildApp({ database, logger: !options.quiet });
      // Turns events accepted by /v1/* into activities and scores (also what an earlier run left):
      // on a PostgreSQL server in a worker thread, so requests and processing each have a core.
      const url = process.env.DATABASE_URL;
      const inbound =
        database.kind === 'postgres' && url
          ? startInboundWorker(database, url)
          : startInboundProcessor(database);
      // Momentum is stored per week: bring quiet accounts up to the current week as weeks roll over.
      const momentum = startMomentumRefresher(database.db);
      const address = await app.listen({ port, host: options.host });
      process.stderr.write(
        `openabm serving ${address} on ${database.kind === 'postgres' ? 'PostgreSQL' : 'the embedded database'} ` +
          `(ready in ${Math.round(performance.now() - started)} ms)\n`,
      );
      const stop = async () => {
        await app.close();
        await inbound.stop();
        await momentum.stop();
        await database.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
