import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { HttpProblem } from '../errors/problem.ts';
import { type AccountOutcome, groupLift, type MetricLift } from './group-lift.ts';
import { PROPENSITY_FEATURES, propensityControls } from './propensity-controls.ts';
import type { Balance } from './propensity-match.ts';
import { ensurePeriodFacts } from './refresh-period-facts.ts';
import { isoDate } from './report-period.ts';
import { type Membership, type ResolvedPeriod, resolveReportPeriod } from './resolve-report-period.ts';
import { stageThresholds } from './scorecard.ts';

export interface MatchMethod {
  kind: 'exact';
  /** What a stratum is made of. */
  features: string[];
  controlsPerTarget: number;
  seed: number;
  description: string;
}

/** Propensity-score matching: the model's covariates, the caliper and the balance it reached. */
export interface PropensityMethod {
  kind: 'propensity';
  features: string[];
  controlsPerTarget: number;
  /** On the logit of the propensity score. */
  caliper: number;
  /** Standardised mean differences per covariate before and after matching (|SMD| < 0.1 is balanced). */
  balance: Balance[];
  description: string;
}

export interface TargetVsControl {
  period: string;
  membership: Membership;
  /** With `playId`: the play whose accounts are the target group. */
  play?: { id: string; name: string; enrolled: number; heldOut: number };
  method: MatchMethod | PropensityMethod | { kind: 'held_out'; label: string; description: string };
  groups: {
    targets: number;
    matchedTargets: number;
    unmatchedTargets: number;
    controls: number;
    strata: number;
  };
  metrics: MetricLift[];
}

const FEATURES = ['fit grade', 'industry', 'size band (employees)', 'stage at the period start'];
const SIZE_BAND = sql`CASE WHEN a.employee_count IS NULL THEN '?' WHEN a.employee_count < 50 THEN '<50'
  WHEN a.employee_count < 200 THEN '50-199' WHEN a.employee_count < 1000 THEN '200-999'
  WHEN a.employee_count < 5000 THEN '1000-4999' ELSE '5000+' END`;

/**
 * Exact (coarsened) matching in one statement: each account's stratum is fit grade × industry ×
 * size band × stage at the period's start; in every stratum holding targets, up to
 * `controlsPerTarget` × targets non-targets are drawn in a seeded pseudo-random order (md5 of id and
 * seed). Targets in strata without any non-target stay unmatched and out of the comparison.
 */
export async function matchControls(
  db: Kysely<DB>,
  workspaceId: string,
  periodKey: string,
  controlsPerTarget: number,
  seed: number,
  /** The treated accounts (default: the period's targets); the others are the candidates. */
  treated?: readonly string[],
): Promise<{ targets: string[]; controls: string[]; allTargets: number; strata: number }> {
  const isTreated = treated ? sql`f.account_id = ANY (${[...treated]}::uuid[])` : sql`f.is_target`;
  const { rows } = await sql<{ account_id: string; grp: string; strata: number; all_targets: number }>`
    WITH base AS (
      SELECT f.account_id, ${isTreated} AS is_target,
        concat_ws('|', coalesce(af.grade, '-'), coalesce(lower(a.industry), '-'), ${SIZE_BAND}, f.stage_start) AS stratum
      FROM report_account_periods f
      JOIN accounts a ON a.workspace_id = f.workspace_id AND a.id = f.account_id
      LEFT JOIN account_fit af ON af.workspace_id = f.workspace_id AND af.account_id = f.account_id
      WHERE f.workspace_id = ${workspaceId} AND f.period = ${periodKey}
    ), t AS (
      SELECT stratum, count(*) AS n FROM base WHERE is_target GROUP BY stratum
    ), c AS (
      SELECT b.account_id, b.stratum,
        row_number() OVER (PARTITION BY b.stratum ORDER BY md5(b.account_id::text || ${String(seed)})) AS rn
      FROM base b JOIN t ON t.stratum = b.stratum WHERE NOT b.is_target
    ), matched AS (SELECT DISTINCT stratum FROM c)
    SELECT c.account_id, 'control' AS grp, 0 AS strata, 0 AS all_targets
      FROM c JOIN t ON t.stratum = c.stratum WHERE c.rn <= t.n * ${controlsPerTarget}
    UNION ALL
    SELECT b.account_id, 'target', 0, 0 FROM base b JOIN matched m ON m.stratum = b.stratum WHERE b.is_target
    UNION ALL
    SELECT NULL, 'summary', (SELECT count(*) FROM matched)::int, (SELECT coalesce(sum(n), 0) FROM t)::int
  `.execute(db);
  const summary = rows.find((r) => r.grp === 'summary');
  return {
    targets: rows.filter((r) => r.grp === 'target').map((r) => r.account_id),
    controls: rows.filter((r) => r.grp === 'control').map((r) => r.account_id),
    allTargets: Number(summary?.all_targets ?? 0),
    strata: Number(summary?.strata ?? 0),
  };
}

