import { type RawBuilder, sql } from 'kysely';
import { activityLeafSql } from './activity-leaf-sql.ts';
import { fieldLeafSql } from './field-leaf-sql.ts';
import { leafContext } from './leaf-context.ts';
import { relationLeafSql } from './relation-leaf-sql.ts';
import { RuleError } from './rule-error.ts';
import type { SegmentKind, SegmentLeaf, SegmentRule } from './segment-rule.ts';
import { signalLeafSql } from './signal-leaf-sql.ts';

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
   * Evaluate only these records (incremental upkeep, explain): the rule becomes probes correlated
   * with each record, by index. A people rule that reads accounts (`readsAccounts`) must be given
   * the people of the touched accounts too.
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
  /**
   * With `restrict`, instead of `dues`: per member row aliased `alias`, the next time each
   * time-window condition can change (a timestamptz, NULL for none).
   */
  rowDues: ((alias: string) => RawBuilder<unknown>)[];
  /** Writes that can change the rule's value. */
  triggers: Set<Trigger>;
  /**
   * A people rule that reads its people's accounts (`account`, `accountInSegment`): a write of an
   * account moves it for all the account's people, so they are evaluated too.
   */
  readsAccounts: boolean;
  /** Reads "this week" (surge, momentum): rebuilt after each day boundary. */
  daily: boolean;
  /** Segments referenced. */
  refs: Set<string>;
}

const MAX_DEPTH = 12;

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
 * from bound parameters and trusted identifiers. Conditions on other tables are `id IN (set)`: for a
 * whole workspace over an uncorrelated set query, which PostgreSQL runs once (a hash); with
 * `restrict`, the same set correlated with the member row, so each touched record is a few index
 * probes whatever the planner estimates (one field family a file: field-, signal-, activity- and
 * relation-leaf-sql.ts). Throws RuleError naming the path of
 * the first node that does not fit (a condition of the other kind, an unknown segment, a bad value,
 * a rule nested deeper than 12 levels).
 */
export function compileRule(rule: SegmentRule, kind: SegmentKind, options: CompileOptions): CompiledRule {
  const out: CompiledRule = {
    where: () => sql<boolean>`true`,
    dues: [],
    rowDues: [],
    triggers: new Set(),
    readsAccounts: false,
    daily: false,
    refs: new Set(),
  };
  const state = { n: 0 };
  out.where = node(rule, kind, '', 0, options, out, state);
  return out;
}

/** A rule node as a boolean over the member row aliased `alias`. */
export type Where = (alias: string) => RawBuilder<boolean>;

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
  const c = leafContext(level, path, depth, o, out, state, (r, l, p, d, into) =>
    node(r, l, p, d, o, into, state),
  );
  switch (rule.type) {
    case 'field':
    case 'contactField':
    case 'custom':
    case 'targetList':
    case 'hierarchy':
      return fieldLeafSql(rule, c);
    case 'engagement':
    case 'momentum':
    case 'intentSurge':
    case 'committee':
    case 'engagedPeople':
    case 'opportunity':
    case 'persona':
      return signalLeafSql(rule, c);
    case 'activity':
      return activityLeafSql(rule, c);
    case 'inSegment':
    case 'peopleInSegment':
    case 'accountInSegment':
    case 'account':
    case 'people':
      return relationLeafSql(rule, c);
  }
}
