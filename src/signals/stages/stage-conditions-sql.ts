import { type RawBuilder, sql } from 'kysely';
import { currentWeekSql, topicWeekStatsSql } from '../intent/surge-sql.ts';
import { decaySql, secondsBetween, weekStartSql } from '../weighted-activities-sql.ts';
import type { Stage, StageCondition } from './stage-model.ts';

export interface ConditionContext {
  workspaceId: string;
  /** Whether accounts.fit_grade exists; without it fit conditions are false (fit unknown). */
  hasFitGrade: boolean;
}

const daysAgo = (days: number) => sql`now() - make_interval(days => ${sql.lit(days)})`;

/**
 * One stage condition as a SQL boolean over the account `acc` and its engagement row `ae`
 * (LEFT JOINed; `ae.half_life_days` carries the workspace's half-life).
 */
export function conditionSql(c: StageCondition, ctx: ConditionContext): RawBuilder<boolean> {
  const ws = ctx.workspaceId;
  switch (c.type) {
    case 'activity':
      return sql<boolean>`coalesce(ae.last_activity_at >= ${daysAgo(c.withinDays)}, false)`;
    case 'points':
      return sql<boolean>`(SELECT coalesce(sum(w.points), 0) FROM account_weekly_activity w
        WHERE w.workspace_id = ${ws} AND w.account_id = acc.id
          AND w.week_start >= ${weekStartSql(daysAgo(c.withinDays))}) >= ${c.min}`;
    case 'score':
      return sql<boolean>`coalesce(ae.score * ${decaySql(secondsBetween(sql`now()`, sql`ae.as_of`), sql`ae.half_life_days`)}, 0) >= ${c.min}`;
    case 'engagedPeople':
      return sql<boolean>`(SELECT count(*) FROM contacts pc
        JOIN contact_engagement ce ON ce.workspace_id = pc.workspace_id AND ce.contact_id = pc.id
        WHERE pc.workspace_id = ${ws} AND pc.account_id = acc.id
          AND ce.last_engaged_at >= ${daysAgo(c.withinDays)}) >= ${c.min}`;
    case 'fit':
      return ctx.hasFitGrade
        ? sql<boolean>`coalesce(acc.fit_grade::text = ANY (${c.grades}::text[]), false)`
        : sql<boolean>`false`;
    case 'surge':
      return sql<boolean>`EXISTS (SELECT 1 FROM (${topicWeekStatsSql({ workspaceId: ws, week: currentWeekSql(), account: sql`acc.id` })}) sg WHERE sg.surging)`;
    case 'openOpportunity':
      return sql<boolean>`EXISTS (SELECT 1 FROM opportunities o
        WHERE o.workspace_id = ${ws} AND o.account_id = acc.id AND NOT o.is_closed)`;
    case 'wonOpportunity':
      return sql<boolean>`(acc.lifecycle = 'customer' OR EXISTS (SELECT 1 FROM opportunities o
        WHERE o.workspace_id = ${ws} AND o.account_id = acc.id AND o.is_won))`;
  }
}

/**
 * The stage of account `acc` as a SQL CASE: stages are tested deepest first, the first that holds
 * wins; the first stage is the floor.
 */
export function stageCaseSql(model: readonly Stage[], ctx: ConditionContext): RawBuilder<string> {
  const floor = model[0]?.key ?? 'unaware';
  const branches = model
    .slice(1)
    .reverse()
    .map((stage) => {
      const groups = stage.when.map(
        (group) =>
          sql`(${sql.join(
            group.map((c) => conditionSql(c, ctx)),
            sql` AND `,
          )})`,
      );
      return sql`WHEN ${sql.join(groups, sql` OR `)} THEN ${stage.key}`;
    });
  if (branches.length === 0) return sql<string>`${floor}::text`;
  return sql<string>`(CASE ${sql.join(branches, sql` `)} ELSE ${floor} END)::text`;
}
