import { type RawBuilder, sql } from 'kysely';
import type { CompiledRule, CompileOptions, Where } from './compile-rule.ts';
import type { SegmentKind, SegmentRule } from './segment-rule.ts';

/**
 * Cut a set to the record being evaluated: with `restrict`, `AND key = <the member row's column>`
 * (a correlated probe by index); for the whole workspace, nothing.
 */
export type Cut = (key: RawBuilder<unknown>) => RawBuilder<unknown>;

/** What every condition family's compiler gets for one leaf of a rule. */
export interface LeafContext {
  level: SegmentKind;
  /** The leaf's path in the rule (for RuleError). */
  path: string;
  depth: number;
  o: CompileOptions;
  out: CompiledRule;
  state: { n: number };
  ws: string;
  /** The evaluation time as SQL. */
  now: RawBuilder<unknown>;
  /** This leaf's own table alias, and a column of it. */
  x: string;
  X: (column: string) => RawBuilder<unknown>;
  /** A path below this leaf. */
  at: (p: string) => string;
  /**
   * Evaluating only some records (`restrict`): every condition is a probe correlated with the
   * member row (by index), and due times are per-row expressions (`out.rowDues`).
   */
  restricted: boolean;
  /**
   * `alias.<column> IN (set)` (or NOT IN), where `set` is built with a cut: for the whole
   * workspace an uncorrelated set PostgreSQL hashes once; restricted, the same set correlated with
   * the member row, probed per evaluated record. `column` defaults to `id`; `account_id` (a
   * person's account) reads as false when the person has none.
   */
  setIn: (
    build: (cut: Cut) => RawBuilder<unknown>,
    options?: { negated?: boolean; column?: 'account_id' },
  ) => Where;
  /** Compile a nested rule (relations). */
  compile: (rule: SegmentRule, level: SegmentKind, path: string, depth: number, out: CompiledRule) => Where;
}

/** The context of one leaf: its alias, the set helpers and the evaluation time. */
export function leafContext(
  level: SegmentKind,
  path: string,
  depth: number,
  o: CompileOptions,
  out: CompiledRule,
  state: { n: number },
  compile: LeafContext['compile'],
): LeafContext {
  const x = `x${state.n++}`;
  const restricted = o.restrict !== undefined;
  return {
    level,
    path,
    depth,
    o,
    out,
    state,
    ws: o.workspaceId,
    now: sql`${o.at.toISOString()}::timestamptz`,
    x,
    X: (column) => sql.ref(`${x}.${column}`),
    at: (p) => (path ? `${path}.${p}` : p),
    restricted,
    setIn: (build, options = {}) => {
      const column = options.column ?? 'id';
      return (alias) => {
        const ref = sql.ref(`${alias}.${column}`);
        const set = build(restricted ? (key) => sql` AND ${key} = ${ref}` : () => sql``);
        const test = options.negated
          ? sql<boolean>`(${ref} NOT IN (${set}))`
          : sql<boolean>`(${ref} IN (${set}))`;
        return column === 'id' ? test : sql<boolean>`coalesce(${test}, false)`;
      };
    },
    compile,
  };
}

/** The earliest of these due times still ahead of `now` (NULL when none is). */
export function nextDue(dues: RawBuilder<unknown>[], now: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`least(${sql.join(dues.map((d) => sql`(SELECT t FROM (SELECT ${d} AS t) n WHERE t > ${now})`))})`;
}
