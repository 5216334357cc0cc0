import { type RawBuilder, sql } from 'kysely';
import { plannedWorkspace } from '../db/planned-workspace.ts';
import { globsToRegex } from '../signals/glob-regex.ts';
import { currentWeekSql, topicWeekStatsSql } from '../signals/intent/surge-sql.ts';
import { type FieldType, fieldCondition, holds } from './field-condition-sql.ts';
import { RuleError } from './rule-error.ts';
import type {
  AccountRuleField,
  ContactRuleField,
  SegmentKind,
  SegmentLeaf,
  SegmentRule,
} from './segment-rule.ts';

/** What writes can change a rule's value: the incremental path skips segments a write cannot move. */
export type Trigger = 'accounts' | 'contacts' | 'activities' | 'opportunities';

/** A segment a rule refers to (inSegment, peopleInSegment, accountInSegment). */
export interface SegmentRef {
  id: string;
  kind: SegmentKind;
}

export interface CompileOptions {
  workspaceId: string;
  /** The evaluation time (windows end here). */
  at: Date;
  /** The workspace's segments by id, for references. */
  segments: ReadonlyMap<string, SegmentRef>;
  /**
   * Evaluate only these records (incremental upkeep, explain): every set the rule reads is cut to
   * them by index. `contactIds` must hold the contacts of `accountIds` and `accountIds` the accounts
   * of `contactIds`, so rules that cross from people to accounts see every row they need.
   */
  restrict?: { accountIds: readonly string[]; contactIds: readonly string[] };
  /** Called with every node's own condition, by path (explain). */
  onNode?: (path: string, condition: (alias: string) => RawBuilder<boolean>, level: SegmentKind) => void;
}

/** A rule compiled for one level (accounts `a.*` or contacts `c.*`). */
export interface CompiledRule {
  /** The rule as a boolean over the member row aliased `alias`. */
  where: (alias: string) => RawBuilder<boolean>;
  /**
   * Per member, the next times a time-window condition can change its value: each a SELECT of
   * (id, due_at) at the rule's level.
   */
  dues: RawBuilder<unknown>[];
  /** Writes that can change the rule's value. */
  triggers: Set<Trigger>;
  /** Reads "this week" (surge, momentum): rebuilt after each day boundary. */
  daily: boolean;
  /** Segments referenced. */
  refs: Set<string>;
}

const MAX_DEPTH = 12;

const ACCOUNT_COLUMNS: Record<
  AccountRuleField,
  { column: string; type: FieldType; table?: 'fit' | 'stage' }
> = {
  name: { column: 'name', type: 'text' },
  domain: { column: 'domain', type: 'text' },
  industry: { column: 'industry', type: 'text' },
  employeeCount: { column: 'employee_count', type: 'integer' },
  annualRevenue: { column: 'annual_revenue', type: 'number' },
  country: { column: 'country', type: 'text' },
  region: { column: 'region', type: 'text' },
  city: { column: 'city', type: 'text' },
  technologies: { column: 'technologies', type: 'textArray' },
  ownerId: { column: 'owner_id', type: 'uuid' },
  parentId: { column: 'parent_id', type: 'uuid' },
  lifecycle: { column: 'lifecycle', type: 'text' },
  isTarget: { column: 'is_target', type: 'boolean' },
  tier: { column: 'tier', type: 'integer' },
  tierCluster: { column: 'tier_cluster', type: 'integer' },
  fitScore: { column: 'score', type: 'integer', table: 'fit' },
  fitGrade: { column: 'grade', type: 'text', table: 'fit' },
  stage: { column: 'stage', type: 'text', table: 'stage' },
  createdAt: { column: 'created_at', type: 'timestamp' },
};

