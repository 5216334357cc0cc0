import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import { recordAudit } from '../audit/record-audit.ts';
import type { AuthContext } from '../auth/auth-context.ts';
import type { DB } from '../db/schema.ts';
import { SEGMENTS } from './report-segments.ts';
import { FIGURE_CONDITIONS } from './scorecard-figures.ts';

/** Scorecard figures a goal can be set on. */
export const GOAL_METRICS = Object.keys(FIGURE_CONDITIONS) as [string, ...string[]];

export const GoalsInputSchema = z.strictObject({
  goals: z
    .array(
      z.strictObject({
        segment: z.enum(SEGMENTS).default('targets'),
        metric: z.string().refine((m) => GOAL_METRICS.includes(m), { message: 'must be a scorecard figure' }),
        target: z.number().finite(),
      }),
    )
    .max(200),
});

export interface Goal {
  segment: string;
  metric: string;
  target: number;
}

/** A period's goals, by segment and metric. */
export async function listGoals(db: Kysely<DB>, workspaceId: string, period: string): Promise<Goal[]> {
  const rows = await db
    .selectFrom('report_goals')
    .select(['segment', 'metric', 'target'])
    .where('workspace_id', '=', workspaceId)
    .where('period', '=', period)
    .orderBy('segment')
    .orderBy('metric')
    .execute();
  return rows.map((r) => ({ segment: r.segment, metric: r.metric, target: Number(r.target) }));
}

/** Replace a period's goals (marketer or admin), audited. */
export async function saveGoals(
  db: Kysely<DB>,
  ctx: AuthContext,
  period: string,
  input: z.infer<typeof GoalsInputSchema>,
): Promise<Goal[]> {
  await db.transaction().execute(async (trx) => {
    await trx
      .deleteFrom('report_goals')
      .where('workspace_id', '=', ctx.workspaceId)
      .where('period', '=', period)
      .execute();
    const unique = new Map(input.goals.map((g) => [`${g.segment}|${g.metric}`, g]));
    if (unique.size > 0) {
      await trx
        .insertInto('report_goals')
        .values(
          [...unique.values()].map((g) => ({
            workspace_id: ctx.workspaceId,
            period,
            ...g,
            updated_at: sql`now()`,
          })),
        )
        .execute();
    }
    await recordAudit(trx, ctx, {
      action: 'report_goals.replace',
      objectType: 'report_period',
      objectId: period,
      changes: { goals: unique.size },
    });
  });
  return listGoals(db, ctx.workspaceId, period);
}
