import { z } from 'zod';
import type { TimestampSchema } from './timestamp.ts';

/** An account plan as the API returns it. `version` 0 means nobody has written the plan yet. */
export function accountPlanSchema<T extends TimestampSchema>(timestamp: T) {
  return z.object({
    accountId: z.string(),
    businessSituation: z.string(),
    goals: z.string(),
    painPoints: z.string(),
    keyPeople: z.string(),
    nextSteps: z.string(),
    version: z.number(),
    updatedBy: z.string().nullable(),
    updatedAt: timestamp.nullable(),
  });
}
