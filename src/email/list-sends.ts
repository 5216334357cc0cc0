import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../db/schema.ts';

/** Filters of the send log. */
export const SendLogQuerySchema = z.strictObject({
  contactId: z.uuid().optional(),
  accountId: z.uuid().optional(),
  batchId: z.uuid().optional(),
  status: z
    .enum([
      'queued',
      'claimed',
      'sending',
      'sent',
      'uncertain',
      'failed',
      'refused',
      'delivered',
      'bounced',
      'complained',
    ])
    .optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  /** Keyset cursor: the `queuedAt|id` of the last row of the previous page. */
  after: z
    .string()
    .regex(/^[^|]+\|[0-9a-f-]{36}$/, 'must be the nextCursor of the previous page')
    .optional(),
});
export type SendLogQuery = z.infer<typeof SendLogQuerySchema>;

/** One row of the send log as the API shows it. */
export const SendOutSchema = z.object({
  id: z.string(),
  batchId: z.string(),
  batchName: z.string().nullable(),
  sendKey: z.string(),
  email: z.string().nullable(),
  contactId: z.string().nullable(),
  accountId: z.string().nullable(),
  kind: z.string(),
  topic: z.string().nullable(),
  status: z.string(),
  dryRun: z.boolean(),
  subject: z.string().nullable(),
  reason: z.string().nullable(),
  attempts: z.number(),
  messageId: z.string().nullable(),
  smtpResponse: z.string().nullable(),
  queuedAt: z.string(),
  dueAt: z.string(),
  sentAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  openedAt: z.string().nullable(),
  clickedAt: z.string().nullable(),
  bouncedAt: z.string().nullable(),
  bounceType: z.string().nullable(),
  complainedAt: z.string().nullable(),
  unsubscribedAt: z.string().nullable(),
});
export type SendOut = z.infer<typeof SendOutSchema>;

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/**
 * The send log, newest first, filtered by contact, account, batch or status (the dossier's and the
 * timeline's e-mail history), keyset-paginated.
 */
export async function listSends(
  db: Kysely<DB>,
  workspaceId: string,
  query: SendLogQuery,
): Promise<{ data: SendOut[]; nextCursor: string | null }> {
  let q = db
    .selectFrom('email_sends as s')
    .leftJoin('email_batches as b', (j) =>
      j.onRef('b.workspace_id', '=', 's.workspace_id').onRef('b.id', '=', 's.batch_id'),
    )
    .selectAll('s')
    .select('b.name as batch_name')
    .where('s.workspace_id', '=', workspaceId);
  if (query.contactId) q = q.where('s.contact_id', '=', query.contactId);
  if (query.accountId) q = q.where('s.account_id', '=', query.accountId);
  if (query.batchId) q = q.where('s.batch_id', '=', query.batchId);
  if (query.status) q = q.where('s.status', '=', query.status);
  if (query.after) {
    const [at, id] = query.after.split('|');
    const after = new Date(at ?? '');
    if (!Number.isNaN(after.getTime()) && id)
      q = q.where((eb) =>
        eb.or([eb('s.queued_at', '<', after), eb.and([eb('s.queued_at', '=', after), eb('s.id', '<', id)])]),
      );
  }
  const rows = await q
    .orderBy('s.queued_at', 'desc')
    .orderBy('s.id', 'desc')
    .limit(query.limit + 1)
    .execute();
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    data: page.map((r) => ({
      id: r.id,
      batchId: r.batch_id,
      batchName: r.batch_name,
      sendKey: r.send_key,
      email: r.email,
      contactId: r.contact_id,
      accountId: r.account_id,
      kind: r.kind,
      topic: r.topic,
      status: r.status,
      dryRun: r.dry_run,
      subject: r.subject,
      reason: r.reason,
      attempts: r.attempts,
      messageId: r.message_id,
      smtpResponse: r.smtp_response,
      queuedAt: new Date(r.queued_at).toISOString(),
      dueAt: new Date(r.due_at).toISOString(),
      sentAt: iso(r.sent_at),
      deliveredAt: iso(r.delivered_at),
      openedAt: iso(r.opened_at),
      clickedAt: iso(r.clicked_at),
      bouncedAt: iso(r.bounced_at),
      bounceType: r.bounce_type,
      complainedAt: iso(r.complained_at),
      unsubscribedAt: iso(r.unsubscribed_at),
    })),
    nextCursor:
      rows.length > query.limit && last ? `${new Date(last.queued_at).toISOString()}|${last.id}` : null,
  };
}
