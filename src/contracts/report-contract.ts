import { z } from 'zod';
import type { TimestampSchema } from './timestamp.ts';

/** GET /reports/stage-summary: accounts per stage in model order, with recent entries and totals. */
export const StageSummarySchema = z.object({
  isTarget: z.boolean().nullable(),
  windowDays: z.number(),
  stages: z.array(
    z.object({
      key: z.string(),
      name: z.string(),
      inModel: z.boolean(),
      accounts: z.number(),
      share: z.number(),
      enteredLast30Days: z.number(),
    }),
  ),
  totals: z.object({ accounts: z.number(), enteredLast30Days: z.number() }),
});

/** GET /reports/stage-arrivals: the accounts that most recently entered a stage. */
export function stageArrivalsSchema<T extends TimestampSchema>(timestamp: T) {
  return z.object({
    data: z.array(z.object({ accountId: z.string(), accountName: z.string(), since: timestamp })),
  });
}
