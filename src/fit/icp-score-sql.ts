import { type RawBuilder, sql } from 'kysely';
import type { ResolvedCriterion } from './icp-criteria.ts';

const PLAIN_NUMBER_SQL = '^[-+]?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?$';

/** SQL for a custom field's jsonb value (key passed as a parameter). */
function customValue(field: string): RawBuilder<unknown> {
  return sql`(a.custom -> ${field.slice(7)}::text)`;
}

function textExpr(field: string): RawBuilder<unknown> {
  switch (field) {
    case 'industry':
      return sql`a.industry`;
    case 'country':
      return sql`a.country`;
    case 'region':
      return sql`a.region`;
    case 'city':
      return sql`a.city`;
    case 'lifecycle':
      return sql`a.lifecycle`;
    default: {
      const v = customValue(field);
      return sql`(${v} #>> '{}')`;
    }
  }
}

function numberExpr(field: string): RawBuilder<unknown> {
  if (field === 'employeeCount') return sql`a.employee_count::float8`;
  if (field === 'annualRevenue') return sql`a.annual_revenue::float8`;
  const v = customValue(field);
  return sql`(CASE WHEN jsonb_typeof(${v}) = 'number' THEN (${v} #>> '{}')::float8
    WHEN jsonb_typeof(${v}) = 'string' AND btrim(${v} #>> '{}') ~ ${PLAIN_NUMBER_SQL} THEN btrim(${v} #>> '{}')::float8 END)`;
}

function listExpr(field: string): RawBuilder<unknown> {
  if (field === 'technologies') return sql`a.technologies`;
  const v = customValue(field);
  return sql`(CASE WHEN jsonb_typeof(${v}) = 'array' THEN ARRAY(SELECT jsonb_array_elements_text(${v}))
    ELSE string_to_array(${v} #>> '{}', ';') END)`;
}

/** One criterion as a SQL boolean (never NULL), reading the account aliased `a`. */
export function criterionSql(c: ResolvedCriterion): RawBuilder<unknown> {
  const wanted = (c.values ?? (c.value === undefined ? [] : [String(c.value)])).map((v) =>
    v.trim().toLowerCase(),
  );
  switch (c.op) {
    case 'in':
    case 'equals':
      return sql`coalesce(lower(btrim(${textExpr(c.field)})) = ANY(${wanted}::text[]), false)`;
    case 'between': {
      const n = numberExpr(c.field);
      const low = c.min === undefined ? sql`true` : sql`${n} >= ${c.min}::float8`;
      const high = c.max === undefined ? sql`true` : sql`${n} <= ${c.max}::float8`;
      return sql`coalesce(${low} AND ${high} AND ${n} IS NOT NULL, false)`;
    }
    case 'includesAny':
      return sql`EXISTS (SELECT 1 FROM unnest(${listExpr(c.field)}) t WHERE lower(btrim(t)) = ANY(${wanted}::text[]))`;
    case 'includesAll': {
      const distinct = new Set(wanted).size;
      return sql`((SELECT count(DISTINCT lower(btrim(t))) FROM unnest(${listExpr(c.field)}) t
        WHERE lower(btrim(t)) = ANY(${wanted}::text[])) = ${distinct})`;
    }
  }
}

/** SQL for a 0–100 score column expression → grade A–D (A ≥ 80, B ≥ 60, C ≥ 40, else D). */
export function gradeSql(score: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`(CASE WHEN ${score} IS NULL THEN NULL WHEN ${score} >= 80 THEN 'A' WHEN ${score} >= 60 THEN 'B'
    WHEN ${score} >= 40 THEN 'C' ELSE 'D' END)`;
}

/**
 * One set-based UPDATE that scores the workspace's accounts (or just `accountIds`) against the
 * criteria: fit_rule_score, fit_rule_matched, and fit_score/fit_grade where no model scores the account.
 * Rows whose result did not change are not written.
 */
export function icpScoreUpdate(
  workspaceId: string,
  criteria: readonly ResolvedCriterion[],
  accountIds?: readonly string[],
): RawBuilder<unknown> {
  const only = accountIds ? sql`AND a.id = ANY(${[...accountIds]}::uuid[])` : sql``;
  let score: RawBuilder<unknown> = sql`NULL::smallint`;
  let matched: RawBuilder<unknown> = sql`NULL::text[]`;
  if (criteria.length > 0) {
    const total = criteria.reduce((s, c) => s + c.weight, 0);
    const parts = criteria.map((c) => sql`(CASE WHEN ${criterionSql(c)} THEN ${c.weight}::int ELSE 0 END)`);
    score = sql`round(100.0 * (${sql.join(parts, sql` + `)}) / ${total}::int)::smallint`;
    const ids = criteria.map((c) => sql`CASE WHEN ${criterionSql(c)} THEN ${c.id}::text END`);
    matched = sql`array_remove(ARRAY[${sql.join(ids)}]::text[], NULL)`;
  }
  return sql`
    UPDATE accounts AS t
    SET fit_rule_score = x.score,
        fit_rule_matched = x.matched,
        fit_score = CASE WHEN t.fit_model_version IS NULL THEN x.score ELSE t.fit_score END,
        fit_grade = CASE WHEN t.fit_model_version IS NULL THEN ${gradeSql(sql`x.score`)} ELSE t.fit_grade END,
        fit_scored_at = now()
    FROM (
      SELECT a.id, ${score} AS score, ${matched} AS matched
      FROM accounts a
      WHERE a.workspace_id = ${workspaceId} ${only}
    ) x
    WHERE t.workspace_id = ${workspaceId} AND t.id = x.id
      AND (t.fit_rule_score IS DISTINCT FROM x.score OR t.fit_rule_matched IS DISTINCT FROM x.matched
        OR (t.fit_model_version IS NULL AND t.fit_score IS DISTINCT FROM x.score))`;
}
