import { createHash } from 'node:crypto';
import { wakeSenders } from '../../email/sender-wakeup.ts';
import { recipientHash } from '../../email/unsubscribe-token.ts';
import { defineStep, type StepResult } from '../step-executor.ts';

/**
 * Send a content-library template to the step's contact through the e-mail channel: one send-log
 * row queued in the step's transaction under the step's effect key as send key, so the same step
 * never mails a person twice (the send log is unique per send key and recipient). The sends of one
 * play step share one batch (its id derived from the play, version, track and step). Consent,
 * suppressions, frequency caps and quiet hours are checked by the sender at the moment of sending.
 */
export const emailStep = defineStep('email', {
  async execute(ctx, step): Promise<StepResult> {
    if (!ctx.contactId)
      return { status: 'skipped', outcome: { reason: 'an account-level track has no recipient' } };
    const contact = await ctx.trx
      .selectFrom('contacts')
      .select(['email', 'account_id'])
      .where('workspace_id', '=', ctx.workspaceId)
      .where('id', '=', ctx.contactId)
      .executeTakeFirst();
    if (!contact?.email)
      return { status: 'skipped', outcome: { reason: 'the contact has no e-mail address' } };
    // One batch per play step (version, track, step): the sender renders a round's sends of one batch
    // with one template load, instead of one per person.
    const batchKey = `play:${ctx.run.playId}:${ctx.run.version}:${ctx.track.key}:${step.id}`;
    const batchId = uuidFrom(`${ctx.workspaceId}:${batchKey}`);
    await ctx.trx
      .insertInto('email_batches')
      .values({
        workspace_id: ctx.workspaceId,
        id: batchId,
        name: `Play step ${ctx.track.key}/${step.id}`,
        kind: 'marketing',
        topic: step.topic ?? null,
        send_key: batchKey,
        template_id: step.templateId,
        content: null,
        audience: JSON.stringify({ playId: ctx.run.playId, version: ctx.run.version, step: step.id }),
        created_by: `play:${ctx.run.playId}`,
      })
      .onConflict((oc) => oc.columns(['workspace_id', 'id']).doNothing())
      .execute();
    const queued = await ctx.trx
      .insertInto('email_sends')
      .values({
        workspace_id: ctx.workspaceId,
        batch_id: batchId,
        send_key: ctx.effectKey,
        recipient_hash: recipientHash(contact.email),
        email: contact.email.toLowerCase(),
        contact_id: ctx.contactId,
        account_id: contact.account_id,
        kind: 'marketing',
        topic: step.topic ?? null,
        due_at: ctx.now,
      })
      .onConflict((oc) => oc.columns(['workspace_id', 'send_key', 'recipient_hash']).doNothing())
      .returning('id')
      .executeTakeFirst();
    wakeSenders();
    return {
      status: 'done',
      outcome: { batchId, queued: queued !== undefined, templateId: step.templateId },
    };
  },
});

/** A UUID derived from a text (SHA-256, version and variant bits set): the same text, the same id. */
function uuidFrom(text: string): string {
  const h = createHash('sha256').update(text).digest('hex');
  const variant = ((Number.parseInt(h.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
