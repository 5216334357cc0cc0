import { type RawBuilder, sql } from 'kysely';
import { currentWeekSql, topicWeekStatsSql } from '../intent/surge-sql.ts';
import { decaySql, secondsBetween, weekStartSql } from '../weighted-activities-sql.ts';
import type { Stage, StageCondition } from './stage-model.ts';

export interface ConditionContext {
  workspaceId: string;
  /**
   * Whole-workspace evaluation: points, engaged people and surge read the per-account relations of
   * stageFactsJoinSql (one set-based aggregate each) instead of a correlated probe per account.
   */
  facts?: boolean;
}

const daysAgo = (days: number) => sql`now() - make_interval(days => ${sql.lit(days)})`;
const pointsColumn = (days: number) => sql.ref(`sf_points.p${days}`);
const peopleColumn = (days: number) => sql.ref(`sf_people.e${days}`);

/**
 * One stage condition as a SQL boolean over the account `acc` and its engagement row `ae`
 * (LEFT JOINed; `ae.half_life_days` carries the workspace's half-life). Correlated conditions read
 * only the account's rows in the condition's window (index ranges), so their cost does not grow
 * with history; with `ctx.facts` they read the stageFactsJoinSql relations instead.
 */
export function conditionSql(c: StageCondition, ctx: ConditionContext): RawBuilder<boolean> {
  const ws = ctx.workspaceId;
  switch (c.type) {
    case 'activity':
      return sql<boolean>`coalesce(ae.last_activity_at >= ${daysAgo(c.withinDays)}, false)`;
    case 'points':
      if (ctx.facts) return sql<boolean>`coalesce(${pointsColumn(c.withinDays)}, 0) >= ${c.min}`;
      return sql<boolean>`(SELECT coalesce(sum(w.points), 0) FROM account_weekly_activity w
        WHERE w.workspace_id = ${ws} AND w.account_id = acc.id
          AND w.week_start >= ${weekStartSql(daysAgo(c.withinDays))}) >= ${c.min}`;
    case 'score':
      return sql<boolean>`coalesce(ae.score * ${decaySql(secondsBetween(sql`now()`, sql`ae.as_of`), sql`ae.half_life_days`)}, 0) >= ${c.min}`;
    case 'engagedPeople':
      if (ctx.facts) return sql<boolean>`coalesce(${peopleColumn(c.withinDays)}, 0) >= ${c.min}`;
      return sql<boolean>`(SELECT count(*) FROM contacts pc
        JOIN contact_engagement ce ON ce.workspace_id = pc.workspace_id AND ce.contact_id = pc.id
        WHERE pc.workspace_id = ${ws} AND pc.account_id = acc.id
          AND ce.last_engaged_at >= ${daysAgo(c.withinDays)}) >= ${c.min}`;
    case 'fit':
      return sql<boolean>`EXISTS (SELECT 1 FROM account_fit af WHERE af.workspace_id = ${ws}
        AND af.account_id = acc.id AND af.grade::text = ANY (${c.grades}::text[]))`;
    case 'surge':
      if (ctx.facts) return sql<boolean>`(sf_surge.account_id IS NOT NULL)`;
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

/**
 * For whole-workspace evaluation (`ctx.facts`): LEFT JOINs onto `acc` of one aggregate per kind of
 * windowed condition in the model — weekly points per window (`sf_points.p<days>`, one scan of the
 * workspace's buckets from the widest window), engaged people per window (`sf_people.e<days>`) and
 * the accounts surging this week (`sf_surge`) — the same definitions as the correlated conditions.
 */
export function stageFactsJoinSql(model: readonly Stage[], ctx: ConditionContext): RawBuilder<unknown> {
  const ws = ctx.workspaceId;
  const conditions = model.flatMap((s) => s.when.flat());
  const windows = (type: 'points' | 'engagedPeople') => [
    ...new Set(conditions.flatMap((c) => (c.type === type ? [c.withinDays] : []))),
  ];
  const joins: RawBuilder<unknown>[] = [];
  const points = windows('points');
  if (points.length > 0) {
    const columns = points.map(
      (d) =>
        sql`sum(w.points) FILTER (WHERE w.week_start >= ${weekStartSql(daysAgo(d))}) AS ${sql.id(`p${d}`)}`,
    );
    joins.push(sql`LEFT JOIN (
      SELECT w.account_id, ${sql.join(columns)} FROM account_weekly_activity w
      WHERE w.workspace_id = ${ws} AND w.week_start >= ${weekStartSql(daysAgo(Math.max(...points)))}
      GROUP BY w.account_id
    ) sf_points ON sf_points.account_id = acc.id`);
  }
  const people = windows('engagedPeople');
  if (people.length > 0) {
    const columns = people.map(
      (d) => sql`count(*) FILTER (WHERE ce.last_engaged_at >= ${daysAgo(d)}) AS ${sql.id(`e${d}`)}`,
    );
    joins.push(sql`LEFT JOIN (
      SELECT pc.account_id, ${sql.join(columns)}
      FROM contact_engagement ce
      JOIN contacts pc ON pc.workspace_id = ce.workspace_id AND pc.id = ce.contact_id
      WHERE ce.workspace_id = ${ws} AND ce.last_engaged_at >= ${daysAgo(Math.max(...people))}
        AND pc.account_id IS NOT NULL
      GROUP BY pc.account_id
    ) sf_people ON sf_people.account_id = acc.id`);
  }
  if (conditions.some((c) => c.type === 'surge')) {
    joins.push(sql`LEFT JOIN (
      SELECT DISTINCT sg.account_id
      FROM (${topicWeekStatsSql({ workspaceId: ws, week: currentWeekSql() })}) sg WHERE sg.surging
    ) sf_surge ON sf_surge.account_id = acc.id`);
  }
  return sql.join(joins, sql` `);
}
