import { type RawBuilder, sql } from 'kysely';
import { globsToRegex } from '../signals/glob-regex.ts';
import type { Where } from './compile-rule.ts';
import type { LeafContext } from './leaf-context.ts';
import type { SegmentLeaf } from './segment-rule.ts';

/**
 * Did an activity (types, URL or name glob, property; optionally by a person of given personas,
 * functions or seniorities) at least N times in the window. Due for "last N days": when the N-th
 * most recent matching activity leaves the window.
 */
export function activityLeafSql(rule: Extract<SegmentLeaf, { type: 'activity' }>, c: LeafContext): Where {
  const { level, x, X, ws, now, out } = c;
  out.triggers.add('activities');
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
    // A person's value then reads their account's stage.
    if (level === 'contact') out.readsAccounts = true;
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
  // Restricted, each activity's person is one key probe; for the workspace, the people are one set.
  if (by?.personaIds)
    filters.push(
      c.restricted
        ? sql`EXISTS (SELECT 1 FROM contact_personas bp WHERE bp.workspace_id = ${ws}
            AND bp.contact_id = ${X('contact_id')} AND bp.persona_id = ANY (${by.personaIds}::uuid[]))`
        : sql`${X('contact_id')} IN (SELECT bp.contact_id FROM contact_personas bp
            WHERE bp.workspace_id = ${ws} AND bp.persona_id = ANY (${by.personaIds}::uuid[]))`,
    );
  if (by?.functions || by?.seniorities) {
    out.triggers.add('contacts');
    const people = sql`${by.functions ? sql`AND bc.job_function = ANY (${by.functions}::text[])` : sql``}
      ${by.seniorities ? sql`AND bc.seniority = ANY (${by.seniorities}::text[])` : sql``}`;
    filters.push(
      c.restricted
        ? sql`EXISTS (SELECT 1 FROM contacts bc WHERE bc.workspace_id = ${ws} AND bc.id = ${X('contact_id')} ${people})`
        : sql`${X('contact_id')} IN (SELECT bc.id FROM contacts bc WHERE bc.workspace_id = ${ws} ${people})`,
    );
  }
  if (by?.personaIds) out.triggers.add('contacts');
  const matching = sql.join(filters, sql` AND `);
  if (c.restricted) {
    // One record: a range of its (workspace, record, time) index, newest first. At least N: a row
    // after the first N − 1; due: the N-th newest leaves the window.
    const range = (alias: string) => sql`FROM activities ${sql.table(x)}
      WHERE ${X('workspace_id')} = ${ws} AND ${key} = ${sql.ref(`${alias}.id`)} AND ${matching}`;
    if ('lastDays' in w)
      out.rowDues.push(
        (alias) => sql`((SELECT ${X('occurred_at')} ${range(alias)}
          ORDER BY ${X('occurred_at')} DESC OFFSET ${rule.atLeast - 1} LIMIT 1) + make_interval(days => ${w.lastDays}))`,
      );
    return (alias) =>
      sql<boolean>`EXISTS (SELECT 1 ${range(alias)} ORDER BY ${X('occurred_at')} DESC OFFSET ${rule.atLeast - 1} LIMIT 1)`;
  }
  // The workspace: one pass over the window's activities.
  const from = sql`FROM activities ${sql.table(x)}
    WHERE ${X('workspace_id')} = ${ws} AND ${key} IS NOT NULL AND ${matching}
    GROUP BY ${key} HAVING count(*) >= ${rule.atLeast}`;
  if ('lastDays' in w)
    out.dues.push(sql`SELECT ${key} AS id,
      (array_agg(${X('occurred_at')} ORDER BY ${X('occurred_at')} DESC))[${rule.atLeast}]
        + make_interval(days => ${w.lastDays}) AS due_at ${from}`);
  return (alias) => sql<boolean>`(${sql.ref(`${alias}.id`)} IN (SELECT ${key} ${from}))`;
}
