import { z } from 'zod';
import { WEEKLY_HORIZON_DAYS, WEEKLY_HORIZON_WEEKS } from '../weekly-horizon.ts';

const days = z.number().int().min(1).max(730);
/** Points windows read the weekly buckets, kept for the horizon only (weekly-horizon.ts). */
const pointsDays = z
  .number()
  .int()
  .min(1)
  .max(
    WEEKLY_HORIZON_DAYS,
    `points windows are at most ${WEEKLY_HORIZON_DAYS} days (weekly points are kept for ${WEEKLY_HORIZON_WEEKS} weeks)`,
  );

/**
 * One condition a journey stage can test for an account. Evaluated in SQL (see stage-conditions-sql.ts):
 * - `activity`: any activity within `withinDays`;
 * - `points`: sum of weighted points (undecayed, Demandbase "engagement minutes") in the weekly
 *   buckets covering the last `withinDays` (week granularity, at most 182 days) is at least `min`;
 * - `score`: the current decayed engagement score is at least `min`;
 * - `engagedPeople`: at least `min` distinct contacts with a positive-weight activity within `withinDays`;
 * - `fit`: the account's fit grade (account_fit.grade, when that table exists) is one of `grades`;
 * - `surge`: at least one intent topic surging this week;
 * - `openOpportunity` / `wonOpportunity`: an open / a won opportunity (won also when lifecycle is customer).
 */
export const StageConditionSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('activity'), withinDays: days }),
  z.strictObject({ type: z.literal('points'), withinDays: pointsDays, min: z.number().min(-1e9).max(1e9) }),
  z.strictObject({ type: z.literal('score'), min: z.number().min(-1e9).max(1e9) }),
  z.strictObject({
    type: z.literal('engagedPeople'),
    withinDays: days,
    min: z.number().int().min(1).max(10000),
  }),
  z.strictObject({
    type: z.literal('fit'),
    grades: z.array(z.string().trim().min(1).max(10)).min(1).max(20),
  }),
  z.strictObject({ type: z.literal('surge') }),
  z.strictObject({ type: z.literal('openOpportunity') }),
  z.strictObject({ type: z.literal('wonOpportunity') }),
]);
export type StageCondition = z.infer<typeof StageConditionSchema>;

/** A stage: it holds when any of its `when` groups holds, a group when all its conditions hold. */
export const StageSchema = z.strictObject({
  key: z
    .string()
    .trim()
    .min(1)
    .max(50)
    .regex(/^[a-z0-9_]+$/, 'must be lower-case letters, digits and _'),
  name: z.string().trim().min(1).max(100),
  when: z.array(z.array(StageConditionSchema).min(1).max(20)).max(20),
});
export type Stage = z.infer<typeof StageSchema>;

/**
 * An ordered stage model, shallowest first. The first stage is the floor every account starts in
 * (its `when` must be empty); the others are tested deepest first and the first that holds wins.
 */
export const StageModelSchema = z
  .array(StageSchema)
  .min(2)
  .max(20)
  .superRefine((stages, ctx) => {
    const seen = new Set<string>();
    stages.forEach((s, i) => {
      if (seen.has(s.key))
        ctx.addIssue({ code: 'custom', path: [i, 'key'], message: `duplicate stage ${s.key}` });
      seen.add(s.key);
      if (i === 0 && s.when.length > 0)
        ctx.addIssue({
          code: 'custom',
          path: [0, 'when'],
          message: 'the first stage holds always; leave it empty',
        });
      if (i > 0 && s.when.length === 0)
        ctx.addIssue({ code: 'custom', path: [i, 'when'], message: 'needs at least one condition group' });
    });
  });

/**
 * The default model: Unaware → Aware (any activity in 30 days) → Engaged (≥ 10 points in 90 days)
 * → MQA (fit A/B and ≥ 30 points in 90 days; or ≥ 100 points in 90 days; or a surging topic with
 * ≥ 2 people engaged in 30 days) → Opportunity (open opportunity) → Customer (won).
 */
export const DEFAULT_STAGE_MODEL: Stage[] = [
  { key: 'unaware', name: 'Unaware', when: [] },
  { key: 'aware', name: 'Aware', when: [[{ type: 'activity', withinDays: 30 }]] },
  { key: 'engaged', name: 'Engaged', when: [[{ type: 'points', withinDays: 90, min: 10 }]] },
  {
    key: 'mqa',
    name: 'MQA',
    when: [
      [
        { type: 'fit', grades: ['A', 'B'] },
        { type: 'points', withinDays: 90, min: 30 },
      ],
      [{ type: 'points', withinDays: 90, min: 100 }],
      [{ type: 'surge' }, { type: 'engagedPeople', withinDays: 30, min: 2 }],
    ],
  },
  { key: 'opportunity', name: 'Opportunity', when: [[{ type: 'openOpportunity' }]] },
  { key: 'customer', name: 'Customer', when: [[{ type: 'wonOpportunity' }]] },
];
