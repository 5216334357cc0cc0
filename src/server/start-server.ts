import { type AlertWorker, startAlertWorker } from '../alerts/alert-worker.ts';
import type { Database } from '../db/database.ts';
import { type SenderWorker, startSenderWorker } from '../email/sender-worker.ts';
import { type App, buildApp } from '../http/app.ts';
import type { InboundProcessor } from '../ingest/inbound-processor.ts';
import { startInboundProcessor } from '../ingest/inbound-processor.ts';
import { startInboundWorker } from '../ingest/inbound-worker.ts';
import { type PlayWorker, startPlayWorker } from '../plays/play-worker.ts';
import { type SegmentUpkeep, startSegmentUpkeep } from '../segments/segment-upkeep.ts';
import { type MomentumRefresher, startMomentumRefresher } from '../signals/momentum-refresher.ts';
import type { ServerDatabase } from './open-server-database.ts';
import { ensureWebAppBuild } from './web-app-build.ts';

export interface StartServerOptions {
  /** The database this server owns (openServerDatabase); closed when the server stops. */
  server: ServerDatabase;
  port: number;
  host: string;
  /** Log requests (pino). */
  logger?: boolean;
  /** Build the web app first when it is missing or stale (default true). */
  buildWebApp?: boolean;
  /** Where start-up notes go (default stderr). */
  note?: (text: string) => void;
}

export interface RunningServer {
  readonly app: App;
  readonly database: Database;
  /** Embedded: the socket directory other openabm processes reach the database through. */
  readonly socketDir: string | null;
  /** The URL it listens on. */
  readonly address: string;
  /** Stop in order: HTTP, background workers, the socket other processes use, the database, the lock. */
  stop(): Promise<void>;
}

/**
 * The one place a server process is put together (`openabm serve` and `openabm demo` both come
 * here): build the web app if needed, build the HTTP app, start every background worker — the
 * inbound processor (turns events accepted at /v1/* into activities and scores; on a PostgreSQL
 * server in a worker thread, so requests and processing each have a core), the plays worker, the segment upkeep and the momentum
 * refresher (brings quiet accounts up to the current week), and the e-mail sender (delivers queued
 * sends; on PostgreSQL every server process runs one, and they share the queue) — and listen. A background job added
 * here runs wherever openabm serves.
 *
 * @example
 * const server = await startServer({ server: await openServerDatabase({ dataDir, command: 'serve' }), port: 3000, host: '127.0.0.1' });
 * // … on shutdown:
 * await server.stop();
 */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const note = options.note ?? ((text: string) => process.stderr.write(text));
  const { database, url } = options.server;
  let app: App | null = null;
  let inbound: InboundProcessor | null = null;
  let momentum: MomentumRefresher | null = null;
  let plays: PlayWorker | null = null;
  let alerts: AlertWorker | null = null;
  let segments: SegmentUpkeep | null = null;
  let sender: SenderWorker | null = null;
  const stop = async () => {
    try {
      await app?.close();
      await inbound?.stop();
      await momentum?.stop();
      await plays?.stop();
      await alerts?.stop();
      await segments?.stop();
      await sender?.stop();
    } finally {
      await options.server.close();
    }
  };
  try {
    if (options.buildWebApp ?? true) {
      const web = await ensureWebAppBuild();
      if (web.state === 'built') note(`Built the web app (web/dist) in ${web.milliseconds} ms\n`);
      if (web.state === 'unavailable') note(`The web app is not served: ${web.reason}\n`);
    }
    app = await buildApp({ database, logger: options.logger ?? false });
    inbound =
      database.kind === 'postgres' && url
        ? startInboundWorker(database, url)
        : startInboundProcessor(database);
    momentum = startMomentumRefresher(database.db);
    plays = startPlayWorker(database.db);
    alerts = startAlertWorker(database.db);
    segments = startSegmentUpkeep(database.db);
    sender = startSenderWorker(database.db);
    const address = await app.listen({ port: options.port, host: options.host });
    return { app, address, database, socketDir: options.server.socketDir, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Stop the server and exit on SIGINT or SIGTERM (what the CLI does while it serves). */
export function stopOnSignals(stop: () => Promise<void>): void {
  const handler = () => {
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`openabm: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
}
