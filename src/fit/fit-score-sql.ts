import { type RawBuilder, sql } from 'kysely';
import type { FeatureSpec } from './feature-spec.ts';
import type { ResolvedCriterion } from './icp-criteria.ts';
import { criterionSql, gradeSql, ruleScoreSql } from './icp-score-sql.ts';
import { modelSql, probabilitySql, type StoredCoefficients } from './model-score-sql.ts';

/** A model that scores accounts: its version, feature spec and coefficients. */
export interface ScoringModel {
  version: number;
  spec: FeatureSpec;
  coefficients: StoredCoefficients;
}

/** What to score and how. */
export interface FitScoreInput {
  workspaceId: string;
  criteria: readonly ResolvedCriterion[];
  model: ScoringModel | null;
  /**
   * The percentile scale of the model probability: the model's stored quantiles (101 values,
   * ascending), or 'compute' to take them from this very pass (scoring the whole workspace).
   */
  quantiles: readonly number[] | 'compute';
  /** Only these accounts (default: every account of the workspace). */
  accountIds?: readonly string[];
  /**
   * Also count the rows whose rule part and model part changed (keeps the changed rows in a
   * materialised step); without it the changed rows stream straight into the upsert.
   */
  countChanges?: boolean;
}

/** The statement's one result row. */
export interface FitScoreResult {
  /** The quantiles used (computed or given); null without a model. */
  quantiles: number[] | null;
  /** account_fit rows inserted or updated. */
  written: number;
  /** Rows whose rule score or matched criteria changed (null unless countChanges). */
  rule_changed: number | null;
  /** Rows whose model probability, version or percentile score changed (null unless countChanges). */
  model_changed: number | null;
}

/** The 101 quantile levels 0, 0.01, …, 1 of the percentile scale. */
export const QUANTILE_LEVELS = Array.from({ length: 101 }, (_, i) => i / 100);

/**
 * ONE statement that scores accounts and writes account_fit: per account the ICP criteria (each
 * evaluated once), the rule score and matched criteria, the model log-odds and calibrated
 * probability, and the fit score — the probability's percentile (count of quantiles below it, by
 * binary search with width_bucket) when a model scores, else the rule score — and its grade. Rows
 * whose values are unchanged are filtered out by a join on account_fit before the upsert, so
 * rescoring with the same ICP and model writes (and locks) nothing. No per-account reasons are
 * built: explaining an account recomputes them from the stored model. Returns one row: the
 * quantiles used, the rows written and (with `countChanges`) which parts changed.
 */
export function fitScoreStatement(input: FitScoreInput): RawBuilder<FitScoreResult> {
  const { workspaceId: ws, criteria, model } = input;
  const only = input.accountIds ? sql`AND a.id = ANY(${[...input.accountIds]}::uuid[])` : sql``;
  // Each criterion once per account (src is a pipeline step of its own, see below): the rule score
  // and the matched list both read every criterion.
  const matches = criteria.map((c, i) => sql`, ${criterionSql(c)} AS ${sql.ref(`m${i}`)}`);
  const rule = ruleScoreSql(criteria, (i) => sql.ref(`src.m${i}`));
  const scorer = model ? modelSql(model.spec, model.coefficients) : null;
  const p = scorer && model ? probabilitySql(scorer.logOdds, model.coefficients.platt) : sql`NULL::float8`;
  let quantiles: RawBuilder<unknown>;
  if (!model) quantiles = sql`SELECT NULL::float8[] AS q`;
  else if (input.quantiles === 'compute')
    quantiles = sql`SELECT percentile_cont(${QUANTILE_LEVELS}::float8[]) WITHIN GROUP (ORDER BY p) AS q FROM src`;
  else quantiles = sql`SELECT ${[...input.quantiles]}::float8[] AS q`;
  // count(q < p) = n − count(q ≥ p) = n − count(−q ≤ −p): width_bucket over the negated, reversed
  // (so ascending) quantiles counts the thresholds ≤ its operand by binary search.
  const score = model
    ? sql`CASE WHEN cardinality(q.neg) > 0
        THEN least(100, cardinality(q.neg) - width_bucket(-src.p, q.neg))::smallint ELSE ${rule.score} END`
    : rule.score;
  const version = model ? sql`${model.version}::int` : sql`NULL::int`;
  const changes = input.countChanges
    ? sql`(SELECT count(*) FILTER (WHERE rule_changed) FROM x)::int AS rule_changed,
      (SELECT count(*) FILTER (WHERE model_changed) FROM x)::int AS model_changed`
    : sql`NULL::int AS rule_changed, NULL::int AS model_changed`;
  // With computed quantiles the probabilities are read twice (quantiles, then scores): keep them.
  // Otherwise each step is computed once per row in a pipeline (OFFSET 0: never inlined, so the
  // expressions are not copied into every reference) streaming into the upsert, in primary-key
  // order (sequential index and heap access: measured faster than the scan order).
  const materialized = sql.raw(input.quantiles === 'compute' && model ? 'MATERIALIZED' : 'NOT MATERIALIZED');
  return sql<FitScoreResult>`
    WITH src AS ${materialized} (
      SELECT a.id, ${p} AS p ${sql.join(matches, sql``)}
      FROM accounts a ${scorer?.laterals ?? sql``}
      WHERE a.workspace_id = ${ws} ${only}
      OFFSET 0
    ), q AS (
      SELECT qq.q, ARRAY(SELECT -v FROM unnest(qq.q) WITH ORDINALITY AS u(v, i) ORDER BY i DESC) AS neg
      FROM (${quantiles}) qq
    ), s AS (
      SELECT src.id, ${rule.score} AS rule_score, ${rule.matched} AS rule_matched, src.p::real AS probability,
        ${score} AS score
      FROM src CROSS JOIN q
      OFFSET 0
    ), x AS ${sql.raw(input.countChanges ? 'MATERIALIZED' : 'NOT MATERIALIZED')} (
      SELECT s.*, ${gradeSql(sql`s.score`)} AS grade,
        (f.rule_score, f.rule_matched) IS DISTINCT FROM (s.rule_score, s.rule_matched) AS rule_changed,
        (f.probability, f.model_version) IS DISTINCT FROM (s.probability, ${version})
          OR (${version} IS NOT NULL AND f.score IS DISTINCT FROM s.score) AS model_changed
      FROM s
      LEFT JOIN account_fit f ON f.workspace_id = ${ws} AND f.account_id = s.id
      WHERE CASE WHEN f.account_id IS NULL
        THEN s.score IS NOT NULL OR s.rule_score IS NOT NULL OR s.probability IS NOT NULL
        ELSE (f.score, f.rule_score, f.rule_matched, f.probability, f.model_version)
          IS DISTINCT FROM (s.score, s.rule_score, s.rule_matched, s.probability, ${version}) END
    ), w AS (
      INSERT INTO account_fit AS t (workspace_id, account_id, score, grade, rule_score, rule_matched,
        probability, model_version, scored_at)
      SELECT ${ws}, x.id, x.score, x.grade, x.rule_score, x.rule_matched, x.probability, ${version}, now()
      FROM x ORDER BY x.id
      ON CONFLICT (workspace_id, account_id) DO UPDATE SET score = excluded.score, grade = excluded.grade,
        rule_score = excluded.rule_score, rule_matched = excluded.rule_matched,
        probability = excluded.probability, model_version = excluded.model_version, scored_at = excluded.scored_at
      RETURNING 1
    )
    SELECT (SELECT q FROM q) AS quantiles, (SELECT count(*) FROM w)::int AS written, ${changes}`;
}
