import type { Command } from 'commander';
import { z } from 'zod';
import { openServerDatabase } from '../../server/open-server-database.ts';
import { stopOnSignals } from '../../server/start-server.ts';
import { BACKGROUND_WORKERS, startWorkers } from '../../server/start-workers.ts';
import { fail } from '../cli-database.ts';

const Only = z
  .string()
  .transform((s) => s.split(',').map((x) => x.trim()))
  .pipe(
    z
      .array(
        z.enum(BACKGROUND_WORKERS, {
          error: `--only takes a comma-separated list of ${BACKGROUND_WORKERS.join(', ')}`,
        }),
      )
      .min(1),
  );

/**
 * `openabm worker`: the background workers without the HTTP server, on a PostgreSQL server
 * (DATABASE_URL). Run any number of them next to `openabm serve`; they share the work through
 * FOR UPDATE SKIP LOCKED claims. Refused on the embedded database, which one process owns (there the
 * workers run inside `openabm serve`). Stops cleanly on SIGTERM or SIGINT, finishing the work in hand.
 */
export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('Run the background workers (plays, e-mail, ingestion, segments, momentum) on DATABASE_URL')
    .option('--only <workers>', `run only these (comma-separated: ${BACKGROUND_WORKERS.join(', ')})`)
    .action(async (options: { only?: string }) => {
      const started = performance.now();
      const url = process.env.DATABASE_URL;
      if (!url) {
        fail(
          'openabm worker needs a PostgreSQL server (DATABASE_URL). On the embedded database the workers ' +
            'run inside `openabm serve`: one process owns an embedded data directory, and a second one ' +
            'opening it would lose writes.',
          2,
        );
        return;
      }
      const only = options.only === undefined ? undefined : Only.parse(options.only);
      const server = await openServerDatabase({ url, dataDir: '', command: 'worker' });
      let workers: ReturnType<typeof startWorkers>;
      try {
        workers = startWorkers(server.database, { url, ...(only ? { only } : {}) });
      } catch (error) {
        await server.close();
        throw error;
      }
      stopOnSignals(async () => {
        try {
          await workers.stop();
        } finally {
          await server.close();
        }
      });
      process.stderr.write(
        `openabm worker running ${workers.names.join(', ')} on PostgreSQL ` +
          `(pid ${process.pid}, ready in ${Math.round(performance.now() - started)} ms)\n`,
      );
    });
}