const CONTACT_COLUMNS: Record<ContactRuleField, { column: string; type: FieldType }> = {
  email: { column: 'email', type: 'text' },
  emailDomain: { column: 'email_domain', type: 'text' },
  firstName: { column: 'first_name', type: 'text' },
  lastName: { column: 'last_name', type: 'text' },
  title: { column: 'title', type: 'text' },
  jobFunction: { column: 'job_function', type: 'text' },
  seniority: { column: 'seniority', type: 'text' },
  country: { column: 'country', type: 'text' },
  ownerId: { column: 'owner_id', type: 'uuid' },
  accountId: { column: 'account_id', type: 'uuid' },
  unsubscribed: { column: 'unsubscribed', type: 'boolean' },
  bounced: { column: 'bounced', type: 'boolean' },
  doNotContact: { column: 'do_not_contact', type: 'boolean' },
  createdAt: { column: 'created_at', type: 'timestamp' },
};

/** The stored type of an account or contact field a rule can test (undefined for an unknown name). */
export function ruleFieldType(kind: SegmentKind, field: string): FieldType | undefined {
  const columns: Record<string, { type: FieldType }> = kind === 'account' ? ACCOUNT_COLUMNS : CONTACT_COLUMNS;
  return Object.hasOwn(columns, field) ? columns[field]?.type : undefined;
}

/** Which leaves apply to which level. */
const ACCOUNT_ONLY = new Set([
  'field',
  'targetList',
  'hierarchy',
  'momentum',
  'intentSurge',
  'committee',
  'engagedPeople',
  'opportunity',
  'peopleInSegment',
  'people',
]);
const CONTACT_ONLY = new Set(['contactField', 'persona', 'accountInSegment', 'account']);

/**
 * Compile a rule tree to SQL for the segment's level: one boolean over the member row, built only
 * from bound parameters and trusted identifiers. Conditions on other tables are `id IN (set)` over
 * an uncorrelated set query, which PostgreSQL runs once (a hash) for a whole workspace and, with
 * `restrict`, as index probes for the touched records only. Throws RuleError naming the path of
 * the first node that does not fit (a condition of the other kind, an unknown segment, a bad value,
 * a rule nested deeper than 12 levels).
 */
export function compileRule(rule: SegmentRule, kind: SegmentKind, options: CompileOptions): CompiledRule {
  const out: CompiledRule = {
    where: () => sql<boolean>`true`,
    dues: [],
    triggers: new Set(),
    daily: false,
    refs: new Set(),
  };
  const state = { n: 0 };
  out.where = node(rule, kind, '', 0, options, out, state);
  return out;
}

type Where = (alias: string) => RawBuilder<boolean>;

function node(
  rule: SegmentRule,
  level: SegmentKind,
  path: string,
  depth: number,
  o: CompileOptions,
  out: CompiledRule,
  state: { n: number },
): Where {
  if (depth > MAX_DEPTH) throw new RuleError(path, `rules nest at most ${MAX_DEPTH} levels deep`);
  const at = (p: string) => (path ? `${path}.${p}` : p);
  let where: Where;
  switch (rule.type) {
    case 'and':
    case 'or': {
      const parts = rule.rules.map((r, i) => node(r, level, at(`rules.${i}`), depth + 1, o, out, state));
      const glue = rule.type === 'and' ? sql` AND ` : sql` OR `;
      where = (alias) =>
        sql<boolean>`(${sql.join(
          parts.map((p) => p(alias)),
          glue,
        )})`;
      break;
    }
    case 'not': {
      const inner = node(rule.rule, level, at('rule'), depth + 1, o, out, state);
      where = (alias) => sql<boolean>`(NOT ${inner(alias)})`;
      break;
    }
    default:
      where = leaf(rule, level, path, depth, o, out, state);
  }
  o.onNode?.(path, where, level);
  return where;
}

