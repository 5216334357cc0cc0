import { type RawBuilder, sql } from 'kysely';
import { plannedWorkspace } from '../db/planned-workspace.ts';

/**
 * Seniority level of a person as SQL, from a seniority value or a job title: the first match in
 * VP → C-level → Director → Manager, else `other`. ("Vice President" is checked before "President".)
 * This is the single place seniority is decided; `contacts.seniority`, when that column exists, is
 * preferred over the title and normalised through the same mapping.
 */
export function senioritySql(text: RawBuilder<unknown>): RawBuilder<string> {
  return sql<string>`CASE
    WHEN ${text} IS NULL OR ${text} = '' THEN 'other'
    WHEN ${text} ~* '(^|[^a-z])(vice[ -]?president|s?e?vp|avp)([^a-z]|$)' THEN 'vp'
    WHEN ${text} ~* '(^|[^a-z])(chief|ceo|cfo|cto|cmo|coo|cio|ciso|cro|cpo|cdo|president|founder|co-founder|owner|c[-_ ]?level|cxo|executive)([^a-z]|$)' THEN 'c_level'
    WHEN ${text} ~* '(^|[^a-z])(director|head)([^a-z]|$)' THEN 'director'
    WHEN ${text} ~* '(^|[^a-z])(manager|mgr|lead|supervisor)([^a-z]|$)' THEN 'manager'
    ELSE 'other' END`;
}

/** Job function from a title (Demandbase-style keyword mapping), used for the default persona key. */
export function functionSql(title: RawBuilder<unknown>): RawBuilder<string> {
  return sql<string>`CASE
    WHEN ${title} IS NULL OR ${title} = '' THEN 'other'
    WHEN ${title} ~* '(^|[^a-z])(marketing|cmo|demand|brand|growth|content)([^a-z]|$)' THEN 'marketing'
    WHEN ${title} ~* '(^|[^a-z])(sales|cro|revenue|account executive|business development|bdr|sdr)([^a-z]|$)' THEN 'sales'
    WHEN ${title} ~* '(^|[^a-z])(finance|financial|cfo|controller|accounting|treasurer|procurement)([^a-z]|$)' THEN 'finance'
    WHEN ${title} ~* '(^|[^a-z])(it|cio|ciso|information|security|infrastructure|systems)([^a-z]|$)' THEN 'it'
    WHEN ${title} ~* '(^|[^a-z])(engineering|engineer|developer|cto|software|technology|product)([^a-z]|$)' THEN 'engineering'
    WHEN ${title} ~* '(^|[^a-z])(legal|counsel|compliance)([^a-z]|$)' THEN 'legal'
    WHEN ${title} ~* '(^|[^a-z])(hr|human resources|people|talent|recruiting)([^a-z]|$)' THEN 'hr'
    WHEN ${title} ~* '(^|[^a-z])(operations|coo|ops)([^a-z]|$)' THEN 'operations'
    WHEN ${title} ~* '(^|[^a-z])(ceo|founder|president|owner|general manager)([^a-z]|$)' THEN 'executive'
    ELSE 'other' END`;
}

/**
 * The contacts of a workspace with what scoring needs: account, seniority level, its multiplier
 * and the persona key (`function:seniority`, e.g. `marketing:vp`). The stored contacts.seniority /
 * job_function are used when set, else they are derived from the title.
 * Columns: id, account_id, seniority, persona_key, seniority_multiplier.
 *
 * For the whole workspace the title patterns run once per distinct (seniority, function, title)
 * — a few thousand at most in practice — and are joined back, instead of once per contact (OFFSET 0
 * keeps the planner from moving the patterns above the join).
 */
export function contactAttributesSql(
  workspaceId: string,
  /** Restrict to these contact ids (primary-key lookups); without it every contact of the workspace. */
  only?: readonly string[],
): RawBuilder<unknown> {
  const ws = workspaceId;
  const derive = (alias: string) => {
    const title = sql.ref(`${alias}.title`);
    const level = senioritySql(sql`coalesce(nullif(${sql.ref(`${alias}.seniority`)}::text, ''), ${title})`);
    const fn = sql`coalesce(nullif(${sql.ref(`${alias}.job_function`)}::text, ''), ${functionSql(title)})`;
    return { level, fn };
  };
  const select = (l: string) => sql`
    SELECT c.id, c.account_id, ${sql.ref(`${l}.seniority`)} AS seniority,
      ${sql.ref(`${l}.fn`)} || ':' || ${sql.ref(`${l}.seniority`)} AS persona_key,
      coalesce((s.seniority_multipliers->>${sql.ref(`${l}.seniority`)})::float8, 0.5) AS seniority_multiplier`;
  if (only) {
    // Materialised: the patterns run once per contact even when the planner puts this relation
    // on the inner side of a nested loop (a batch's row estimate can be 1).
    const { level, fn } = derive('c');
    return sql`WITH attributes AS MATERIALIZED (${select('l')}
        FROM unnest(${[...only]}::uuid[]) AS k(id) CROSS JOIN LATERAL (
          SELECT * FROM contacts x WHERE x.workspace_id = ${plannedWorkspace(ws)} AND x.id = k.id LIMIT 1
        ) c
        JOIN signal_settings s ON s.workspace_id = c.workspace_id
        CROSS JOIN LATERAL (SELECT ${level} AS seniority, ${fn} AS fn OFFSET 0) l
        WHERE c.workspace_id = ${ws})
      SELECT * FROM attributes`;
  }
  // NULL and '' behave alike in the patterns (both `other` / fall back), so '' stands for NULL in
  // the join keys and the keys can be hash-joined.
  const key = (alias: string) => ({
    seniority: sql`coalesce(${sql.ref(`${alias}.seniority`)}::text, '')`,
    jobFunction: sql`coalesce(${sql.ref(`${alias}.job_function`)}::text, '')`,
    title: sql`coalesce(${sql.ref(`${alias}.title`)}, '')`,
  });
  const c = key('c');
  const x = key('x');
  const { level, fn } = derive('k');
  return sql`${select('d')}
    FROM contacts c
    JOIN signal_settings s ON s.workspace_id = c.workspace_id
    JOIN (
      SELECT k.seniority AS seniority_key, k.job_function AS function_key, k.title AS title_key,
        ${level} AS seniority, ${fn} AS fn
      FROM (
        SELECT DISTINCT ${x.seniority} AS seniority, ${x.jobFunction} AS job_function, ${x.title} AS title
        FROM contacts x WHERE x.workspace_id = ${ws}
      ) k
      OFFSET 0
    ) d ON d.seniority_key = ${c.seniority} AND d.function_key = ${c.jobFunction} AND d.title_key = ${c.title}
    WHERE c.workspace_id = ${ws}`;
}
