import { type RawBuilder, sql } from 'kysely';

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

/** Which optional contact columns exist (from the personas migration). */
export interface ContactColumns {
  seniority: boolean;
  jobFunction: boolean;
}

/**
 * The contacts of a workspace with what scoring needs: account, seniority level, its multiplier
 * and the persona key (`function:seniority`, e.g. `marketing:vp`). The stored contacts.seniority /
 * job_function are used when those columns exist and are set, else they are derived from the title.
 * Columns: id, account_id, seniority, persona_key, seniority_multiplier.
 */
export function contactAttributesSql(
  workspaceId: string,
  columns: ContactColumns,
  /** Restrict to these contact ids (primary-key lookups); without it every contact of the workspace. */
  only?: readonly string[],
): RawBuilder<unknown> {
  const level = columns.seniority
    ? senioritySql(sql`coalesce(nullif(c.seniority::text, ''), c.title)`)
    : senioritySql(sql`c.title`);
  const fn = columns.jobFunction
    ? sql`coalesce(nullif(c.job_function::text, ''), ${functionSql(sql`c.title`)})`
    : functionSql(sql`c.title`);
  return sql`
    SELECT c.id, c.account_id, l.seniority, l.fn || ':' || l.seniority AS persona_key,
      coalesce((s.seniority_multipliers->>l.seniority)::float8, 0.5) AS seniority_multiplier
    FROM ${
      only
        ? sql`unnest(${[...only]}::uuid[]) AS k(id) CROSS JOIN LATERAL (
            SELECT * FROM contacts x WHERE x.workspace_id = ${workspaceId} AND x.id = k.id
            ORDER BY x.workspace_id, x.id LIMIT 1) c`
        : sql`contacts c`
    }
    JOIN signal_settings s ON s.workspace_id = c.workspace_id
    CROSS JOIN LATERAL (SELECT ${level} AS seniority, ${fn} AS fn OFFSET 0) l
    WHERE c.workspace_id = ${workspaceId}`;
}
