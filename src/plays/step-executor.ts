import type { Kysely } from 'kysely';
import type { JsonObject } from '../db/json.ts';
import type { DB } from '../db/schema.ts';
import type { Track } from './play-definition.ts';
import type { Step, StepType } from './step-schemas.ts';

/** A claimed step as its executor sees it. */
export interface StepContext {
  /** The transaction the step's database effects and its completion commit in. */
  trx: Kysely<DB>;
  workspaceId: string;
  run: { id: string; playId: string; version: number; accountId: string; enteredAt: Date };
  track: Track;
  step: Step;
  /** The person the step is for (persona tracks), or null for account-level tracks. */
  contactId: string | null;
  /** The play_steps row: its id and when it first became due (waits time out from there). */
  row: { id: number; createdAt: Date };
  now: Date;
  businessDays: boolean;
  /** `run:track:step:contact` — the idempotency key of the step's outside effect. */
  effectKey: string;
}

/** What a step did and what comes next. */
export interface StepResult {
  status: 'done' | 'skipped' | 'failed';
  outcome: JsonObject;
  /** The next step of the track: a step id, `end`, or (default) the step after this one. */
  next?: string;
  /** Delay before the next step (waits). */
  delayMs?: number;
  /** Other tracks of the play to start at this account (trigger_track). */
  startTracks?: string[];
}

/** Check again later: the same step stays due (a wait for a condition not yet met). */
export interface StepRecheck {
  recheckInMs: number;
  outcome: JsonObject;
}

/**
 * A step type's executor. Effects inside the database go through `ctx.trx` and commit with the step's
 * completion (exactly once). An effect outside the database (`external: true`) first records
 * `ctx.effectKey` as started in its own transaction; a crash before its outcome is recorded leaves the
 * step `uncertain`, surfaced and never repeated on its own.
 */
export interface StepExecutor {
  type: StepType;
  external: boolean;
  execute(ctx: StepContext): Promise<StepResult | StepRecheck>;
}

function isStep<T extends StepType>(step: Step, type: T): step is Extract<Step, { type: T }> {
  return step.type === type;
}

/**
 * Define a step type's executor; `execute` gets the step narrowed to its type.
 *
 * @example
 * export const alertStep = defineStep('alert', { execute: async (ctx, step) => ({ status: 'done', outcome: {} }) });
 */
export function defineStep<T extends StepType>(
  type: T,
  options: {
    external?: boolean;
    execute(ctx: StepContext, step: Extract<Step, { type: T }>): Promise<StepResult | StepRecheck>;
  },
): StepExecutor {
  return {
    type,
    external: options.external ?? false,
    execute(ctx) {
      const step = ctx.step;
      if (!isStep(step, type)) throw new Error(`a ${step.type} step given to the ${type} executor`);
      return options.execute(ctx, step);
    },
  };
}

export type StepRegistry = { [T in StepType]: StepExecutor };
