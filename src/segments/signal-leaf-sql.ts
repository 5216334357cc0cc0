import { type RawBuilder, sql } from 'kysely';
import { currentWeekSql, topicWeekStatsSql } from '../signals/intent/surge-sql.ts';
import type { Where } from './compile-rule.ts';
import type { Cut, LeafContext } from './leaf-context.ts';
import type { SegmentLeaf } from './segment-rule.ts';

/** The leaves over derived signals: scores, momentum, intent, committee, engaged people, opportunities, personas. */
export type SignalLeaf = Extract<
  SegmentLeaf,
  {
    type:
      | 'engagement'
      | 'momentum'
      | 'intentSurge'
      | 'committee'
      | 'engagedPeople'
      | 'opportunity'
      | 'persona';
  }
>;

/** A signal condition as `id IN (set)` over the table that holds the signal, cut to the restricted records. */
export function signalLeafSql(rule: SignalLeaf, c: LeafContext): Where {
  const { out, ws, x, X, setIn } = c;
  switch (rule.type) {
    case 'engagement':
      out.triggers.add('activities');
      return scoreRange(rule, c);
    case 'momentum': {
      out.triggers.add('activities');
      out.daily = true;
      const bounds = [
        rule.min !== undefined ? sql` AND ${X('momentum')} >= ${rule.min}` : sql``,
        rule.max !== undefined ? sql` AND ${X('momentum')} <= ${rule.max}` : sql``,
      ];
      return setIn(
        (cut) => sql`SELECT ${X('account_id')} FROM account_engagement ${sql.table(x)}
          WHERE ${X('workspace_id')} = ${ws}${cut(X('account_id'))} AND ${X('momentum')} IS NOT NULL${sql.join(bounds, sql``)}`,
      );
    }
    case 'intentSurge': {
      out.triggers.add('activities');
      out.daily = true;
      return (alias) => {
        const stats = topicWeekStatsSql({
          workspaceId: ws,
          week: currentWeekSql(),
          ...(c.restricted ? { account: sql.ref(`${alias}.id`) } : {}),
          ...(rule.topicId ? { topicId: rule.topicId } : {}),
        });
        return sql<boolean>`(${sql.ref(`${alias}.id`)} IN (SELECT ${X('account_id')} FROM (${stats}) ${sql.table(x)} WHERE ${X('surging')}))`;
      };
    }
    case 'committee': {
      out.triggers.add('contacts');
      return setIn(
        (cut) => sql`SELECT ${X('account_id')} FROM contacts ${sql.table(x)}
          JOIN contact_personas cp ON cp.workspace_id = ${X('workspace_id')} AND cp.contact_id = ${X('id')}
          JOIN personas p ON p.workspace_id = cp.workspace_id AND p.id = cp.persona_id
          WHERE ${X('workspace_id')} = ${ws}${cut(X('account_id'))} AND ${X('account_id')} IS NOT NULL
            AND p.active AND p.committee_role = ${rule.role}`,
        { negated: !rule.covered },
      );
    }
    case 'engagedPeople':
      out.triggers.add('activities');
      out.triggers.add('contacts');
      return engagedPeople(rule, c);
    case 'opportunity': {
      out.triggers.add('opportunities');
      const state =
        rule.state === 'open'
          ? sql` AND NOT ${X('is_closed')}`
          : rule.state === 'won'
            ? sql` AND ${X('is_won')}`
            : rule.state === 'lost'
              ? sql` AND ${X('is_closed')} AND NOT ${X('is_won')}`
              : sql``;
      return setIn(
        (cut) => sql`SELECT ${X('account_id')} FROM opportunities ${sql.table(x)}
          WHERE ${X('workspace_id')} = ${ws}${cut(X('account_id'))} AND ${X('account_id')} IS NOT NULL${state}`,
      );
    }
    case 'persona':
      out.triggers.add('contacts');
      return setIn(
        (cut) => sql`SELECT ${X('contact_id')} FROM contact_personas ${sql.table(x)}
          WHERE ${X('workspace_id')} = ${ws}${cut(X('contact_id'))} AND ${X('persona_id')} = ANY (${rule.personaIds}::uuid[])`,
      );
  }
}

/**
 * A decayed engagement score in [min, max]. A record without a score has 0; when 0 is in range the
 * rule is "not among those out of range". Due: when the decaying score crosses min or max.
 */
