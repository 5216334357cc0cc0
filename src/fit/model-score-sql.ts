import { type RawBuilder, sql } from 'kysely';
import { MISSING_TOKENS } from './cell-values.ts';
import type { ColumnPlan } from './detect-column.ts';
import type { FeatureSpec } from './feature-spec.ts';
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

/**
 * A LATERAL subquery giving a list value's normalised tokens once per account, as `alias.tk`
 * (lower-cased, trimmed, NULL elements dropped): each level's test is then one `= ANY` over a
 * short array instead of a per-row join.
 */
function tokensLateral(list: Sql, alias: string): Sql {
  return sql`CROSS JOIN LATERAL (SELECT ARRAY(SELECT lower(btrim(t)) FROM unnest(${list}) t WHERE t IS NOT NULL) AS tk
    OFFSET 0) AS ${sql.ref(alias)}`;
}

/**
 * One column's contribution to the log-odds, Σ w·(x − center)/scale over its features, as SQL
 * mirroring `encodeTable` exactly (same missing tokens, clamping, log scaling and level keys).
 */
function contribution(plan: ColumnPlan, k: number[], constant: number, tokens: Sql): Sql {
  const s = source(plan.column);
  const missingText = sql`(${s.text} IS NULL OR lower(btrim(${s.text})) = ANY(${MISSING}::text[]))`;
  const at = (i: number) => k[i] ?? 0;
  let expr: Sql;
  if (plan.kind === 'numeric' || plan.kind === 'date') {
    const edges = plan.bins ?? [];
    const binCount = edges.length > 0 ? edges.length + 1 : 0;
    const raw = plan.log ? sql`ln(1 + greatest(0, ${s.number}))` : s.number;
    const v = sql`least(${num(plan.high)}, greatest(${num(plan.low)}, ${raw}))`;
    // The bin is the count of edges ≤ v (edges ascend): width_bucket, then the bin's weight.
    const binWeights = Array.from({ length: binCount }, (_, i) => num(at(1 + i)));
    const bins =
      binCount > 0
        ? sql` + (ARRAY[${sql.join(binWeights)}])[width_bucket(${v}, ARRAY[${sql.join(edges.map(num))}]) + 1]`
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
    // Levels are never missing tokens, so a known level is one lookup; the rest is missing or other.
    const rest = sql`(CASE WHEN ${missingText} THEN ${missing} ELSE ${other} END)`;
    expr =
      cases.length > 0
        ? sql`(CASE lower(btrim(${s.text})) ${sql.join(cases, sql` `)} ELSE ${rest} END)`
        : rest;
  } else {
    const L = plan.levels.length;
    const missing = num(plan.missingIndicator ? at(L) : 0);
    // Σ weight of each level present among the tokens (levels are distinct, so tokens count once).
    const present = plan.levels.map(
      (level, i) => sql`(CASE WHEN ${level.key}::text = ANY(${tokens}) THEN ${num(at(i))} ELSE 0 END)`,
    );
    const sum = present.length > 0 ? sql.join(present, sql` + `) : sql`0`;
    expr = sql`(CASE WHEN ${tokens} <@ ${MISSING}::text[] THEN ${missing} ELSE ${sum} END)`;
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

/** A model as SQL over the account `a`: its parts need `laterals` in the FROM clause after `a`. */
export interface ModelSql {
  /** The log-odds: intercept + Σ column contributions. */
  logOdds: Sql;
  /** Each column's reason label and contribution (for explanations). */
  columns: { label: Sql; contribution: Sql }[];
  /** FROM items to add after `accounts a` (the token lists of multi-value columns). */
  laterals: Sql;
}

/** The model's log-odds for the account aliased `a`, as SQL (with the FROM items it needs). */
export function modelSql(spec: FeatureSpec, coefficients: StoredCoefficients): ModelSql {
  let offset = 0;
  const laterals: Sql[] = [];
  const columns = spec.plans.map((plan, p) => {
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
    const alias = `mt${p}`;
    if (plan.kind === 'multi') laterals.push(tokensLateral(source(plan.column).list, alias));
    const tokens = sql.ref(`${alias}.tk`);
    return { label: reasonLabel(plan), contribution: contribution(plan, k, constant, tokens) };
  });
  const parts = columns.map((c) => c.contribution);
  const sum = parts.length > 0 ? sql.join(parts, sql` + `) : sql`0`;
  return {
    logOdds: sql`(${num(coefficients.intercept)} + ${sum})`,
    columns,
    laterals: sql.join(laterals, sql` `),
  };
}

/**
 * SELECT of (id, z, reasons) for some accounts of the workspace: z is the model's log-odds, reasons
 * the top 3 positive and negative column contributions. For explaining a few accounts at read time
 * (bulk scoring never builds reasons).
 */
export function modelReasonsSelect(
  workspaceId: string,
  spec: FeatureSpec,
  coefficients: StoredCoefficients,
  accountIds: readonly string[],
): Sql {
  const model = modelSql(spec, coefficients);
  const parts = model.columns.map((c) => sql`(${c.label}, ${c.contribution})`);
  const values =
    parts.length > 0 ? sql`VALUES ${sql.join(parts)}` : sql`SELECT ''::text, 0::float8 WHERE false`;
  return sql`
    SELECT a.id, s.z, s.reasons
    FROM accounts a ${model.laterals} CROSS JOIN LATERAL (
      SELECT ${num(coefficients.intercept)} + coalesce(sum(c), 0) AS z,
        jsonb_build_object(
          'positive', coalesce(jsonb_agg(jsonb_build_object('feature', f, 'contribution', round(c::numeric, 3)) ORDER BY c DESC)
            FILTER (WHERE rp <= 3 AND c > 0.01), '[]'::jsonb),
          'negative', coalesce(jsonb_agg(jsonb_build_object('feature', f, 'contribution', round(c::numeric, 3)) ORDER BY c)
            FILTER (WHERE rn <= 3 AND c < -0.01), '[]'::jsonb)) AS reasons
      FROM (SELECT f, c, row_number() OVER (ORDER BY c DESC) AS rp, row_number() OVER (ORDER BY c) AS rn
        FROM (${values}) AS v(f, c)) r
    ) s
    WHERE a.workspace_id = ${workspaceId} AND a.id = ANY(${[...accountIds]}::uuid[])`;
}

/** Calibrated probability from log-odds z (clamped so exp never overflows). */
export function probabilitySql(z: Sql, platt: Platt): Sql {
  return sql`(1.0 / (1.0 + exp(-least(50.0, greatest(-50.0, ${num(platt.a)} * ${z} + ${num(platt.b)})))))`;
}
