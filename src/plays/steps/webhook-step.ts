import { createHmac } from 'node:crypto';
import { defineStep, type StepResult } from '../step-executor.ts';

/**
 * POST a signed JSON event to a URL: `X-Openabm-Signature: sha256=<hex HMAC of the body>` with the
 * step's secret, and `Idempotency-Key` (the step's effect key) so a receiver can drop repeats. An
 * outside effect: recorded as started before the request, so a crash mid-request leaves the step
 * uncertain rather than posting twice. 2xx is done; anything else (or no answer in 10 s) failed.
 */
export const webhookStep = defineStep('webhook', {
  external: true,
  async execute(ctx, step): Promise<StepResult> {
    const body = JSON.stringify({
      type: 'play.step',
      playId: ctx.run.playId,
      runId: ctx.run.id,
      accountId: ctx.run.accountId,
      contactId: ctx.contactId,
      track: ctx.track.key,
      step: step.id,
      at: ctx.now.toISOString(),
    });
    const signature = createHmac('sha256', step.secret).update(body).digest('hex');
    try {
      const res = await fetch(step.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-openabm-signature': `sha256=${signature}`,
          'idempotency-key': ctx.effectKey,
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(10_000),
      });
      await res.arrayBuffer().catch(() => undefined);
      if (res.status >= 200 && res.status < 300)
        return { status: 'done', outcome: { httpStatus: res.status } };
      return { status: 'failed', outcome: { httpStatus: res.status } };
    } catch (error) {
      return { status: 'failed', outcome: { error: error instanceof Error ? error.message : String(error) } };
    }
  },
});