/** Period outcomes and won deal amounts of a set of accounts. */
async function outcomesOf(
  db: Kysely<DB>,
  workspaceId: string,
  resolved: ResolvedPeriod,
  ids: string[],
  engaged: number,
): Promise<{ accounts: AccountOutcome[]; deals: number[] }> {
  if (ids.length === 0) return { accounts: [], deals: [] };
  const [facts, deals] = await Promise.all([
    db
      .selectFrom('report_account_periods')
      .select(['stage_max', 'points', 'opps_created', 'opps_closed', 'opps_won', 'won_amount', 'cycle_days'])
      .where('workspace_id', '=', workspaceId)
      .where('period', '=', resolved.period.key)
      .where('account_id', '=', sql<string>`ANY(${ids}::uuid[])`)
      .execute(),
    sql<{ amount: number }>`
      SELECT coalesce(amount, 0)::float8 AS amount FROM opportunities
      WHERE workspace_id = ${workspaceId} AND account_id = ANY(${ids}::uuid[]) AND is_won
        AND close_date >= ${isoDate(resolved.period.start)}::date AND close_date < ${isoDate(resolved.period.end)}::date
    `.execute(db),
  ]);
  return {
    accounts: facts.map((f) => ({
      engaged: (f.stage_max ?? 0) >= engaged,
      points: Number(f.points),
      oppsCreated: Number(f.opps_created),
      oppsClosed: Number(f.opps_closed),
      oppsWon: Number(f.opps_won),
      wonAmount: Number(f.won_amount),
      cycleDays: Number(f.cycle_days),
    })),
    deals: deals.rows.map((d) => Number(d.amount)),
  };
}

/**
 * Lift of one group of accounts over another in a period, whatever made the groups: today matched
 * non-targets ({@link targetVsControl}); a play's control group plugs in here as the enrolled accounts
 * against those held out (`held_out` in the play enrolments).
 */
export async function compareGroups(
  db: Kysely<DB>,
  workspaceId: string,
  resolved: ResolvedPeriod,
  groups: { target: string[]; control: string[] },
  seed = 1,
): Promise<MetricLift[]> {
  const t = await stageThresholds(db, workspaceId);
  const engaged = t.engaged ?? 32767;
  const [target, control] = await Promise.all([
    outcomesOf(db, workspaceId, resolved, groups.target, engaged),
    outcomesOf(db, workspaceId, resolved, groups.control, engaged),
  ]);
  return groupLift(
    target.accounts,
    control.accounts,
    { target: target.deals, control: control.deals },
    { seed },
  );
}

/**
 * Target accounts against comparable non-target accounts in a period: exact matching (default) or
 * propensity-score matching (`method: 'propensity'`, propensity-controls.ts), the method, its
 * balance and the group sizes shown, then lift with confidence intervals and significance per metric.
 */
