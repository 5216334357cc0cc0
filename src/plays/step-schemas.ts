import { z } from 'zod';

const StepId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'lower-case letters, digits, - and _ (at most 40)');
/** A step id of the same track, or `end`. */
const Target = z.union([StepId, z.literal('end')]);

/** A condition on the run's account (and the step's contact), for branches and waits. */
export const ConditionSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('stage_in'), stages: z.array(z.string().min(1).max(60)).min(1).max(20) }),
  z.strictObject({ type: z.literal('engagement_at_least'), score: z.number().min(0).max(1e9) }),
  z.strictObject({
    type: z.literal('tier_in'),
    tiers: z.array(z.number().int().min(1).max(3)).min(1).max(3),
  }),
  z.strictObject({
    type: z.literal('fit_grade_in'),
    grades: z
      .array(z.enum(['A', 'B', 'C', 'D']))
      .min(1)
      .max(4),
  }),
  /** Someone (of a persona, or the step's own contact) did one of these activities since the run entered. */
  z.strictObject({
    type: z.literal('responded'),
    who: z.enum(['contact', 'persona', 'anyone']).default('anyone'),
    personaId: z.uuid().optional(),
    activityTypes: z
      .array(z.string().min(1).max(60))
      .min(1)
      .max(20)
      .default(['email_open', 'email_click', 'form_fill', 'meeting']),
  }),
  /** A random A/B split: true for this share of runs (stable per run and step). */
  z.strictObject({ type: z.literal('random'), share: z.number().min(0).max(1) }),
]);
export type Condition = z.output<typeof ConditionSchema>;

const Common = { id: StepId, name: z.string().trim().max(120).optional() };

/**
 * The step types. A channel joins by adding its schema here and its executor to step-registry.ts;
 * the engine (run-due-steps.ts) dispatches through the registry and needs no change.
 */
export const StepSchema = z.discriminatedUnion('type', [
  /** Send a content-library template to the step's contact (e-mail channel, frequency caps, consent). */
  z.strictObject({
    ...Common,
    type: z.literal('email'),
    templateId: z.uuid(),
    topic: z
      .string()
      .regex(/^[a-z0-9_-]{1,40}$/)
      .optional(),
  }),
  /** Wait a duration, or until a condition holds (checked when the engine wakes the step), with a time-out. */
  z.strictObject({
    ...Common,
    type: z.literal('wait'),
    days: z.number().min(0).max(365).default(0),
    hours: z
      .number()
      .min(0)
      .max(24 * 365)
      .default(0),
    until: ConditionSchema.optional(),
    /** With `until`: give up after this many days and go on. */
    timeoutDays: z.number().min(0).max(365).default(14),
  }),
  z.strictObject({
    ...Common,
    type: z.literal('branch'),
    condition: ConditionSchema,
    ifTrue: Target,
    ifFalse: Target,
  }),
  /** Start another persona's track at the same account (the cross-persona move). */
  z.strictObject({ ...Common, type: z.literal('trigger_track'), track: StepId }),
  /** A task for the account owner, due in some (business) days. */
  z.strictObject({
    ...Common,
    type: z.literal('task'),
    title: z.string().trim().min(1).max(200),
    body: z.string().max(4000).default(''),
    dueDays: z.number().int().min(0).max(365).default(2),
  }),
  /** An alert in the account owner's inbox. */
  z.strictObject({
    ...Common,
    type: z.literal('alert'),
    title: z.string().trim().min(1).max(200),
    body: z.string().max(4000).default(''),
  }),
  /** A signed outbound webhook (POST JSON, X-Openabm-Signature: sha256=HMAC of the body). */
  z.strictObject({
    ...Common,
    type: z.literal('webhook'),
    url: z.url({ protocol: /^https?$/ }).max(2000),
    secret: z.string().min(16).max(200),
  }),
  /** Set a custom field of the account (e.g. a tag the CRM syncs). */
  z.strictObject({
    ...Common,
    type: z.literal('set_field'),
    field: z.string().regex(/^[a-z][a-z0-9_]{0,62}$/),
    value: z.union([z.string().max(1000), z.number(), z.boolean(), z.null()]),
  }),
]);
export type Step = z.output<typeof StepSchema>;
export type StepType = Step['type'];