function scoreRange(rule: Extract<SignalLeaf, { type: 'engagement' }>, c: LeafContext): Where {
  const { level, x, ws, now, setIn, out, X } = c;
  const table = sql.table(level === 'account' ? 'account_engagement' : 'contact_engagement');
  const key = sql.ref(`${x}.${level === 'account' ? 'account_id' : 'contact_id'}`);
  const decayed = sql`(${X('score')} * power(2::float8, greatest(-1000::float8,
    -(date_part('epoch', ${now}) - date_part('epoch', ${X('as_of')})) / 86400.0 / s.half_life_days)))`;
  const inRange = sql.join(
    [
      ...(rule.min !== undefined ? [sql`${decayed} >= ${rule.min}`] : []),
      ...(rule.max !== undefined ? [sql`${decayed} <= ${rule.max}`] : []),
      sql`true`,
    ],
    sql` AND `,
  );
  const from = (
    cut: Cut,
  ) => sql`FROM ${table} ${sql.table(x)} JOIN signal_settings s ON s.workspace_id = ${X('workspace_id')}
    WHERE ${X('workspace_id')} = ${ws}${cut(key)} AND ${X('score')} > 0`;
  // When the score decays through a bound: as_of + half-life · log2(score / bound) days; the next
  // such time still ahead is the member's due time.
  const crossings = [rule.min, rule.max].flatMap((b) => {
    if (b === undefined || b <= 0) return [];
    const t = sql`${X('as_of')} + make_interval(secs => s.half_life_days * 86400 * ln((${X('score')} / ${b})::float8) / ln(2::float8))`;
    return [sql`CASE WHEN ${X('score')} > ${b} AND ${t} > ${now} THEN ${t} END`];
  });
  if (crossings.length > 0 && c.restricted)
    out.rowDues.push(
      (alias) =>
        sql`(SELECT least(${sql.join(crossings)}) ${from((k) => sql` AND ${k} = ${sql.ref(`${alias}.id`)}`)})`,
    );
  else if (crossings.length > 0)
    out.dues.push(sql`SELECT ${key} AS id, least(${sql.join(crossings)}) AS due_at ${from(() => sql``)}`);
  const zeroInRange = (rule.min === undefined || rule.min <= 0) && (rule.max === undefined || rule.max >= 0);
  return zeroInRange
    ? setIn((cut) => sql`SELECT ${key} ${from(cut)} AND NOT (${inRange})`, { negated: true })
    : setIn((cut) => sql`SELECT ${key} ${from(cut)} AND ${inRange}`);
}

/** Accounts with at least N people (or distinct personas) engaged within the last D days. Due: when the N-th most recent drops out. */
function engagedPeople(rule: Extract<SignalLeaf, { type: 'engagedPeople' }>, c: LeafContext): Where {
  const { x, ws, now, setIn, out } = c;
  const since = sql`${now} - make_interval(days => ${rule.withinDays})`;
  const personas = rule.distinctPersonas || rule.personaIds;
  const group = rule.distinctPersonas ? sql`cp.persona_id` : sql`pc.id`;
  // Restricted, `cut` makes this a probe of one account's people (contacts by account, then each
  // one's engagement row by key) instead of the workspace's engaged people.
  const inner = (
    cut: Cut,
  ): RawBuilder<unknown> => sql`SELECT pc.account_id, ${group} AS g, max(ce.last_engaged_at) AS last
    FROM contacts pc
    JOIN contact_engagement ce ON ce.workspace_id = pc.workspace_id AND ce.contact_id = pc.id
    ${personas ? sql`JOIN contact_personas cp ON cp.workspace_id = pc.workspace_id AND cp.contact_id = pc.id` : sql``}
    WHERE pc.workspace_id = ${ws} AND pc.account_id IS NOT NULL${cut(sql`pc.account_id`)}
      AND ce.last_engaged_at >= ${since}
      ${rule.personaIds ? sql`AND cp.persona_id = ANY (${rule.personaIds}::uuid[])` : sql``}
    GROUP BY pc.account_id, ${group}`;
  const grouped = (
    cut: Cut,
  ) => sql`FROM (${inner(cut)}) ${sql.table(x)} GROUP BY ${sql.ref(`${x}.account_id`)}
    HAVING count(*) >= ${rule.atLeast}`;
  const due = sql`(array_agg(${sql.ref(`${x}.last`)} ORDER BY ${sql.ref(`${x}.last`)} DESC))[${rule.atLeast}]
      + make_interval(days => ${rule.withinDays})`;
  if (c.restricted)
    out.rowDues.push(
      (alias) => sql`(SELECT ${due} ${grouped((k) => sql` AND ${k} = ${sql.ref(`${alias}.id`)}`)})`,
    );
  else
    out.dues.push(sql`SELECT ${sql.ref(`${x}.account_id`)} AS id, ${due} AS due_at ${grouped(() => sql``)}`);
  return setIn((cut) => sql`SELECT ${sql.ref(`${x}.account_id`)} ${grouped(cut)}`);
}
