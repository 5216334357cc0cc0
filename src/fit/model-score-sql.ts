import { type RawBuilder, sql } from 'kysely';
import { MISSING_TOKENS } from './cell-values.ts';
import type { ColumnPlan } from './detect-column.ts';
import type { FeatureSpec } from './feature-spec.ts';
import { gradeSql } from './icp-score-sql.ts';
import type { Platt } from './platt-scaling.ts';

/** A stored model's scoring parameters. */
export interface StoredCoefficients {
  intercept: number;
  weights: number[];
  platt: Platt;
}

const PLAIN_NUMBER_SQL = '^[-+]?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?$';
const MISSING = [...MISSING_TOKENS];
type Sql = RawBuilder<unknown>;

/** A float literal, parenthesised so a negative value never forms `--` (an SQL comment). */
const num = (value: number): Sql => sql`(${sql.lit(Number.isFinite(value) ? value : 0)}::float8)`;

/** The SQL value of a model column: text, number, list or boolean, for the account aliased `a`. */
function source(column: string) {
  const v = sql`(a.custom -> ${column.slice(7)}::text)`;
  const isCustom = column.startsWith('custom.');
  const base: Record<string, Sql> = {
    industry: sql`a.industry`,
    country: sql`a.country`,
    region: sql`a.region`,
    employees: sql`a.employee_count::float8`,
    revenue: sql`a.annual_revenue::float8`,
  };
  const text: Sql = isCustom
    ? sql`(CASE WHEN jsonb_typeof(${v}) IN ('string', 'number', 'boolean') THEN ${v} #>> '{}' END)`
    : column === 'technologies'
      ? sql`NULL::text`
      : (base[column] ?? sql`NULL::text`);
  const number: Sql = isCustom
    ? sql`(CASE WHEN jsonb_typeof(${v}) = 'number' THEN (${v} #>> '{}')::float8
        WHEN jsonb_typeof(${v}) = 'string' AND btrim(${v} #>> '{}') ~ ${PLAIN_NUMBER_SQL} THEN btrim(${v} #>> '{}')::float8 END)`
    : column === 'employees' || column === 'revenue'
      ? (base[column] ?? sql`NULL::float8`)
      : sql`(CASE WHEN btrim(${text}) ~ ${PLAIN_NUMBER_SQL} THEN btrim(${text})::float8 END)`;
  const list: Sql = isCustom
    ? sql`(CASE WHEN jsonb_typeof(${v}) = 'array' THEN ARRAY(SELECT CASE WHEN jsonb_typeof(e) = 'string' THEN e #>> '{}' ELSE e::text END FROM jsonb_array_elements(${v}) e)
        WHEN jsonb_typeof(${v}) IN ('string', 'number', 'boolean') THEN string_to_array(${v} #>> '{}', ';') ELSE '{}'::text[] END)`
    : column === 'technologies'
      ? sql`a.technologies`
      : sql`string_to_array(${text}, ';')`;
  return { text, number, list };
}

/** SQL for the set of distinct present tokens of a list value. */
function tokens(list: Sql): Sql {
  return sql`(SELECT DISTINCT lower(btrim(t)) AS k FROM unnest(${list}) t WHERE lower(btrim(t)) <> ALL(${MISSING}::text[]))`;
}

/**
 * One column's contribution to the log-odds, Σ w·(x − center)/scale over its features, as SQL
 * mirroring `encodeTable` exactly (same missing tokens, clamping, log scaling and level keys).
 */
