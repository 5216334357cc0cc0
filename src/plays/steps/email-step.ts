import { randomUUID } from 'node:crypto';
import { wakeSenders } from '../../email/sender-wakeup.ts';
import { recipientHash } from '../../email/unsubscribe-token.ts';
import { defineStep, type StepResult } from '../step-executor.ts';

/**
 * Send a content-library template to the step's contact through the e-mail channel: one send-log
 * row queued in the step's transaction under the step's effect key as send key, so the same step
 * never mails a person twice (the send log is unique per send key and recipient). Consent,
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
    const batchId = randomUUID();
    await ctx.trx
      .insertInto('email_batches')
      .values({
        workspace_id: ctx.workspaceId,
        id: batchId,
        name: `Play step ${ctx.track.key}/${step.id}`,
        kind: 'marketing',
        topic: step.topic ?? null,
        send_key: ctx.effectKey,
        template_id: step.templateId,
        content: null,
        audience: JSON.stringify({ playId: ctx.run.playId, runId: ctx.run.id, contactIds: [ctx.contactId] }),
        created_by: `play:${ctx.run.playId}`,
      })
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
