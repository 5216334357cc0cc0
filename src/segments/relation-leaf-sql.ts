import { type RawBuilder, sql } from 'kysely';
import type { CompiledRule, Where } from './compile-rule.ts';
import { type LeafContext, nextDue } from './leaf-context.ts';
import { RuleError } from './rule-error.ts';
import type { SegmentLeaf, SegmentRule } from './segment-rule.ts';

/** The leaves that relate a record to other segments or across the person–account link. */
export type RelationLeaf =
  | Extract<SegmentLeaf, { type: 'inSegment' | 'peopleInSegment' | 'accountInSegment' }>
  | Extract<SegmentRule, { type: 'account' | 'people' }>;

/**
 * A relation as SQL: membership of another segment (the current stints), a person's account
 * satisfying an account rule, or at least N of an account's people satisfying a people rule.
 */
export function relationLeafSql(rule: RelationLeaf, c: LeafContext): Where {
  const { out, ws, x, X, setIn, o, at, level, state } = c;
  switch (rule.type) {
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
        return setIn((cut) => sql`SELECT ${X('member_id')} ${members(cut(X('member_id')))}`);
      if (rule.type === 'accountInSegment') {
        out.readsAccounts = true;
        return setIn((cut) => sql`SELECT ${X('member_id')} ${members(cut(X('member_id')))}`, {
          column: 'account_id',
        });
      }
      // Restricted: the account's people (by account), each one's current stint (by key).
      return setIn(
        (cut) => sql`SELECT pc.account_id FROM contacts pc
          WHERE pc.workspace_id = ${ws} AND pc.account_id IS NOT NULL${cut(sql`pc.account_id`)}
            AND ${
              c.restricted
                ? sql`EXISTS (SELECT 1 ${members(sql` AND ${X('member_id')} = pc.id`)})`
                : sql`pc.id IN (SELECT ${X('member_id')} ${members(sql``)})`
            }
          GROUP BY pc.account_id HAVING count(*) >= ${rule.atLeast}`,
      );
    }
    case 'account': {
      const inner: CompiledRule = { ...out, dues: [], rowDues: [] };
      const a = `a${state.n++}`;
      const A = (column: string) => sql.ref(`${a}.${column}`);
      const where = c.compile(rule.rule, 'account', at('rule'), c.depth + 1, inner);
      out.readsAccounts = true;
      out.triggers = new Set([...out.triggers, ...inner.triggers, 'contacts']);
      out.daily ||= inner.daily;
      for (const due of inner.dues)
        out.dues.push(
          sql`SELECT dc.id, d.due_at FROM (${due}) d JOIN contacts dc ON dc.workspace_id = ${ws} AND dc.account_id = d.id`,
        );
      if (inner.rowDues.length > 0)
        out.rowDues.push(
          (alias) => sql`(SELECT ${nextDue(
            inner.rowDues.map((d) => d(a)),
            c.now,
          )} FROM accounts ${sql.table(a)}
            WHERE ${A('workspace_id')} = ${ws} AND ${A('id')} = ${sql.ref(`${alias}.account_id`)})`,
        );
      return setIn(
        (cut) => sql`SELECT ${A('id')} FROM accounts ${sql.table(a)}
          WHERE ${A('workspace_id')} = ${ws}${cut(A('id'))} AND ${where(a)}`,
        { column: 'account_id' },
      );
    }
    case 'people': {
      const inner: CompiledRule = { ...out, dues: [], rowDues: [] };
      const p = `c${state.n++}`;
      const P = (column: string) => sql.ref(`${p}.${column}`);
      const where = c.compile(rule.rule, 'contact', at('rule'), c.depth + 1, inner);
      out.triggers = new Set([...out.triggers, ...inner.triggers, 'contacts']);
      out.daily ||= inner.daily;
      for (const due of inner.dues)
        out.dues.push(sql`SELECT dc.account_id AS id, d.due_at FROM (${due}) d
          JOIN contacts dc ON dc.workspace_id = ${ws} AND dc.id = d.id WHERE dc.account_id IS NOT NULL`);
      if (inner.rowDues.length > 0)
        out.rowDues.push(
          (alias) => sql`(SELECT min(${nextDue(
            inner.rowDues.map((d) => d(p)),
            c.now,
          )}) FROM contacts ${sql.table(p)}
            WHERE ${P('workspace_id')} = ${ws} AND ${P('account_id')} = ${sql.ref(`${alias}.id`)})`,
        );
      return setIn(
        (cut) => sql`SELECT ${P('account_id')} FROM contacts ${sql.table(p)}
          WHERE ${P('workspace_id')} = ${ws} AND ${P('account_id')} IS NOT NULL${cut(P('account_id'))}
            AND ${where(p)}
          GROUP BY ${P('account_id')} HAVING count(*) >= ${rule.atLeast}`,
      );
    }
  }
}
