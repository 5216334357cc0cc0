import { type RawBuilder, sql } from 'kysely';

/**
 * Surge statistic — why and how.
 *
 * First-party intent is a weekly count of topic-matching events per account (small, sparse
 * integers: 0, 1, 3 …). A z-score on four weeks of such counts is unstable (a baseline of zeros has
 * zero variance, so one event is "infinitely" significant) and a plain % lift has the same problem.
 * We therefore use a Bayesian Poisson–Gamma test:
 *   - weekly counts are Poisson with an unknown rate λ;
 *   - prior λ ~ Gamma(shape 0.5, rate 0) (Jeffreys, uninformative: it adds no pseudo-weeks, so
 *     the baseline mean is not biased towards zero at high volumes);
 *   - after the 4 baseline weeks with total s, λ ~ Gamma(0.5 + s, 4);
 *   - this week's count x is then Negative Binomial (the posterior predictive), which widens the
 *     tail when the baseline is short or small instead of trusting a point estimate;
 *   - surge when P(X ≥ x | baseline) < 0.01 AND x ≥ 3 (minimum volume, so 0 → 1 or 0 → 2 events
 *     never flags) AND x ≥ 1.5 × the baseline weekly mean (minimum lift: real weekly counts are
 *     overdispersed, so at high volumes a statistically "significant" +10 % is not a surge).
 * Computed by the SQL function signals_surge_tail (migration 0650), so stage rules and the API use
 * the same test. Examples (weekly counts): baseline 0,0,0,0 → 3 events surge (p ≈ 0.003), 2 events
 * never (minimum volume); baseline 2,2,2,2 → 5 events no surge (p ≈ 0.09), 8 events surge;
 * baseline 100 a week → 115 no (p ≈ 0.10), 130 no (p ≈ 0.006 but below the 1.5× lift), 150 surge.
 *
 * Third-party intent arrives as a provider score (typically 0–100, Bombora-style, where ≥ 60 means
 * "surging" at the provider). It is not a count, so the Poisson model does not apply; a third-party
 * surge is: this week's score ≥ 60 AND ≥ 1.25 × the mean of the prior 4 weeks' scores (when any).
 *
 * "This week" is the UTC ISO week (Monday start) containing the evaluation time.
 */
export const SURGE_PARAMETERS = {
  alpha: 0.01,
  minEvents: 3,
  priorShape: 0.5,
  priorRate: 0,
  minLift: 1.5,
  baselineWeeks: 4,
  thirdPartyMinScore: 60,
  thirdPartyLift: 1.25,
} as const;

export interface TopicWeekStatsInput {
  workspaceId: string;
  /** The week (a date expression for its Monday). */
  week: RawBuilder<unknown>;
  /** Restrict to one account (expression), e.g. a correlated `acc.id`. */
  account?: RawBuilder<unknown>;
  topicId?: string;
}

/**
 * Per account and topic for a week: events this week, baseline events (prior 4 weeks), the tail
 * probability, third-party score and baseline, and the `surging` flag.
 * Columns: account_id, topic_id, events, baseline_events, p_value, third_party_score,
 * third_party_baseline, surging.
 */
export function topicWeekStatsSql(input: TopicWeekStatsInput): RawBuilder<unknown> {
  const p = SURGE_PARAMETERS;
  return sql`
    SELECT g.*,
      signals_surge_tail(g.events, g.baseline_events, ${p.baselineWeeks}, ${p.priorShape}, ${p.priorRate}) AS p_value,
      coalesce(
        (g.events >= ${p.minEvents}
          AND g.events >= ${p.minLift} * g.baseline_events / ${p.baselineWeeks}
          AND signals_surge_tail(g.events, g.baseline_events, ${p.baselineWeeks}, ${p.priorShape}, ${p.priorRate}) < ${p.alpha})
        OR (g.third_party_score >= ${p.thirdPartyMinScore}
          AND (g.third_party_baseline IS NULL OR g.third_party_score >= ${p.thirdPartyLift} * g.third_party_baseline)),
        false) AS surging
    FROM (
      SELECT w.account_id, w.topic_id,
        coalesce(sum(w.events) FILTER (WHERE w.week_start = (${input.week})), 0)::float8 AS events,
        coalesce(sum(w.events) FILTER (WHERE w.week_start < (${input.week})), 0)::float8 AS baseline_events,
        max(w.third_party_score) FILTER (WHERE w.week_start = (${input.week})) AS third_party_score,
        avg(w.third_party_score) FILTER (WHERE w.week_start < (${input.week})) AS third_party_baseline
      FROM account_topic_weekly w
      WHERE w.workspace_id = ${input.workspaceId}
        AND w.week_start BETWEEN (${input.week}) - ${sql.lit(7 * p.baselineWeeks)} AND (${input.week})
        ${input.account ? sql`AND w.account_id = ${input.account}` : sql``}
        ${input.topicId ? sql`AND w.topic_id = ${input.topicId}` : sql``}
      GROUP BY w.account_id, w.topic_id
    ) g
    WHERE g.events > 0 OR g.third_party_score IS NOT NULL`;
}

/** The UTC Monday of the current week as a SQL date expression. */
export function currentWeekSql(): RawBuilder<string> {
  return sql<string>`date_trunc('week', now() AT TIME ZONE 'UTC')::date`;
}