function leaf(
  rule: SegmentLeaf | Extract<SegmentRule, { type: 'account' | 'people' }>,
  level: SegmentKind,
  path: string,
  depth: number,
  o: CompileOptions,
  out: CompiledRule,
  state: { n: number },
): Where {
  const at = (p: string) => (path ? `${path}.${p}` : p);
  if (level === 'contact' && ACCOUNT_ONLY.has(rule.type))
    throw new RuleError(
      at('type'),
      `${rule.type} applies to account segments; wrap it in {"type":"account"}`,
    );
  if (level === 'account' && CONTACT_ONLY.has(rule.type))
    throw new RuleError(at('type'), `${rule.type} applies to people segments; wrap it in {"type":"people"}`);
  const ws = o.workspaceId;
  const now = sql`${o.at.toISOString()}::timestamptz`;
  const x = `x${state.n++}`;
  const X = (column: string) => sql.ref(`${x}.${column}`);
  const accountsOnly = (key: RawBuilder<unknown>) =>
    o.restrict ? sql` AND ${key} = ANY (${[...o.restrict.accountIds]}::uuid[])` : sql``;
  const contactsOnly = (key: RawBuilder<unknown>) =>
    o.restrict ? sql` AND ${key} = ANY (${[...o.restrict.contactIds]}::uuid[])` : sql``;
  const only = level === 'account' ? accountsOnly : contactsOnly;
  const idIn = (set: RawBuilder<unknown>, negated = false): Where =>
    negated
      ? (alias) => sql<boolean>`(${sql.ref(`${alias}.id`)} NOT IN (${set}))`
      : (alias) => sql<boolean>`(${sql.ref(`${alias}.id`)} IN (${set}))`;
  switch (rule.type) {
    case 'field': {
      const f = ACCOUNT_COLUMNS[rule.field];
      const condition = fieldCondition(f.type, rule.op, rule.value, path);
      out.triggers.add('accounts');
      if (!f.table) return (alias) => holds(condition, sql.ref(`${alias}.${f.column}`));
      if (f.table === 'stage') {
        out.triggers.add('activities');
        out.triggers.add('opportunities');
      }
      const table = sql.table(f.table === 'fit' ? 'account_fit' : 'account_stages');
      const set = sql`SELECT ${X('account_id')} FROM ${table} ${sql.table(x)}
        WHERE ${X('workspace_id')} = ${ws}${accountsOnly(X('account_id'))} AND ${condition.test(X(f.column))}`;
      return idIn(set, condition.negated);
    }
    case 'contactField': {
      const f = CONTACT_COLUMNS[rule.field];
      const condition = fieldCondition(f.type, rule.op, rule.value, path);
      out.triggers.add('contacts');
      return (alias) => holds(condition, sql.ref(`${alias}.${f.column}`));
    }
    case 'custom': {
      const numeric =
        typeof rule.value === 'number' || (Array.isArray(rule.value) && typeof rule.value[0] === 'number');
      const condition = fieldCondition(numeric ? 'number' : 'text', rule.op, rule.value, path);
      out.triggers.add(level === 'account' ? 'accounts' : 'contacts');
      const value = (alias: string) =>
        numeric
          ? sql`CASE WHEN jsonb_typeof(${sql.ref(`${alias}.custom`)}->${rule.key}) = 'number'
              THEN (${sql.ref(`${alias}.custom`)}->>${rule.key})::numeric END`
          : sql`(${sql.ref(`${alias}.custom`)}->>${rule.key})`;
      return (alias) => holds(condition, value(alias));
    }
    case 'targetList': {
      out.triggers.add('accounts');
      const filters = [
        rule.listId ? sql` AND l.id = ${rule.listId}` : sql``,
        rule.period ? sql` AND l.period = ${rule.period}` : sql``,
        rule.status || (!rule.listId && !rule.period)
          ? sql` AND l.status = ${rule.status ?? 'active'}`
          : sql``,
      ];
      return idIn(sql`SELECT ${X('account_id')} FROM target_list_members ${sql.table(x)}
        JOIN target_lists l ON l.workspace_id = ${X('workspace_id')} AND l.id = ${X('list_id')}
        WHERE ${X('workspace_id')} = ${ws}${accountsOnly(X('account_id'))}${sql.join(filters, sql``)}`);
    }
    case 'hierarchy': {
      out.triggers.add('accounts');
      if (rule.relation === 'childOf')
        return (alias) =>
          sql<boolean>`coalesce(${sql.ref(`${alias}.parent_id`)} = ${rule.accountId}::uuid, false)`;
      if (rule.relation === 'parentOf')
        return idIn(sql`SELECT ${X('parent_id')} FROM accounts ${sql.table(x)}
          WHERE ${X('workspace_id')} = ${ws} AND ${X('id')} = ${rule.accountId} AND ${X('parent_id')} IS NOT NULL`);
      // Every account below the given one (cycle-safe: UNION drops rows already found).
      return idIn(sql`WITH RECURSIVE d(id) AS (
          SELECT id FROM accounts WHERE workspace_id = ${ws} AND parent_id = ${rule.accountId}
          UNION SELECT c.id FROM accounts c JOIN d ON c.parent_id = d.id WHERE c.workspace_id = ${ws}
        ) SELECT id FROM d`);
    }
    case 'engagement':
      out.triggers.add('activities');
      return scoreRange(rule, level, x, ws, now, only, idIn, out);
    case 'momentum': {
      out.triggers.add('activities');
      out.daily = true;
      const bounds = [
        rule.min !== undefined ? sql` AND ${X('momentum')} >= ${rule.min}` : sql``,
        rule.max !== undefined ? sql` AND ${X('momentum')} <= ${rule.max}` : sql``,
      ];
      return idIn(sql`SELECT ${X('account_id')} FROM account_engagement ${sql.table(x)}
        WHERE ${X('workspace_id')} = ${ws}${accountsOnly(X('account_id'))} AND ${X('momentum')} IS NOT NULL${sql.join(bounds, sql``)}`);
    }
    case 'intentSurge': {
      out.triggers.add('activities');
      out.daily = true;
      const stats = topicWeekStatsSql({
        workspaceId: ws,
        week: currentWeekSql(),
        ...(o.restrict ? { account: sql`ANY (${[...o.restrict.accountIds]}::uuid[])` } : {}),
        ...(rule.topicId ? { topicId: rule.topicId } : {}),
      });
      return idIn(
        sql`SELECT ${sql.ref(`${x}.account_id`)} FROM (${stats}) ${sql.table(x)} WHERE ${X('surging')}`,
      );
    }
    case 'committee': {
      out.triggers.add('contacts');
      return idIn(
        sql`SELECT ${X('account_id')} FROM contacts ${sql.table(x)}
          JOIN contact_personas cp ON cp.workspace_id = ${X('workspace_id')} AND cp.contact_id = ${X('id')}
          JOIN personas p ON p.workspace_id = cp.workspace_id AND p.id = cp.persona_id
          WHERE ${X('workspace_id')} = ${ws}${accountsOnly(X('account_id'))} AND ${X('account_id')} IS NOT NULL
            AND p.active AND p.committee_role = ${rule.role}`,
        !rule.covered,
      );
    }
    case 'engagedPeople':
      out.triggers.add('activities');
      out.triggers.add('contacts');
      return engagedPeople(rule, x, ws, now, accountsOnly, idIn, out);
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
      return idIn(sql`SELECT ${X('account_id')} FROM opportunities ${sql.table(x)}
        WHERE ${X('workspace_id')} = ${ws}${accountsOnly(X('account_id'))} AND ${X('account_id')} IS NOT NULL${state}`);
    }
    case 'persona':
      out.triggers.add('contacts');
      return idIn(sql`SELECT ${X('contact_id')} FROM contact_personas ${sql.table(x)}
        WHERE ${X('workspace_id')} = ${ws}${contactsOnly(X('contact_id'))} AND ${X('persona_id')} = ANY (${rule.personaIds}::uuid[])`);
    case 'activity':
      out.triggers.add('activities');
      return activity(
        rule,
        level,
        x,
        ws,
        now,
        o.restrict ? (level === 'account' ? o.restrict.accountIds : o.restrict.contactIds) : null,
        idIn,
        out,
      );
    case 'inSegment':
    case 'peopleInSegment':
    case 'accountInSegment': {
      const ref = o.segments.get(rule.segmentId);
      const want =
        rule.type === 'peopleInSegment' ? 'contact' : rule.type === 'accountInSegment' ? 'account' : level;
      if (!ref) throw new RuleError(at('segmentId'), 'no such segment in this workspace');
      if (ref.kind !== want)
        throw new RuleError(
          at('segmentId'),
          `must be ${want === 'account' ? 'an account' : 'a people'} segment`,
        );
      out.refs.add(ref.id);
      // Crossing the person–account link: a person who moves changes both accounts' values.
      if (rule.type !== 'inSegment') out.triggers.add('contacts');
      const members = (key: RawBuilder<unknown>) => sql`FROM segment_memberships ${sql.table(x)}
        WHERE ${X('workspace_id')} = ${ws} AND ${X('segment_id')} = ${ref.id} AND ${X('exited_at')} IS NULL${key}`;
      if (rule.type === 'inSegment')
        return idIn(sql`SELECT ${X('member_id')} ${members(only(X('member_id')))}`);
      if (rule.type === 'accountInSegment')
        return (alias) =>
          sql<boolean>`coalesce(${sql.ref(`${alias}.account_id`)} IN (SELECT ${X('member_id')} ${members(accountsOnly(X('member_id')))}), false)`;
      return idIn(sql`SELECT pc.account_id FROM contacts pc
        WHERE pc.workspace_id = ${ws} AND pc.account_id IS NOT NULL${accountsOnly(sql`pc.account_id`)}
          AND pc.id IN (SELECT ${X('member_id')} ${members(contactsOnly(X('member_id')))})
        GROUP BY pc.account_id HAVING count(*) >= ${rule.atLeast}`);
    }
    case 'account': {
      const inner: CompiledRule = { ...out, dues: [] };
      const a = `a${state.n++}`;
      const where = node(rule.rule, 'account', at('rule'), depth + 1, o, inner, state);
      out.triggers = new Set([...out.triggers, ...inner.triggers, 'contacts']);
      out.daily ||= inner.daily;
      for (const due of inner.dues)
        out.dues.push(
          sql`SELECT dc.id, d.due_at FROM (${due}) d JOIN contacts dc ON dc.workspace_id = ${ws} AND dc.account_id = d.id`,
        );
      return (
        alias,
      ) => sql<boolean>`coalesce(${sql.ref(`${alias}.account_id`)} IN (SELECT ${sql.ref(`${a}.id`)}
        FROM accounts ${sql.table(a)} WHERE ${sql.ref(`${a}.workspace_id`)} = ${ws}${accountsOnly(sql.ref(`${a}.id`))}
          AND ${where(a)}), false)`;
    }
    case 'people': {
      const inner: CompiledRule = { ...out, dues: [] };
      const c = `c${state.n++}`;
      const where = node(rule.rule, 'contact', at('rule'), depth + 1, o, inner, state);
      out.triggers = new Set([...out.triggers, ...inner.triggers, 'contacts']);
      out.daily ||= inner.daily;
      for (const due of inner.dues)
        out.dues.push(sql`SELECT dc.account_id AS id, d.due_at FROM (${due}) d
          JOIN contacts dc ON dc.workspace_id = ${ws} AND dc.id = d.id WHERE dc.account_id IS NOT NULL`);
      const C = (column: string) => sql.ref(`${c}.${column}`);
      return idIn(sql`SELECT ${C('account_id')} FROM contacts ${sql.table(c)}
        WHERE ${C('workspace_id')} = ${ws} AND ${C('account_id')} IS NOT NULL${accountsOnly(C('account_id'))}
          AND ${where(c)}
        GROUP BY ${C('account_id')} HAVING count(*) >= ${rule.atLeast}`);
    }
  }
}

