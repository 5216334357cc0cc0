import { type RawBuilder, sql } from 'kysely';
import { GRADE_MIN_SCORE, type ResolvedCriterion } from './icp-criteria.ts';

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
  const g = GRADE_MIN_SCORE;
  return sql`(CASE WHEN ${score} IS NULL THEN NULL WHEN ${score} >= ${sql.lit(g.A)} THEN 'A'
    WHEN ${score} >= ${sql.lit(g.B)} THEN 'B' WHEN ${score} >= ${sql.lit(g.C)} THEN 'C' ELSE 'D' END)`;
}

/**
 * The ICP rule score (0–100, the matched criteria's share of the total weight) and the ids of the
 * matched criteria, from one boolean SQL value per criterion (`matched(i)`, e.g. a column computed
 * once per account). NULL score and list when there are no criteria.
 */
export function ruleScoreSql(
  criteria: readonly ResolvedCriterion[],
  matched: (index: number) => RawBuilder<unknown>,
): { score: RawBuilder<unknown>; matched: RawBuilder<unknown> } {
  if (criteria.length === 0) return { score: sql`NULL::smallint`, matched: sql`NULL::text[]` };
  const total = criteria.reduce((s, c) => s + c.weight, 0);
  const parts = criteria.map((c, i) => sql`(CASE WHEN ${matched(i)} THEN ${c.weight}::int ELSE 0 END)`);
  const ids = criteria.map((c, i) => sql`CASE WHEN ${matched(i)} THEN ${c.id}::text END`);
  return {
    score: sql`round(100.0 * (${sql.join(parts, sql` + `)}) / ${total}::int)::smallint`,
    matched: sql`array_remove(ARRAY[${sql.join(ids)}]::text[], NULL)`,
  };
}
