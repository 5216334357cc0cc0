import { sql } from 'kysely';
import type { Where } from './compile-rule.ts';
import { fieldCondition, holds } from './field-condition-sql.ts';
import type { LeafContext } from './leaf-context.ts';
import { ACCOUNT_COLUMNS, CONTACT_COLUMNS } from './rule-columns.ts';
import type { SegmentLeaf } from './segment-rule.ts';

/** The leaves over a record's own fields: account and contact fields, custom fields, target lists, hierarchy. */
export type FieldLeaf = Extract<
  SegmentLeaf,
  { type: 'field' | 'contactField' | 'custom' | 'targetList' | 'hierarchy' }
>;

/**
 * A field condition as SQL: columns of the member row directly; fit and stage, target-list
 * membership and the hierarchy below an account as `id IN (set)`, cut to the restricted records.
 */
export function fieldLeafSql(rule: FieldLeaf, c: LeafContext): Where {
  const { out, ws, x, X, setIn, path } = c;
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
      return setIn(
        (cut) => sql`SELECT ${X('account_id')} FROM ${table} ${sql.table(x)}
          WHERE ${X('workspace_id')} = ${ws}${cut(X('account_id'))} AND ${condition.test(X(f.column))}`,
        { negated: condition.negated },
      );
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
      out.triggers.add(c.level === 'account' ? 'accounts' : 'contacts');
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
      return setIn(
        (cut) => sql`SELECT ${X('account_id')} FROM target_list_members ${sql.table(x)}
          JOIN target_lists l ON l.workspace_id = ${X('workspace_id')} AND l.id = ${X('list_id')}
          WHERE ${X('workspace_id')} = ${ws}${cut(X('account_id'))}${sql.join(filters, sql``)}`,
      );
    }
    case 'hierarchy': {
      out.triggers.add('accounts');
      if (rule.relation === 'childOf')
        return (alias) =>
          sql<boolean>`coalesce(${sql.ref(`${alias}.parent_id`)} = ${rule.accountId}::uuid, false)`;
      if (rule.relation === 'parentOf')
        return setIn(
          () => sql`SELECT ${X('parent_id')} FROM accounts ${sql.table(x)}
            WHERE ${X('workspace_id')} = ${ws} AND ${X('id')} = ${rule.accountId} AND ${X('parent_id')} IS NOT NULL`,
        );
      // Every account below the given one (cycle-safe: UNION drops rows already found).
      // Uncorrelated either way: the subtree is read once per statement.
      return setIn(
        () => sql`WITH RECURSIVE d(id) AS (
            SELECT id FROM accounts WHERE workspace_id = ${ws} AND parent_id = ${rule.accountId}
            UNION SELECT c.id FROM accounts c JOIN d ON c.parent_id = d.id WHERE c.workspace_id = ${ws}
          ) SELECT id FROM d`,
      );
    }
  }
}