function contribution(plan: ColumnPlan, k: number[], constant: number): Sql {
  const s = source(plan.column);
  const missingText = sql`(${s.text} IS NULL OR lower(btrim(${s.text})) = ANY(${MISSING}::text[]))`;
  const at = (i: number) => k[i] ?? 0;
  let expr: Sql;
  if (plan.kind === 'numeric' || plan.kind === 'date') {
    const edges = plan.bins ?? [];
    const binCount = edges.length > 0 ? edges.length + 1 : 0;
    const raw = plan.log ? sql`ln(1 + greatest(0, ${s.number}))` : s.number;
    const v = sql`least(${num(plan.high)}, greatest(${num(plan.low)}, ${raw}))`;
    const bins =
      binCount > 0
        ? sql` + (CASE ${sql.join(
            edges.map((e, i) => sql`WHEN ${v} < ${num(e)} THEN ${num(at(1 + i))}`),
            sql` `,
          )} ELSE ${num(at(edges.length + 1))} END)`
        : sql``;
    const present = sql`${num(at(0))} * ${v}${bins}`;
    const missing = num(at(0) * plan.fill + (plan.missingIndicator ? at(1 + binCount) : 0));
    // least/greatest skip NULLs in PostgreSQL, so test for a missing value first.
    expr = sql`(CASE WHEN ${s.number} IS NULL THEN ${missing} ELSE ${present} END)`;
  } else if (plan.kind === 'boolean') {
    const t = sql`lower(btrim(${s.text}))`;
    expr = sql`(CASE WHEN ${t} IN ('true', 'yes', 'y', 't') THEN ${num(at(0))} WHEN ${t} IN ('false', 'no', 'n', 'f') THEN 0
      ELSE ${num(plan.missingIndicator ? at(1) : 0)} END)`;
  } else if (plan.kind === 'categorical') {
    const L = plan.levels.length;
    const cases = plan.levels.map((level, i) => sql`WHEN ${level.key}::text THEN ${num(at(i))}`);
    const other = num(plan.other ? at(L) : 0);
    const missing = num(plan.missingIndicator ? at(L + (plan.other ? 1 : 0)) : 0);
    const lookup =
      cases.length > 0
        ? sql`(CASE lower(btrim(${s.text})) ${sql.join(cases, sql` `)} ELSE ${other} END)`
        : other;
    expr = sql`(CASE WHEN ${missingText} THEN ${missing} ELSE ${lookup} END)`;
  } else {
    const L = plan.levels.length;
    const keys = plan.levels.map((l) => l.key);
    const weights = plan.levels.map((_, i) => at(i));
    const missing = num(plan.missingIndicator ? at(L) : 0);
    expr = sql`(SELECT CASE WHEN count(*) = 0 THEN ${missing}
        ELSE coalesce(sum(w.weight) FILTER (WHERE w.key IS NOT NULL), 0) END
      FROM ${tokens(s.list)} tk LEFT JOIN unnest(${keys}::text[], ${weights}::float8[]) AS w(key, weight) ON w.key = tk.k)`;
  }
  return sql`(${expr} - ${num(constant)})`;
}

/** The label shown for a column's contribution in an account's reasons. */
function reasonLabel(plan: ColumnPlan): Sql {
  if (plan.kind === 'categorical' || plan.kind === 'boolean') {
    const s = source(plan.column);
    return sql`(${plan.column}::text || ' = ' || coalesce(nullif(btrim(${s.text}), ''), '(missing)'))`;
  }
  return sql`${plan.column}::text`;
}

/**
 * SELECT of (id, z, reasons) for the workspace's accounts (or `accountIds`): z is the model's
 * log-odds, reasons the top 3 positive and negative column contributions.
 */