type Only = (key: RawBuilder<unknown>) => RawBuilder<unknown>;
type IdIn = (set: RawBuilder<unknown>, negated?: boolean) => Where;

/**
 * A decayed engagement score in [min, max]. A record without a score has 0; when 0 is in range the
 * rule is "not among those out of range". Due: when the decaying score crosses min or max.
 */
function scoreRange(
  rule: { min?: number | undefined; max?: number | undefined },
  level: SegmentKind,
  x: string,
  ws: string,
  now: RawBuilder<unknown>,
  only: Only,
  idIn: IdIn,
  out: CompiledRule,
): Where {
  const table = sql.table(level === 'account' ? 'account_engagement' : 'contact_engagement');
  const key = sql.ref(`${x}.${level === 'account' ? 'account_id' : 'contact_id'}`);
  const X = (column: string) => sql.ref(`${x}.${column}`);
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
  const from = sql`FROM ${table} ${sql.table(x)} JOIN signal_settings s ON s.workspace_id = ${X('workspace_id')}
    WHERE ${X('workspace_id')} = ${ws}${only(key)} AND ${X('score')} > 0`;
  // When the score decays through a bound: as_of + half-life · log2(score / bound) days; the next
  // such time still ahead is the member's due time.
  const crossings = [rule.min, rule.max].flatMap((b) => {
    if (b === undefined || b <= 0) return [];
    const t = sql`${X('as_of')} + make_interval(secs => s.half_life_days * 86400 * ln((${X('score')} / ${b})::float8) / ln(2::float8))`;
    return [sql`CASE WHEN ${X('score')} > ${b} AND ${t} > ${now} THEN ${t} END`];
  });
  if (crossings.length > 0)
    out.dues.push(sql`SELECT ${key} AS id, least(${sql.join(crossings)}) AS due_at ${from}`);
  const zeroInRange = (rule.min === undefined || rule.min <= 0) && (rule.max === undefined || rule.max >= 0);
  return zeroInRange
    ? idIn(sql`SELECT ${key} ${from} AND NOT (${inRange})`, true)
    : idIn(sql`SELECT ${key} ${from} AND ${inRange}`);
}

