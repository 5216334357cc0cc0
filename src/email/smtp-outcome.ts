/** What became of one SMTP transaction. */
export type SmtpOutcome =
  | { kind: 'sent'; response: string }
  | { kind: 'temporary'; reason: string }
  | { kind: 'rejected-recipient'; reason: string }
  | { kind: 'failed'; reason: string }
  | { kind: 'uncertain'; reason: string };

// Stages before the message data: failing there, the server cannot have taken the message.
const BEFORE_DATA = /^(CONN|EHLO|HELO|LHLO|STARTTLS|AUTH|MAIL FROM|RCPT TO)/i;
const NOT_CONNECTED = new Set(['ECONNECTION', 'EDNS', 'EAUTH', 'ETLS', 'ENOAUTH']);

function field(error: unknown, name: string): unknown {
  return typeof error === 'object' && error !== null && name in error
    ? (error as Record<string, unknown>)[name]
    : undefined;
}

/**
 * Classify a nodemailer error: a 4xx reply is temporary (retry with back-off); a 5xx reply to the
 * recipient is a hard bounce, any other 5xx a permanent failure; a connection or authentication error
 * before the message data is temporary; anything else (the connection lost during or after DATA, a
 * time-out waiting for the final reply) is uncertain: the server may have queued the message.
 */
export function classifySmtpError(error: unknown): SmtpOutcome {
  const code = field(error, 'responseCode');
  const command = String(field(error, 'command') ?? '');
  const errorCode = String(field(error, 'code') ?? '');
  const message = (error instanceof Error ? error.message : String(error)).slice(0, 1000);
  if (typeof code === 'number' && code >= 400 && code < 500) return { kind: 'temporary', reason: message };
  if (typeof code === 'number' && code >= 500) {
    if (/^RCPT/i.test(command) || errorCode === 'EENVELOPE')
      return { kind: 'rejected-recipient', reason: message };
    if (/^AUTH/i.test(command)) return { kind: 'temporary', reason: message };
    return { kind: 'failed', reason: message };
  }
  if (BEFORE_DATA.test(command) || NOT_CONNECTED.has(errorCode))
    return { kind: 'temporary', reason: message };
  return { kind: 'uncertain', reason: message };
}