export function modelScoreSelect(
  workspaceId: string,
  spec: FeatureSpec,
  coefficients: StoredCoefficients,
  accountIds?: readonly string[],
  withReasons = true,
): Sql {
  let offset = 0;
  const contributions: Sql[] = [];
  const parts = spec.plans.map((plan) => {
    const width = spec.features.filter((f) => f.column === plan.column).length;
    const k: number[] = [];
    let constant = 0;
    for (let j = offset; j < offset + width; j++) {
      const w = coefficients.weights[j] ?? 0;
      const scale = spec.scales[j] ?? 1;
      k.push(w / scale);
      constant += (w * (spec.centers[j] ?? 0)) / scale;
    }
    offset += width;
    const c = contribution(plan, k, constant);
    contributions.push(c);
    return sql`(${reasonLabel(plan)}, ${c})`;
  });
  const only = accountIds ? sql`AND a.id = ANY(${[...accountIds]}::uuid[])` : sql``;
  if (!withReasons) {
    const sum = contributions.length > 0 ? sql.join(contributions, sql` + `) : sql`0`;
    return sql`SELECT a.id, ${num(coefficients.intercept)} + ${sum} AS z
      FROM accounts a WHERE a.workspace_id = ${workspaceId} ${only}`;
  }
  const values =
    parts.length > 0 ? sql`VALUES ${sql.join(parts)}` : sql`SELECT ''::text, 0::float8 WHERE false`;
  return sql`
    SELECT a.id, s.z, s.reasons
    FROM accounts a, LATERAL (
      SELECT ${num(coefficients.intercept)} + coalesce(sum(c), 0) AS z,
        jsonb_build_object(
          'positive', coalesce(jsonb_agg(jsonb_build_object('feature', f, 'contribution', round(c::numeric, 3)) ORDER BY c DESC)
            FILTER (WHERE rp <= 3 AND c > 0.01), '[]'::jsonb),
          'negative', coalesce(jsonb_agg(jsonb_build_object('feature', f, 'contribution', round(c::numeric, 3)) ORDER BY c)
            FILTER (WHERE rn <= 3 AND c < -0.01), '[]'::jsonb)) AS reasons
      FROM (SELECT f, c, row_number() OVER (ORDER BY c DESC) AS rp, row_number() OVER (ORDER BY c) AS rn
        FROM (${values}) AS v(f, c)) r
    ) s
    WHERE a.workspace_id = ${workspaceId} ${only}`;
}

/** Calibrated probability from log-odds z (clamped so exp never overflows). */
export function probabilitySql(z: Sql, platt: Platt): Sql {
  return sql`(1.0 / (1.0 + exp(-least(50.0, greatest(-50.0, ${num(platt.a)} * ${z} + ${num(platt.b)})))))`;
}

/** Percentile fit score 0–100 of a probability against the stored quantiles (101 values). */
export function percentileScoreSql(probability: Sql, quantiles: readonly number[]): Sql {
  return sql`least(100, (SELECT count(*) FROM unnest(${[...quantiles]}::float8[]) q WHERE q < ${probability}))::smallint`;
}

/**
 * One UPDATE writing fit_probability, fit_reasons and fit_model_version (and, when quantiles are
 * known, fit_score and fit_grade) for the workspace's accounts or `accountIds`.
 */
export function modelScoreUpdate(
  workspaceId: string,
  version: number,
  spec: FeatureSpec,
  coefficients: StoredCoefficients,
  quantiles: readonly number[] | null,
  accountIds?: readonly string[],
): Sql {
  const p = probabilitySql(sql`m.z`, coefficients.platt);
  const hasQuantiles = quantiles !== null && quantiles.length > 0;
  const score = hasQuantiles ? percentileScoreSql(sql`s.p`, quantiles) : sql`NULL::smallint`;
  const scoring = hasQuantiles ? sql`, fit_score = x.score, fit_grade = ${gradeSql(sql`x.score`)}` : sql``;
  const scoreChanged = hasQuantiles ? sql`OR t.fit_score IS DISTINCT FROM x.score` : sql``;
  // Rows whose score did not change are not written (rescoring with the same model is nearly free).
  return sql`
    UPDATE accounts AS t
    SET fit_probability = x.p::real, fit_reasons = x.reasons, fit_model_version = ${version}::int,
      fit_scored_at = now() ${scoring}
    FROM (
      SELECT s.id, s.reasons, s.p, ${score} AS score
      FROM (SELECT m.id, m.reasons, ${p} AS p FROM (${modelScoreSelect(workspaceId, spec, coefficients, accountIds)}) m) s
    ) x
    WHERE t.workspace_id = ${workspaceId} AND t.id = x.id
      AND (t.fit_model_version IS DISTINCT FROM ${version}::int OR t.fit_probability IS DISTINCT FROM x.p::real
        OR t.fit_reasons IS DISTINCT FROM x.reasons ${scoreChanged})`;
}
