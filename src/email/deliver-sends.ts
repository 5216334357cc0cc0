import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type Mail from 'nodemailer/lib/mailer/index.js';
import type { DB } from '../db/schema.ts';
import type { ClaimedSend } from './claim-sends.ts';
import { composeMessage } from './compose-message.ts';
import { type EmailSettings, loadEmailSettings } from './email-settings.ts';
import { recordSendOutcomes, type SendOutcome } from './record-send-outcomes.ts';
import type { RenderForContact } from './rendered-message.ts';
import { decideSends } from './send-policy.ts';
import type { SendRateLimiter } from './send-rate-limiter.ts';
import { classifySmtpError } from './smtp-outcome.ts';
import type { SmtpTransports } from './smtp-transport.ts';

/** Finds the renderer of a batch (template or inline content); null when it cannot be rendered. */
export type BatchRenderers = (
  db: Kysely<DB>,
  workspaceId: string,
  batchId: string,
) => Promise<
  | {
      render: RenderForContact & { prime?: (contactIds: readonly string[]) => Promise<void> };
      renderAs: string | null;
    }
  | { error: string }
>;

export interface DeliverOptions {
  workerId: string;
  transports: SmtpTransports;
  rateLimiter: SendRateLimiter;
  renderers: BatchRenderers;
  /** Sends whose outcomes are written in one transaction (default 250). */
  recordEvery?: number;
  /** Attempts before a temporarily failing send is given up (default 5). */
  maxAttempts?: number;
  /** Wait before attempt n+1 after n failed (default 1 min × 4^(n-1), at most 6 h). */
  backoffMs?: (attempts: number) => number;
  now?: () => Date;
}

const DRY_RUN_RESPONSE = 'dry-run: not sent (the workspace has no SMTP settings)';

/** A send rendered and composed, ready for its SMTP transaction. */
interface Ready {
  send: ClaimedSend;
  messageId: string;
  subject: string;
  mail: Mail.Options;
  accountId: string | null;
}

const defaultBackoff = (attempts: number) => Math.min(6 * 3600_000, 60_000 * 4 ** Math.max(0, attempts - 1));

/**
 * Deliver claimed sends, workspace by workspace: decide each at this moment (send policy), render,
 * mark the ones going out `sending` in one statement (committed before any SMTP transaction: a crash
 * from here on leaves them uncertain, never re-sent), hand them to the workspace's pooled SMTP
 * transport (or, without SMTP settings, record a marked dry run), and record each outcome with its
 * activity. Returns the outcomes.
 */
export async function deliverSends(
  db: Kysely<DB>,
  claimed: readonly ClaimedSend[],
  options: DeliverOptions,
): Promise<SendOutcome[]> {
  const byWorkspace = new Map<string, ClaimedSend[]>();
  for (const send of claimed)
    byWorkspace.set(send.workspace_id, [...(byWorkspace.get(send.workspace_id) ?? []), send]);
  const outcomes: SendOutcome[] = [];
  for (const [workspaceId, sends] of byWorkspace) {
    const settings = await loadEmailSettings(db, workspaceId);
    outcomes.push(...(await deliverForWorkspace(db, workspaceId, settings, sends, options)));
  }
  return outcomes;
}

