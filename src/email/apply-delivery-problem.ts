import type { Kysely } from 'kysely';
import { insertActivities } from '../activities/insert-activities.ts';
import { systemContext } from '../auth/auth-context.ts';
import type { DB } from '../db/schema.ts';
import type { EmailSettings } from './email-settings.ts';

/** A delivery report about one send: a bounce (hard or soft), a complaint, or a delivery. */
export interface DeliveryReport {
  sendId: string;
  kind: 'hard' | 'soft' | 'complaint' | 'delivered';
  detail: string;
  at: Date;
}

export type ReportEffect = 'bounced' | 'suppressed' | 'complained' | 'delivered' | 'unknown-send';

/**
 * Apply a delivery report to its send, in the caller's transaction. A hard bounce suppresses the
 * address and marks the contact bounced; soft bounces do so once the address has bounced softly
 * `softBounceLimit` times; a complaint suppresses the address and unsubscribes the contact. Bounces
 * and complaints become activities of the person and account (`email_bounced`, `email_complained`,
 * written once per send) and an outbox event for plays (`signal_events`).
 */
export async function applyDeliveryProblem(
  trx: Kysely<DB>,
  workspaceId: string,
  settings: EmailSettings,
  report: DeliveryReport,
): Promise<ReportEffect> {
  const send = await trx
    .selectFrom('email_sends')
    .select(['id', 'recipient_hash', 'email', 'contact_id', 'account_id', 'batch_id', 'status'])
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', report.sendId)
    .executeTakeFirst();
  if (!send) return 'unknown-send';
  if (report.kind === 'delivered') {
    await trx
      .updateTable('email_sends')
      .set({
        delivered_at: report.at,
        updated_at: new Date(),
        ...(send.status === 'sent' ? { status: 'delivered' } : {}),
      })
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', send.id)
      .execute();
    return 'delivered';
  }
  const complaint = report.kind === 'complaint';
  const reason = report.detail.slice(0, 1000);
  await trx
    .updateTable('email_sends')
    .set(
      report.kind === 'complaint'
        ? { status: 'complained', complained_at: report.at, reason, updated_at: new Date() }
        : {
            status: 'bounced',
            bounced_at: report.at,
            bounce_type: report.kind,
            reason,
            updated_at: new Date(),
          },
    )
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', send.id)
    .execute();
  let suppress: 'hard_bounce' | 'soft_bounces' | 'complaint' | null = complaint ? 'complaint' : null;
  if (report.kind === 'hard') suppress = 'hard_bounce';
  if (report.kind === 'soft') {
    const soft = await trx
      .selectFrom('email_sends')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('workspace_id', '=', workspaceId)
      .where('recipient_hash', '=', send.recipient_hash)
      .where('bounce_type', '=', 'soft')
      .executeTakeFirstOrThrow();
    if (Number(soft.n) >= settings.softBounceLimit) suppress = 'soft_bounces';
  }
  if (suppress) {
    await trx
      .insertInto('email_suppressions')
      .values({
        workspace_id: workspaceId,
        recipient_hash: send.recipient_hash,
        reason: suppress,
        detail: report.detail.slice(0, 1000),
      })
      .onConflict((oc) => oc.columns(['workspace_id', 'recipient_hash']).doNothing())
      .execute();
    if (send.email) {
      await trx
        .updateTable('contacts')
        .set(
          complaint
            ? { unsubscribed: true, updated_at: new Date() }
            : { bounced: true, updated_at: new Date() },
        )
        .where('workspace_id', '=', workspaceId)
        .where('email', '=', send.email)
        .execute();
    }
  }
  const type = complaint ? 'email_complained' : 'email_bounced';
  if (send.contact_id) {
    await insertActivities(
      trx,
      systemContext(workspaceId, 'email-feedback'),
      [
        {
          type,
          occurredAt: report.at.toISOString(),
          contactId: send.contact_id,
          accountId: send.account_id,
          source: 'email',
          messageId: `email:${send.id}:${type}`,
          properties: {
            sendId: send.id,
            batchId: send.batch_id,
            ...(complaint ? {} : { bounceType: report.kind }),
          },
        },
      ],
      { audit: false },
    );
  }
  await trx
    .insertInto('signal_events')
    .values({
      workspace_id: workspaceId,
      type,
      account_id: send.account_id,
      payload: JSON.stringify({
        sendId: send.id,
        contactId: send.contact_id,
        ...(complaint ? {} : { bounceType: report.kind }),
        suppressed: suppress !== null,
      }),
    })
    .execute();
  if (complaint) return 'complained';
  return suppress ? 'suppressed' : 'bounced';
}
