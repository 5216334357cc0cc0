import { evaluateCondition } from '../evaluate-condition.ts';
import { defineStep, type StepContext, type StepRecheck, type StepResult } from '../step-executor.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Add days to a time, counting only Monday–Friday when `business` (a wait of 1 business day on Friday ends Monday). */
export function addDuration(from: Date, days: number, hours: number, business: boolean): Date {
  const end = new Date(from.getTime() + hours * HOUR);
  if (!business) return new Date(end.getTime() + days * DAY);
  let whole = Math.floor(days);
  const fraction = days - whole;
  while (whole > 0) {
    end.setTime(end.getTime() + DAY);
    const day = end.getUTCDay();
    if (day !== 0 && day !== 6) whole--;
  }
  end.setTime(end.getTime() + fraction * DAY);
  while (end.getUTCDay() === 0 || end.getUTCDay() === 6) end.setTime(end.getTime() + DAY);
  return end;
}

function scope(ctx: StepContext) {
  return {
    workspaceId: ctx.workspaceId,
    runId: ctx.run.id,
    accountId: ctx.run.accountId,
    contactId: ctx.contactId,
    enteredAt: ctx.run.enteredAt,
    stepKey: `${ctx.track.key}:${ctx.step.id}`,
  };
}

/** Wait a duration (the next step is scheduled after it), or until a condition holds, with a time-out. */
export const waitStep = defineStep('wait', {
  async execute(ctx, step): Promise<StepResult | StepRecheck> {
    if (!step.until) {
      const until = addDuration(ctx.now, step.days, step.hours, ctx.businessDays && step.hours === 0);
      return {
        status: 'done',
        outcome: { waitedUntil: until.toISOString() },
        delayMs: until.getTime() - ctx.now.getTime(),
      };
    }
    if (await evaluateCondition(ctx.trx, step.until, scope(ctx))) {
      return { status: 'done', outcome: { condition: 'met' } };
    }
    const deadline = ctx.row.createdAt.getTime() + step.timeoutDays * DAY;
    if (ctx.now.getTime() >= deadline) return { status: 'done', outcome: { condition: 'timed_out' } };
    // Woken earlier by the account's activity (consume-play-triggers.ts); otherwise checked hourly.
    return { recheckInMs: Math.min(HOUR, deadline - ctx.now.getTime()), outcome: { condition: 'waiting' } };
  },
});

/** Go to one step or another by a condition (stage, engagement, tier, fit, response, A/B split). */
export const branchStep = defineStep('branch', {
  async execute(ctx, step) {
    const holds = await evaluateCondition(ctx.trx, step.condition, scope(ctx));
    return { status: 'done', outcome: { condition: holds }, next: holds ? step.ifTrue : step.ifFalse };
  },
});

/** Start another persona's track at the same account. */
export const triggerTrackStep = defineStep('trigger_track', {
  async execute(_ctx, step) {
    return { status: 'done', outcome: { started: step.track }, startTracks: [step.track] };
  },
});
