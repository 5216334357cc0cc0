import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';

/** A message the catcher accepted. */
export interface CaughtMessage {
  from: string | null;
  to: string[];
  raw: Buffer;
  parsed: ParsedMail;
}

/** A rejection the catcher answers with: an SMTP reply code and text. */
export interface CatcherReply {
  code: number;
  message: string;
}

export interface MailCatcherOptions {
  port?: number;
  host?: string;
  /** Refuse a recipient (e.g. 550 for an unknown user); null accepts it. */
  onRecipient?: (address: string) => CatcherReply | null;
  /** Refuse a message after its data (e.g. 451 to test retries); null accepts it. */
  onMessage?: (message: CaughtMessage, count: number) => CatcherReply | null;
  /** Wait this long before answering each message's data (to test a sender dying mid-transaction). */
  replyDelayMs?: number;
  /** Called for each accepted message. */
  onCaught?: (message: CaughtMessage) => void;
  /** Only count messages, neither parse nor keep them (benchmarks). */
  countOnly?: boolean;
}

export interface MailCatcher {
  readonly port: number;
  readonly host: string;
  /** Accepted messages, in arrival order (empty with `countOnly`). */
  readonly messages: CaughtMessage[];
  /** How many messages were accepted. */
  readonly count: number;
  /** Resolve once `count` messages were accepted (rejects after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<CaughtMessage[]>;
  close(): Promise<void>;
}

function reply(error: CatcherReply): Error {
  return Object.assign(new Error(error.message), { responseCode: error.code });
}

/**
 * A local SMTP server that accepts any mail (no TLS, any or no login) and keeps it in memory, parsed
 * with mailparser: what `openabm demo --mail` sends to, and what tests read sent messages back from.
 *
 * @example
 * const catcher = await startMailCatcher({ port: 0 });
 * // … send to 127.0.0.1:catcher.port …
 * const [message] = await catcher.waitFor(1);
 */
export async function startMailCatcher(options: MailCatcherOptions = {}): Promise<MailCatcher> {
  const messages: CaughtMessage[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  let received = 0;
  let counted = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    size: 25 * 1024 * 1024,
    onAuth: (_auth, _session, callback) => callback(null, { user: 'catcher' }),
    onRcptTo: (address: SMTPServerAddress, _session, callback) => {
      const refusal = options.onRecipient?.(address.address);
      callback(refusal ? reply(refusal) : null);
    },
    onData: (stream, session, callback) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (options.countOnly) {
          counted += 1;
          callback(null, 'Queued as catcher');
          return;
        }
        const raw = Buffer.concat(chunks);
        simpleParser(raw).then(
          (parsed) => {
            received += 1;
            const message: CaughtMessage = {
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
              to: session.envelope.rcptTo.map((r) => r.address),
              raw,
              parsed,
            };
            const refusal = options.onMessage?.(message, received);
            const answer = () => {
              if (refusal) return callback(reply(refusal));
              messages.push(message);
              options.onCaught?.(message);
              for (const w of waiters.filter((w) => messages.length >= w.count)) w.resolve();
              callback(null, 'Queued as catcher');
            };
            if (options.replyDelayMs) setTimeout(answer, options.replyDelayMs);
            else answer();
          },
          (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
        );
      });
    },
  });
  server.on('error', () => {});
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    host,
    messages,
    get count() {
      return counted + messages.length;
    },
    waitFor(count, timeoutMs = 20_000) {
      if (messages.length >= count) return Promise.resolve(messages.slice());
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`waited ${timeoutMs} ms for ${count} messages, got ${messages.length}`)),
          timeoutMs,
        );
        waiters.push({
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve(messages.slice());
          },
        });
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