/** Accounts with at least N people (or distinct personas) engaged within the last D days. Due: when the N-th most recent drops out. */
function engagedPeople(
  rule: Extract<SegmentLeaf, { type: 'engagedPeople' }>,
  x: string,
  ws: string,
  now: RawBuilder<unknown>,
  accountsOnly: Only,
  idIn: IdIn,
  out: CompiledRule,
): Where {
  const since = sql`${now} - make_interval(days => ${rule.withinDays})`;
  const personas = rule.distinctPersonas || rule.personaIds;
  const group = rule.distinctPersonas ? sql`cp.persona_id` : sql`pc.id`;
  const inner = sql`SELECT pc.account_id, ${group} AS g, max(ce.last_engaged_at) AS last
    FROM contact_engagement ce
    JOIN contacts pc ON pc.workspace_id = ce.workspace_id AND pc.id = ce.contact_id
    ${personas ? sql`JOIN contact_personas cp ON cp.workspace_id = pc.workspace_id AND cp.contact_id = pc.id` : sql``}
    WHERE ce.workspace_id = ${ws} AND pc.account_id IS NOT NULL${accountsOnly(sql`pc.account_id`)}
      AND ce.last_engaged_at >= ${since}
      ${rule.personaIds ? sql`AND cp.persona_id = ANY (${rule.personaIds}::uuid[])` : sql``}
    GROUP BY pc.account_id, ${group}`;
  const grouped = sql`FROM (${inner}) ${sql.table(x)} GROUP BY ${sql.ref(`${x}.account_id`)}
    HAVING count(*) >= ${rule.atLeast}`;
  out.dues.push(sql`SELECT ${sql.ref(`${x}.account_id`)} AS id,
    (array_agg(${sql.ref(`${x}.last`)} ORDER BY ${sql.ref(`${x}.last`)} DESC))[${rule.atLeast}]
      + make_interval(days => ${rule.withinDays}) AS due_at ${grouped}`);
  return idIn(sql`SELECT ${sql.ref(`${x}.account_id`)} ${grouped}`);
}

