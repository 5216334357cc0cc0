import { z } from 'zod';

const StepStatsSchema = z.object({
  id: z.string(),
  /** The step's type in the current version; null for a step only older versions have. */
  type: z.string().nullable(),
  name: z.string().nullable(),
  /** Runs (accounts) that reached the step. */
  accounts: z.number(),
  /** Step executions (one per person for persona tracks). */
  people: z.number(),
  done: z.number(),
  due: z.number(),
  failed: z.number(),
  uncertain: z.number(),
  skipped: z.number(),
  cancelled: z.number(),
});

/** A play's dashboard: runs by status, and per track and step how many accounts and people reached it. */
export const PlayStatsSchema = z.object({
  runs: z.object({
    entered: z.number(),
    active: z.number(),
    heldOut: z.number(),
    goal: z.number(),
    exited: z.number(),
    stopped: z.number(),
  }),
  tracks: z.array(
    z.object({
      key: z.string(),
      name: z.string(),
      personaId: z.string().nullable(),
      start: z.string(),
      steps: z.array(StepStatsSchema),
    }),
  ),
});
export type PlayStats = z.output<typeof PlayStatsSchema>;
