import type { StepRegistry } from './step-executor.ts';
import { emailStep } from './steps/email-step.ts';
import { branchStep, triggerTrackStep, waitStep } from './steps/flow-steps.ts';
import { alertStep, setFieldStep, taskStep } from './steps/owner-steps.ts';
import { webhookStep } from './steps/webhook-step.ts';

/**
 * Every step type's executor. A channel (ad audiences, direct mail, events, account pages) joins by
 * adding its schema to step-schemas.ts and its executor here; the engine needs no change.
 */
export const STEP_REGISTRY: StepRegistry = {
  email: emailStep,
  wait: waitStep,
  branch: branchStep,
  trigger_track: triggerTrackStep,
  task: taskStep,
  alert: alertStep,
  webhook: webhookStep,
  set_field: setFieldStep,
};
