import { z } from 'zod';
import { StepSchema } from './step-schemas.ts';

const Key = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'lower-case letters, digits, - and _ (at most 40)');

/** What makes an account enter a play. */
export const EntrySchema = z.discriminatedUnion('type', [
  /** Members of a segment (account segment, or accounts of a people segment's members). */
  z.strictObject({ type: z.literal('segment'), segmentId: z.uuid() }),
  /** Accounts on a target list, optionally of some tiers only. */
  z.strictObject({
    type: z.literal('target_list'),
    listId: z.uuid(),
    tiers: z.array(z.number().int().min(1).max(3)).min(1).max(3).optional(),
  }),
  /** Accounts reaching a journey stage (e.g. `mqa`). */
  z.strictObject({ type: z.literal('stage'), stage: z.string().min(1).max(60) }),
  /** An activity by a person of a persona (a visit to a page pattern, a click, a form…). */
  z.strictObject({
    type: z.literal('activity'),
    activityType: z.string().min(1).max(60),
    personaId: z.uuid().optional(),
    /** Glob on properties.url, e.g. `* /pricing*` without the space. */
    urlPattern: z.string().min(1).max(500).optional(),
  }),
  /** Only through the API (`POST /plays/:id/enroll`). */
  z.strictObject({ type: z.literal('api') }),
]);
export type Entry = z.output<typeof EntrySchema>;

/** When a run ends as reached (`goal`) or left (`exit`): checked before every step. */
export const GoalSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('opportunity_created') }),
  z.strictObject({ type: z.literal('stage_reached'), stage: z.string().min(1).max(60) }),
  z.strictObject({ type: z.literal('meeting_booked') }),
  z.strictObject({ type: z.literal('left_segment'), segmentId: z.uuid() }),
]);
export type Goal = z.output<typeof GoalSchema>;

/** How a track starts: when the account enters, when another step triggers it, or on a persona's activity. */
export const TrackStartSchema = z.discriminatedUnion('on', [
  z.strictObject({ on: z.literal('entry') }),
  z.strictObject({ on: z.literal('trigger') }),
  z.strictObject({
    on: z.literal('activity'),
    activityType: z.string().min(1).max(60),
    /** Whose activity: a persona (default: anyone at the account). */
    personaId: z.uuid().optional(),
    urlPattern: z.string().min(1).max(500).optional(),
  }),
]);

/** One track: the steps a persona (or the account, without a persona) goes through. */
export const TrackSchema = z.strictObject({
  key: Key,
  name: z.string().trim().min(1).max(120),
  /** The persona whose people at the account get the steps; absent = account-level steps (tasks, alerts). */
  personaId: z.uuid().optional(),
  start: TrackStartSchema.default({ on: 'entry' }),
  steps: z.array(StepSchema).min(1).max(50),
});
export type Track = z.output<typeof TrackSchema>;

/** A play definition (one version): entry, goals and exits, tracks per persona, guardrails. */
export const PlayDefinitionSchema = z
  .strictObject({
    description: z.string().max(2000).default(''),
    entry: EntrySchema,
    /** Re-entry after a run ended: never, or after this many days. */
    reentry: z
      .discriminatedUnion('type', [
        z.strictObject({ type: z.literal('never') }),
        z.strictObject({ type: z.literal('after_days'), days: z.number().int().min(1).max(3650) }),
      ])
      .default({ type: 'never' }),
    goals: z.array(GoalSchema).max(10).default([]),
    exits: z.array(GoalSchema).max(10).default([]),
    tracks: z.array(TrackSchema).min(1).max(20),
    guardrails: z
      .strictObject({
        /** Share of entering accounts held out as a control group (0 … 0.5), recorded for measurement. */
        controlShare: z.number().min(0).max(0.5).default(0),
        /** At most this many play touches (e-mails, tasks) per account per 7 days, across all plays. */
        accountWeeklyCap: z.number().int().min(1).max(1000).default(10),
        /** Waits in business days skip Saturdays and Sundays. */
        businessDays: z.boolean().default(true),
      })
      .default({ controlShare: 0, accountWeeklyCap: 10, businessDays: true }),
  })
  .superRefine((def, ctx) => {
    const tracks = new Set<string>();
    def.tracks.forEach((track, t) => {
      if (tracks.has(track.key)) {
        ctx.addIssue({
          code: 'custom',
          path: ['tracks', t, 'key'],
          message: `duplicate track key ${track.key}`,
        });
      }
      tracks.add(track.key);
      const steps = new Set(track.steps.map((s) => s.id));
      if (steps.size !== track.steps.length) {
        ctx.addIssue({
          code: 'custom',
          path: ['tracks', t, 'steps'],
          message: 'step ids must be unique in a track',
        });
      }
      track.steps.forEach((step, s) => {
        const targets = step.type === 'branch' ? [step.ifTrue, step.ifFalse] : [];
        for (const target of targets) {
          if (target !== 'end' && !steps.has(target)) {
            ctx.addIssue({
              code: 'custom',
              path: ['tracks', t, 'steps', s],
              message: `no step ${target} in track ${track.key}`,
            });
          }
        }
      });
    });
    def.tracks.forEach((track, t) => {
      track.steps.forEach((step, s) => {
        if (step.type === 'trigger_track' && !tracks.has(step.track)) {
          ctx.addIssue({
            code: 'custom',
            path: ['tracks', t, 'steps', s, 'track'],
            message: `no track ${step.track} in this play`,
          });
        }
      });
    });
    if (!def.tracks.some((t) => t.start.on === 'entry')) {
      ctx.addIssue({ code: 'custom', path: ['tracks'], message: 'at least one track starts on entry' });
    }
  });
export type PlayDefinition = z.output<typeof PlayDefinitionSchema>;
export type PlayDefinitionInput = z.input<typeof PlayDefinitionSchema>;