export async function targetVsControl(
  db: Kysely<DB>,
  workspaceId: string,
  options: {
    period: string;
    controlsPerTarget: number;
    seed: number;
    playId?: string | undefined;
    method?: 'exact' | 'propensity';
  },
): Promise<TargetVsControl> {
  const resolved = await resolveReportPeriod(db, workspaceId, options.period);
  await ensurePeriodFacts(db, workspaceId, resolved);
  if (options.playId) return playVsControl(db, workspaceId, resolved, { ...options, playId: options.playId });
  const key = resolved.period.key;
  const k = options.controlsPerTarget;
  if (options.method === 'propensity') {
    const p = await propensityControls(db, workspaceId, key, k);
    const metrics = await compareGroups(
      db,
      workspaceId,
      resolved,
      { target: p.targets, control: p.controls },
      options.seed,
    );
    return {
      period: key,
      membership: resolved.membership,
      method: {
        kind: 'propensity',
        features: PROPENSITY_FEATURES,
        controlsPerTarget: k,
        caliper: p.caliper,
        balance: p.balance,
        description:
          `Propensity matching: a logistic regression of target status on ${PROPENSITY_FEATURES.join(', ')}; ` +
          `each target (highest score first) gets up to ${k} nearest non-targets on the logit of the score, ` +
          `within a caliper of ${p.caliper.toFixed(3)} (0.2 standard deviations), each used once. ` +
          'Targets without a match are left out.',
      },
      groups: {
        targets: p.allTargets,
        matchedTargets: p.targets.length,
        unmatchedTargets: p.unmatchedTargets,
        controls: p.controls.length,
        strata: 0,
      },
      metrics,
    };
  }
  const m = await matchControls(db, workspaceId, key, k, options.seed);
  const metrics = await compareGroups(
    db,
    workspaceId,
    resolved,
    { target: m.targets, control: m.controls },
    options.seed,
  );
  return {
    period: key,
    membership: resolved.membership,
    method: {
      kind: 'exact',
      features: FEATURES,
      controlsPerTarget: k,
      seed: options.seed,
      description:
        `Exact matching: every target account is compared with non-target accounts of the same ${FEATURES.join(', ')}; ` +
        `up to ${k} per target in each stratum, drawn in a seeded order (seed ${options.seed}). ` +
        'Targets without a match are left out.',
    },
    groups: {
      targets: m.allTargets,
      matchedTargets: m.targets.length,
      unmatchedTargets: m.allTargets - m.targets.length,
      controls: m.controls.length,
      strata: m.strata,
    },
    metrics,
  };
}

/**
 * A play's accounts against its control group: the accounts it entered (before the period's end)
 * against those it held out at entry (`held_out` runs: chosen at random, never stepped). A play that
 * held none out is compared with comparable accounts it never entered, matched exactly as targets are
 * (same strata, seeded draw).
 */
async function playVsControl(
  db: Kysely<DB>,
  workspaceId: string,
  resolved: ResolvedPeriod,
  options: { controlsPerTarget: number; seed: number; playId: string },
): Promise<TargetVsControl> {
  const play = await db
    .selectFrom('plays')
    .select(['id', 'name'])
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', options.playId)
    .executeTakeFirst();
  if (!play)
    throw new HttpProblem(404, 'Not found', { detail: `No play ${options.playId} in this workspace` });
  const runs = await sql<{ account_id: string; held_out: boolean }>`
    SELECT DISTINCT account_id, bool_and(status = 'held_out') AS held_out FROM play_runs
    WHERE workspace_id = ${workspaceId} AND play_id = ${play.id} AND entered_at < ${resolved.period.end}
    GROUP BY account_id`.execute(db);
  const enrolled = runs.rows.filter((r) => !r.held_out).map((r) => r.account_id);
  const heldOut = runs.rows.filter((r) => r.held_out).map((r) => r.account_id);
  const summary = { id: play.id, name: play.name, enrolled: enrolled.length, heldOut: heldOut.length };
  const base = { period: resolved.period.key, membership: resolved.membership, play: summary };
  if (heldOut.length > 0) {
    return {
      ...base,
      method: {
        kind: 'held_out',
        label: `Control group of the play "${play.name}"`,
        description:
          `The accounts the play entered (${enrolled.length}) against the ${heldOut.length} it held out at ` +
          'random when they entered and never stepped.',
      },
      groups: {
        targets: enrolled.length,
        matchedTargets: enrolled.length,
        unmatchedTargets: 0,
        controls: heldOut.length,
        strata: 0,
      },
      metrics: await compareGroups(
        db,
        workspaceId,
        resolved,
        { target: enrolled, control: heldOut },
        options.seed,
      ),
    };
  }
  const m = await matchControls(
    db,
    workspaceId,
    resolved.period.key,
    options.controlsPerTarget,
    options.seed,
    enrolled,
  );
  return {
    ...base,
    method: {
      kind: 'exact',
      features: FEATURES,
      controlsPerTarget: options.controlsPerTarget,
      seed: options.seed,
      description:
        `The play held no accounts out: its accounts are compared with accounts it never entered of the same ${FEATURES.join(', ')}; ` +
        `up to ${options.controlsPerTarget} per account in each stratum, drawn in a seeded order (seed ${options.seed}).`,
    },
    groups: {
      targets: m.allTargets,
      matchedTargets: m.targets.length,
      unmatchedTargets: m.allTargets - m.targets.length,
      controls: m.controls.length,
      strata: m.strata,
    },
    metrics: await compareGroups(
      db,
      workspaceId,
      resolved,
      { target: m.targets, control: m.controls },
      options.seed,
    ),
  };
}