/**
 * Did an activity (types, URL or name glob, property; optionally by a person of given personas,
 * functions or seniorities) at least N times in the window. Due for "last N days": when the N-th
 * most recent matching activity leaves the window.
 */
function activity(
  rule: Extract<SegmentLeaf, { type: 'activity' }>,
  level: SegmentKind,
  x: string,
  ws: string,
  now: RawBuilder<unknown>,
  restrictIds: readonly string[] | null,
  idIn: IdIn,
  out: CompiledRule,
): Where {
  const X = (column: string) => sql.ref(`${x}.${column}`);
  const key = X(level === 'account' ? 'account_id' : 'contact_id');
  const filters: RawBuilder<unknown>[] = [];
  const w = rule.window;
  if ('lastDays' in w)
    filters.push(
      sql`${X('occurred_at')} > ${now} - make_interval(days => ${w.lastDays}) AND ${X('occurred_at')} <= ${now}`,
    );
  else if ('from' in w) {
    filters.push(sql`${X('occurred_at')} >= ${w.from}::date`);
    if (w.to) filters.push(sql`${X('occurred_at')} < ${w.to}::date + 1`);
  } else {
    filters.push(sql`${X('occurred_at')} >= (SELECT st.since FROM account_stages st
      WHERE st.workspace_id = ${ws} AND st.account_id = ${X('account_id')})`);
    out.triggers.add('opportunities');
    out.triggers.add('accounts');
  }
  if (rule.activityTypes) filters.push(sql`${X('type')} = ANY (${rule.activityTypes}::text[])`);
  const url = rule.urlPattern ? globsToRegex([rule.urlPattern]) : null;
  if (url)
    filters.push(sql`concat_ws(' ', ${X('properties')}->>'url', ${X('properties')}->>'path') ~* ${url}`);
  const name = rule.namePattern ? globsToRegex([rule.namePattern]) : null;
  if (name)
    filters.push(sql`concat_ws(' ', ${X('properties')}->>'name', ${X('properties')}->>'title') ~* ${name}`);
  if (rule.property)
    filters.push(
      sql`${X('properties')}->${rule.property.key} = ${JSON.stringify(rule.property.value)}::jsonb`,
    );
  const by = rule.by;
  if (by?.personaIds)
    filters.push(sql`${X('contact_id')} IN (SELECT bp.contact_id FROM contact_personas bp
      WHERE bp.workspace_id = ${ws} AND bp.persona_id = ANY (${by.personaIds}::uuid[]))`);
  if (by?.functions || by?.seniorities) {
    out.triggers.add('contacts');
    filters.push(sql`${X('contact_id')} IN (SELECT bc.id FROM contacts bc WHERE bc.workspace_id = ${ws}
      ${by.functions ? sql`AND bc.job_function = ANY (${by.functions}::text[])` : sql``}
      ${by.seniorities ? sql`AND bc.seniority = ANY (${by.seniorities}::text[])` : sql``})`);
  }
  if (by?.personaIds) out.triggers.add('contacts');
  const keyColumn = level === 'account' ? 'account_id' : 'contact_id';
  // Restricted to a few records: per record, a range of its (workspace, record, time) index; for the
  // workspace, one pass over the window's activities.
  const from = restrictIds
    ? sql`FROM unnest(${[...restrictIds]}::uuid[]) k(id) CROSS JOIN LATERAL (
        SELECT ${X('occurred_at')}, ${X(keyColumn)} FROM activities ${sql.table(x)}
        WHERE ${X('workspace_id')} = ${plannedWorkspace(ws)} AND ${key} = k.id AND ${sql.join(filters, sql` AND `)}
      ) ${sql.table(x)}
      GROUP BY ${key} HAVING count(*) >= ${rule.atLeast}`
    : sql`FROM activities ${sql.table(x)}
      WHERE ${X('workspace_id')} = ${ws} AND ${key} IS NOT NULL AND ${sql.join(filters, sql` AND `)}
      GROUP BY ${key} HAVING count(*) >= ${rule.atLeast}`;
  if ('lastDays' in w)
    out.dues.push(sql`SELECT ${key} AS id,
      (array_agg(${X('occurred_at')} ORDER BY ${X('occurred_at')} DESC))[${rule.atLeast}]
        + make_interval(days => ${w.lastDays}) AS due_at ${from}`);
  return idIn(sql`SELECT ${key} ${from}`);
}
