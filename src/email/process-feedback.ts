import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { applyDeliveryProblem, type ReportEffect } from './apply-delivery-problem.ts';
import { loadEmailSettings } from './email-settings.ts';
import { parseDeliveryReport } from './parse-delivery-report.ts';
import { recipientHash } from './unsubscribe-token.ts';

/** What one report message did. */
export interface FeedbackResult {
  /** `bounce`, `complaint`, or `ignored` (not a report, a delayed notice, or a non-abuse feedback type). */
  kind: 'bounce' | 'complaint' | 'delivered' | 'ignored';
  sendId: string | null;
  effects: { email: string | null; effect: ReportEffect | 'ignored' }[];
}

/**
 * Apply one raw report message (DSN bounce or ARF complaint) to the workspace's send log: the send is
 * the one the quoted original names, else the latest send to the reported address. Hard bounces
 * suppress at once, soft ones after the configured count; an `abuse` (or `fraud`/`virus`) complaint
 * suppresses and unsubscribes.
 */
export async function processFeedback(
  db: Kysely<DB>,
  workspaceId: string,
  raw: Buffer | string,
): Promise<FeedbackResult> {
  const report = await parseDeliveryReport(raw);
  if (!report) return { kind: 'ignored', sendId: null, effects: [] };
  const settings = await loadEmailSettings(db, workspaceId);
  const complaint = report.type === 'feedback-report';
  if (complaint && !['abuse', 'fraud', 'virus', null].includes(report.feedbackType))
    return { kind: 'ignored', sendId: report.sendId, effects: [] };
  return db.transaction().execute(async (trx) => {
    const effects: FeedbackResult['effects'] = [];
    let kind: FeedbackResult['kind'] = 'ignored';
    for (const recipient of report.recipients) {
      if (recipient.outcome === 'delayed') {
        effects.push({ email: recipient.email, effect: 'ignored' });
        continue;
      }
      const sendId = await findSend(trx, workspaceId, report.sendId, recipient.email);
      if (!sendId) {
        effects.push({ email: recipient.email, effect: 'unknown-send' });
        continue;
      }
      const reportKind = complaint ? 'complaint' : recipient.outcome;
      const effect = await applyDeliveryProblem(trx, workspaceId, settings, {
        sendId,
        kind: reportKind,
        detail: complaint
          ? `complaint (${report.feedbackType ?? 'abuse'})`
          : `${recipient.status} ${recipient.diagnostic ?? recipient.action}`.trim(),
        at: new Date(),
      });
      effects.push({ email: recipient.email, effect });
      kind = complaint ? 'complaint' : reportKind === 'delivered' ? 'delivered' : 'bounce';
    }
    return { kind, sendId: report.sendId, effects };
  });
}

async function findSend(
  db: Kysely<DB>,
  workspaceId: string,
  sendId: string | null,
  email: string | null,
): Promise<string | null> {
  if (sendId) {
    const row = await db
      .selectFrom('email_sends')
      .select('id')
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', sendId)
      .executeTakeFirst();
    if (row) return row.id;
  }
  if (!email) return null;
  const row = await db
    .selectFrom('email_sends')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('recipient_hash', '=', recipientHash(email))
    .where('sent_at', 'is not', null)
    .orderBy('sent_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.id ?? null;
}