async function deliverForWorkspace(
  db: Kysely<DB>,
  workspaceId: string,
  settings: EmailSettings,
  sends: readonly ClaimedSend[],
  options: DeliverOptions,
): Promise<SendOutcome[]> {
  const now = options.now?.() ?? new Date();
  const decisions = await decideSends(
    db,
    workspaceId,
    settings,
    sends.map((s) => ({
      id: s.id,
      email: s.email,
      recipientHash: s.recipient_hash,
      contactId: s.contact_id,
      kind: s.kind,
      topic: s.topic,
    })),
    now,
  );
  const outcomes: SendOutcome[] = [];
  const ready: Ready[] = [];
  const renderers = new Map<string, Awaited<ReturnType<BatchRenderers>>>();
  for (const batchId of new Set(sends.map((s) => s.batch_id))) {
    const renderer = await options.renderers(db, workspaceId, batchId);
    renderers.set(batchId, renderer);
    // One query for the round's recipients of this batch, not one per message.
    if ('render' in renderer && renderer.render.prime)
      await renderer.render.prime(
        sends.flatMap((s) => (s.batch_id === batchId && s.contact_id ? [s.contact_id] : [])),
      );
  }
  for (const send of sends) {
    const decision = decisions.get(send.id);
    if (!decision || decision.action === 'refuse') {
      outcomes.push({ send, status: 'refused', reason: decision?.reason ?? 'no decision' });
      continue;
    }
    if (decision.action === 'defer') {
      outcomes.push({ send, status: 'deferred', until: decision.until, reason: decision.reason });
      continue;
    }
    const renderer = renderers.get(send.batch_id) ?? { error: 'the send’s batch was not loaded' };
    if ('error' in renderer) {
      outcomes.push({ send, status: 'failed', reason: renderer.error });
      continue;
    }
    const as = send.contact_id ?? renderer.renderAs;
    if (!as || !send.email) {
      outcomes.push({ send, status: 'failed', reason: 'nobody to render the message for' });
      continue;
    }
    try {
      const rendered = await renderer.render(as);
      const composed = await composeMessage(
        db,
        settings,
        {
          id: send.id,
          workspaceId,
          email: send.email,
          contactId: send.contact_id,
          batchId: send.batch_id,
          kind: send.kind,
        },
        rendered,
      );
      ready.push({
        send,
        messageId: composed.messageId,
        subject: rendered.subject,
        mail: composed.mail,
        accountId: decision.accountId,
      });
    } catch (error) {
      outcomes.push({
        send,
        status: 'failed',
        reason: `rendering failed: ${error instanceof Error ? error.message : String(error)}`,
      });
    }
  }
  const dryRun = settings.mode === 'dry-run';
  // Refusals, deferrals and rendering failures are settled before anything goes out.
  await recordSendOutcomes(db, workspaceId, options.workerId, outcomes, settings);
  const maxAttempts = options.maxAttempts ?? 5;
  const backoff = options.backoffMs ?? defaultBackoff;
  const attempt = async (r: Ready): Promise<SendOutcome> => {
    const base = { send: r.send, messageId: r.messageId, subject: r.subject, accountId: r.accountId };
    if (dryRun) return { ...base, status: 'sent', response: DRY_RUN_RESPONSE, dryRun };
    const domain = (r.send.email ?? '').split('@')[1] ?? '';
    // Paced per workspace and per recipient domain (settings.rateLimit), across this process's batches.
    const wait = options.rateLimiter.reserve([
      { key: workspaceId, perSecond: settings.rateLimit.perSecond },
      { key: `${workspaceId}:${domain.toLowerCase()}`, perSecond: settings.rateLimit.perDomainPerSecond },
    ]);
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    try {
      const info = await options.transports.get(workspaceId, settings).sendMail(r.mail);
      return { ...base, status: 'sent', response: String(info.response ?? '').slice(0, 1000), dryRun };
    } catch (error) {
      const outcome = classifySmtpError(error);
      if (outcome.kind === 'temporary') {
        const attempts = r.send.attempts + 1;
        if (attempts >= maxAttempts)
          return {
            ...base,
            status: 'failed',
            reason: `gave up after ${attempts} attempts: ${outcome.reason}`,
          };
        return {
          ...base,
          status: 'retry',
          until: new Date(Date.now() + backoff(attempts)),
          reason: outcome.reason,
        };
      }
      if (outcome.kind === 'rejected-recipient')
        return { ...base, status: 'bounced', reason: outcome.reason };
      if (outcome.kind === 'uncertain') return { ...base, status: 'uncertain', reason: outcome.reason };
      return { ...base, status: 'failed', reason: outcome.kind === 'sent' ? '' : outcome.reason };
    }
  };
  // In flight a group at a time (four messages per pooled connection, at most half a second of the
  // workspace's rate, so paced messages wait little while marked), the next group marked and handed
  // to the pool while the previous one finishes, so the connections stay busy. Outcomes are written
  // together, one transaction per `recordEvery` sends (the statuses in one statement, the activities
  // in one insert): a crash before that write leaves those sends `sending`, settled as uncertain,
  // never re-sent.
  const group = dryRun
    ? 500
    : Math.max(1, Math.min(settings.rateLimit.connections * 4, Math.ceil(settings.rateLimit.perSecond / 2)));
  const recordEvery = options.recordEvery ?? 250;
  let previous: Promise<SendOutcome[]> | null = null;
  let unrecorded: SendOutcome[] = [];
  const record = async () => {
    const batch = unrecorded;
    unrecorded = [];
    await recordSendOutcomes(db, workspaceId, options.workerId, batch, settings);
    outcomes.push(...batch);
  };
  const finish = async (attempts: Promise<SendOutcome[]>) => {
    unrecorded.push(...(await attempts));
    if (unrecorded.length >= recordEvery) await record();
  };
  try {
    for (let start = 0; start < ready.length; start += group) {
      const part = ready.slice(start, start + group);
      // The in-flight mark, committed before the first byte of these messages goes to the SMTP server.
      await sql`
        UPDATE email_sends s
           SET status = 'sending', message_id = v.message_id, subject = v.subject, dry_run = ${dryRun},
               attempts = s.attempts + 1, sent_at = now(), updated_at = now()
          FROM unnest(${part.map((r) => r.send.id)}::uuid[], ${part.map((r) => r.messageId)}::text[],
                      ${part.map((r) => r.subject)}::text[]) AS v(id, message_id, subject)
         WHERE s.workspace_id = ${workspaceId} AND s.id = v.id AND s.claimed_by = ${options.workerId}`.execute(
        db,
      );
      const sending = Promise.all(part.map(attempt));
      if (previous) await finish(previous);
      previous = sending;
    }
    if (previous) await finish(previous);
  } finally {
    // What went out is written even when a later mark failed.
    if (unrecorded.length > 0) await record();
  }
  return outcomes;
}
