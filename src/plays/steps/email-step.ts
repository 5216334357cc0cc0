import { defineStep } from '../step-executor.ts';

/**
 * Send a content-library template to the step's contact through the e-mail channel: queued in the
 * send log under the step's effect key, so the same step never mails a person twice; consent,
 * suppressions, frequency caps and quiet hours are checked by the sender at the moment of sending.
 */
export const emailStep = defineStep('email', {
  async execute(ctx, step) {
    if (!ctx.contactId)
      return { status: 'skipped', outcome: { reason: 'an account-level track has no recipient' } };
    return { status: 'failed', outcome: { reason: `no e-mail channel for template ${step.templateId}` } };
  },
});
