import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { recordAudit } from '../audit/record-audit.ts';
import type { AuthContext } from '../auth/auth-context.ts';
import type { DB } from '../db/schema.ts';
import { InlineContentSchema } from './inline-message.ts';
import { AudienceSchema, resolveAudience, unknownReference } from './send-audience.ts';
import { wakeSenders } from './sender-wakeup.ts';
import { recipientHash } from './unsubscribe-token.ts';

const SendKey = z.string().trim().min(1).max(200);

/** The message of a send: a stored template (content library) or inline content. */
const MessageFields = {
  /** A template of the content library (src/content). */
  templateId: z.uuid().optional(),
  content: InlineContentSchema.optional(),
};

/** A one-off send: a message to contacts, a target list's contacts or a segment's people. */
export const OneOffSendSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    kind: z.enum(['marketing', 'transactional']).default('marketing'),
    /** The preference-page topic it belongs to (recipients who opted out of it are skipped). */
    topic: z
      .string()
      .regex(/^[a-z0-9_-]{1,40}$/)
      .nullable()
      .default(null),
    /** At most once per recipient and send key: sending the same key again queues nobody twice. */
    sendKey: SendKey.optional(),
    ...MessageFields,
    audience: AudienceSchema,
    /** Not before this time (default now). */
    sendAt: z.coerce.date().optional(),
  })
  .refine((s) => !!s.templateId !== !!s.content, {
    message: 'give exactly one of templateId or content',
    path: ['content'],
  });
export type OneOffSend = z.output<typeof OneOffSendSchema>;

/** A test send: the message rendered as one contact would get it, to up to 10 colleagues' addresses. */
export const TestSendSchema = z
  .strictObject({
    to: z.array(z.email().max(320)).min(1).max(10),
    /** Whose data fills the template. */
    contactId: z.uuid(),
    ...MessageFields,
  })
  .refine((s) => !!s.templateId !== !!s.content, {
    message: 'give exactly one of templateId or content',
    path: ['content'],
  });
export type TestSend = z.output<typeof TestSendSchema>;

export interface QueueResult {
  batchId: string;
  sendKey: string;
  queued: number;
  /** Recipients this send key had already queued (at most once per recipient and key). */
  alreadyQueued: number;
  /** Audience members without an e-mail address. */
  withoutEmail: number;
}

interface Recipient {
  email: string;
  contactId: string | null;
  accountId: string | null;
}

/** 422 naming body.templateId when the template is not in the workspace. */
async function assertTemplate(
  db: Kysely<DB>,
  workspaceId: string,
  templateId: string | undefined,
): Promise<void> {
  if (!templateId) return;
  const found = await db
    .selectFrom('content_templates')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', templateId)
    .executeTakeFirst();
  if (!found) throw unknownReference('body.templateId', 'no such template in this workspace');
}

/** Queue a one-off send: one send log row per recipient, picked up by the sender worker. */
export async function queueOneOffSend(
  db: Kysely<DB>,
  ctx: AuthContext,
  input: OneOffSend,
): Promise<QueueResult> {
  await assertTemplate(db, ctx.workspaceId, input.templateId);
  const { contacts } = await resolveAudience(db, ctx.workspaceId, input.audience);
  const recipients = contacts.flatMap((c) =>
    c.email ? [{ email: c.email, contactId: c.id, accountId: c.account_id }] : [],
  );
  return queue(db, ctx, {
    name: input.name,
    kind: input.kind,
    topic: input.topic,
    sendKey: input.sendKey,
    templateId: input.templateId ?? null,
    content: input.content ?? null,
    audience: input.audience,
    recipients,
    withoutEmail: contacts.length - recipients.length,
    dueAt: input.sendAt ?? new Date(),
  });
}

/** Queue a test send (kind `test`: only suppressions are checked; no activity on anyone's timeline). */
export async function queueTestSend(db: Kysely<DB>, ctx: AuthContext, input: TestSend): Promise<QueueResult> {
  await assertTemplate(db, ctx.workspaceId, input.templateId);
  const contact = await db
    .selectFrom('contacts')
    .select('id')
    .where('workspace_id', '=', ctx.workspaceId)
    .where('id', '=', input.contactId)
    .executeTakeFirst();
  if (!contact) throw unknownReference('body.contactId', 'no such contact in this workspace');
  return queue(db, ctx, {
    name: 'Test send',
    kind: 'test',
    topic: null,
    sendKey: undefined,
    templateId: input.templateId ?? null,
    content: input.content ?? null,
    audience: { renderAs: input.contactId },
    recipients: [...new Set(input.to.map((e) => e.toLowerCase()))].map((email) => ({
      email,
      contactId: null,
      accountId: null,
    })),
    withoutEmail: 0,
    dueAt: new Date(),
  });
}

async function queue(
  db: Kysely<DB>,
  ctx: AuthContext,
  batch: {
    name: string;
    kind: 'marketing' | 'transactional' | 'test';
    topic: string | null;
    sendKey: string | undefined;
    templateId: string | null;
    content: object | null;
    audience: object;
    recipients: Recipient[];
    withoutEmail: number;
    dueAt: Date;
  },
): Promise<QueueResult> {
  const ws = ctx.workspaceId;
  const batchId = randomUUID();
  const sendKey = batch.sendKey ?? `batch:${batchId}`;
  const result = await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('email_batches')
      .values({
        workspace_id: ws,
        id: batchId,
        name: batch.name,
        kind: batch.kind,
        topic: batch.topic,
        send_key: sendKey,
        template_id: batch.templateId,
        content: batch.content ? JSON.stringify(batch.content) : null,
        audience: JSON.stringify(batch.audience),
        created_by: ctx.actorId,
      })
      .execute();
    let queued = 0;
    for (let start = 0; start < batch.recipients.length; start += 2000) {
      const chunk = batch.recipients.slice(start, start + 2000);
      const rows = await trx
        .insertInto('email_sends')
        .values(
          chunk.map((r) => ({
            workspace_id: ws,
            batch_id: batchId,
            send_key: sendKey,
            recipient_hash: recipientHash(r.email),
            email: r.email.toLowerCase(),
            contact_id: r.contactId,
            account_id: r.accountId,
            kind: batch.kind,
            topic: batch.topic,
            due_at: batch.dueAt,
          })),
        )
        .onConflict((oc) => oc.columns(['workspace_id', 'send_key', 'recipient_hash']).doNothing())
        .returning('id')
        .execute();
      queued += rows.length;
    }
    await recordAudit(trx, ctx, {
      action: 'email.queue',
      objectType: 'email_batch',
      objectId: batchId,
      changes: { name: batch.name, kind: batch.kind, sendKey, queued },
    });
    return {
      batchId,
      sendKey,
      queued,
      alreadyQueued: batch.recipients.length - queued,
      withoutEmail: batch.withoutEmail,
    };
  });
  wakeSenders();
  return result;
}
