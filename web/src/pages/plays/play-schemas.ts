import { z } from 'zod';
import {
  type PlayDefinition,
  PlayDefinitionSchema,
  type Track,
} from '../../../../src/plays/play-definition.ts';
import { PlayStatsSchema } from '../../../../src/plays/play-stats-schema.ts';
import type { Condition, Step } from '../../../../src/plays/step-schemas.ts';

export type { Condition, PlayDefinition, Step, Track };
/** Shapes of the plays API's answers; the definition is the server's own schema (src/plays, zod only). */
export { PlayDefinitionSchema, PlayStatsSchema };

export const PLAY_STATUSES = ['draft', 'active', 'paused', 'stopped'] as const;

export const Play = z.object({
  id: z.string(),
  name: z.string(),
  status: z.enum(PLAY_STATUSES),
  version: z.number(),
  definition: PlayDefinitionSchema,
  createdAt: z.string(),
  activatedAt: z.string().nullable(),
  runs: z.object({ active: z.number(), heldOut: z.number(), goal: z.number(), exited: z.number() }),
});
export type PlayT = z.infer<typeof Play>;
export const PlayList = z.object({ data: z.array(Play) });

export const Simulation = z.object({
  entering: z.number().nullable(),
  alreadyIn: z.number(),
  heldOutExpected: z.number(),
  tracks: z.array(z.object({ key: z.string(), name: z.string(), accounts: z.number(), people: z.number() })),
  sample: z.array(
    z.object({ accountId: z.string(), name: z.string(), tracks: z.record(z.string(), z.number()) }),
  ),
});
export type SimulationT = z.infer<typeof Simulation>;

export const Run = z.object({
  id: z.string(),
  accountId: z.string(),
  accountName: z.string(),
  version: z.number(),
  status: z.string(),
  reason: z.string(),
  enteredAt: z.string(),
  endedAt: z.string().nullable(),
  steps: z.object({ done: z.number(), due: z.number(), uncertain: z.number(), failed: z.number() }),
});
export const RunList = z.object({ data: z.array(Run) });

export const AccountPlays = z.object({
  data: z.array(
    Run.extend({
      playId: z.string(),
      playName: z.string(),
      next: z.array(
        z.object({
          track: z.string(),
          step: z.string(),
          contactId: z.string().nullable(),
          dueAt: z.string(),
        }),
      ),
    }),
  ),
});

export const Task = z.object({
  id: z.string(),
  kind: z.enum(['task', 'alert']),
  accountId: z.string(),
  accountName: z.string(),
  ownerId: z.string().nullable(),
  title: z.string(),
  body: z.string(),
  reason: z.string(),
  playId: z.string().nullable(),
  dueAt: z.string().nullable(),
  status: z.enum(['open', 'done', 'dismissed']),
  createdAt: z.string(),
  snoozedUntil: z.string().nullable(),
});
export type TaskT = z.infer<typeof Task>;
export const TaskList = z.object({ data: z.array(Task) });

/** The pickers' sources: personas, segments, target lists, stages, e-mail templates. */
export const Personas = z.object({ data: z.array(z.object({ id: z.string(), name: z.string() })) });
export const Segments = z.object({
  data: z.array(z.object({ id: z.string(), name: z.string(), kind: z.string(), rule: z.unknown() })),
});
export const TargetLists = z.object({
  data: z.array(z.object({ id: z.string(), name: z.string(), period: z.string(), status: z.string() })),
});
export const Stages = z.object({
  stages: z.array(z.object({ key: z.string(), name: z.string().optional() })),
});
export const Templates = z.object({ data: z.array(z.object({ id: z.string(), name: z.string() })) });

/** A new play's starting point: API entry, one account-level track with an alert. */
export function blankDefinition(): PlayDefinition {
  return PlayDefinitionSchema.parse({
    entry: { type: 'api' },
    tracks: [
      { key: 'main', name: 'Main track', steps: [{ id: 'alert', type: 'alert', title: 'Account entered' }] },
    ],
  });
}
