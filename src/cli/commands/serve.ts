import type { Command } from 'commander';
import { resolveDataDir } from '../../db/database.ts';
import { openServerDatabase } from '../../server/open-server-database.ts';
import { startServer, stopOnSignals } from '../../server/start-server.ts';

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
      const server = await startServer({
        server: await openServerDatabase({
          url: process.env.DATABASE_URL,
          dataDir: resolveDataDir(options.data),
          command: 'serve',
        }),
        port,
        host: options.host,
        logger: !options.quiet,
      });
      stopOnSignals(server.stop);
      const { database, socketDir } = server;
      process.stderr.write(
        `openabm serving ${server.address} on ${database.kind === 'postgres' ? 'PostgreSQL' : 'the embedded database'} ` +
          `(ready in ${Math.round(performance.now() - started)} ms)\n` +
          (socketDir
            ? `  other openabm commands on this data directory go through this server (${socketDir})\n`
            : ''),
      );
    });
}
