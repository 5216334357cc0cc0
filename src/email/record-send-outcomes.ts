import { type Kysely, sql } from 'kysely';
import type { ActivityFields } from '../activities/activity-fields.ts';
import { insertActivities } from '../activities/insert-activities.ts';
import { systemContext } from '../auth/auth-context.ts';
import type { DB } from '../db/schema.ts';
import { applyDeliveryProblem } from './apply-delivery-problem.ts';
import type { ClaimedSend } from './claim-sends.ts';
import type { EmailSettings } from './email-settings.ts';

interface Attempted {
  messageId: string;
  subject: string;
  accountId: string | null;
}

/** What the sender decided or learnt for one claimed send. */
export type SendOutcome = { send: ClaimedSend } & (
  | { status: 'refused'; reason: string }
  | { status: 'deferred'; until: Date; reason: string }
  | ({ status: 'sent'; response: string; dryRun: boolean } & Attempted)
  | ({ status: 'retry'; until: Date; reason: string } & Attempted)
  | ({ status: 'bounced'; reason: string } & Attempted)
  | ({ status: 'uncertain'; reason: string } & Attempted)
  | ({ status: 'failed'; reason: string } & Partial<Attempted>)
);

const STORED_STATUS = {
  refused: 'refused',
  deferred: 'queued',
  sent: 'sent',
  retry: 'queued',
  bounced: 'bounced',
  uncertain: 'uncertain',
  failed: 'failed',
} as const;

/**
 * Write the outcomes of one worker's round in one transaction: each send's status, reason, SMTP
 * reply and next due time (deferred and retried sends go back to the queue), and the activities —
 * `email_sent` for every send to a contact that went out (dry runs flagged `dryRun`), with the
 * send id in the activity's messageId so it is written once; a recipient the server refused outright
 * is a hard bounce (applyDeliveryProblem).
 */
export async function recordSendOutcomes(
  db: Kysely<DB>,
  workspaceId: string,
  workerId: string,
  outcomes: readonly SendOutcome[],
  settings: EmailSettings,
): Promise<void> {
  if (outcomes.length === 0) return;
  const now = new Date();
  await db.transaction().execute(async (trx) => {
    await sql`
      UPDATE email_sends s
         SET status = v.status, reason = v.reason, smtp_response = COALESCE(v.response, s.smtp_response),
             due_at = COALESCE(v.due_at, s.due_at),
             claimed_by = CASE WHEN v.status = 'queued' THEN NULL ELSE s.claimed_by END,
             sent_at = CASE WHEN v.status IN ('sent', 'bounced', 'uncertain') THEN s.sent_at ELSE NULL END,
             updated_at = now()
        FROM unnest(${outcomes.map((o) => o.send.id)}::uuid[], ${outcomes.map((o) => STORED_STATUS[o.status])}::text[],
                    ${outcomes.map((o) => ('reason' in o ? o.reason : null))}::text[],
                    ${outcomes.map((o) => (o.status === 'sent' ? o.response : null))}::text[],
                    ${outcomes.map((o) => ('until' in o ? o.until.toISOString() : null))}::timestamptz[])
             AS v(id, status, reason, response, due_at)
       WHERE s.workspace_id = ${workspaceId} AND s.id = v.id AND s.claimed_by = ${workerId}
         AND s.status IN ('claimed', 'sending', 'uncertain')`.execute(trx);
    const activities: ActivityFields[] = [];
    for (const o of outcomes) {
      if (o.status !== 'sent' || !o.send.contact_id) continue;
      activities.push({
        type: 'email_sent',
        occurredAt: now.toISOString(),
        contactId: o.send.contact_id,
        accountId: o.accountId,
        source: 'email',
        messageId: `email:${o.send.id}:sent`,
        properties: {
          sendId: o.send.id,
          batchId: o.send.batch_id,
          messageId: o.messageId,
          subject: o.subject.slice(0, 300),
          kind: o.send.kind,
          ...(o.send.topic ? { topic: o.send.topic } : {}),
          ...(o.dryRun ? { dryRun: true } : {}),
        },
      });
    }
    if (activities.length > 0)
      await insertActivities(trx, systemContext(workspaceId, 'email-sender'), activities, { audit: false });
    for (const o of outcomes) {
      if (o.status !== 'bounced') continue;
      await applyDeliveryProblem(trx, workspaceId, settings, {
        sendId: o.send.id,
        kind: 'hard',
        detail: o.reason,
        at: now,
      });
    }
  });
}
