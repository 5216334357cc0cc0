import { pipelineVelocity } from './scorecard-figures.ts';
import { mean } from './stats/bootstrap.ts';
import { type Comparison, compareAmounts, compareProportions } from './stats/compare-groups.ts';

/** One account's outcomes in a period (from its period facts). */
export interface AccountOutcome {
  engaged: boolean;
  points: number;
  oppsCreated: number;
  oppsClosed: number;
  oppsWon: number;
  wonAmount: number;
  cycleDays: number;
}

export const LIFT_METRICS = [
  'engagementRate',
  'pointsPerAccount',
  'opportunityRate',
  'winRate',
  'dealSize',
  'pipelineVelocity',
] as const;
export type LiftMetric = (typeof LIFT_METRICS)[number];

export const LIFT_LABELS: Record<LiftMetric, string> = {
  engagementRate: 'Accounts engaged',
  pointsPerAccount: 'Engagement points per account',
  opportunityRate: 'Accounts with a new opportunity',
  winRate: 'Win rate (deals closed)',
  dealSize: 'Average won deal size',
  pipelineVelocity: 'Pipeline velocity per account (per day)',
};

export interface MetricLift extends Comparison {
  metric: LiftMetric;
  label: string;
}

/** Velocity of a group of accounts: opportunities × average deal × win rate ÷ cycle, ÷ accounts. */
export function groupVelocity(accounts: readonly AccountOutcome[]): number | null {
  if (accounts.length === 0) return null;
  let created = 0;
  let closed = 0;
  let won = 0;
  let amount = 0;
  let cycle = 0;
  for (const a of accounts) {
    created += a.oppsCreated;
    closed += a.oppsClosed;
    won += a.oppsWon;
    amount += a.wonAmount;
    cycle += a.cycleDays;
  }
  const v = pipelineVelocity(
    created,
    won > 0 ? amount / won : null,
    closed > 0 ? won / closed : null,
    won > 0 ? cycle / won : null,
  );
  return v === null ? null : v / accounts.length;
}

/**
 * Lift of the target group over the control group on every metric (pure): rates with the
 * two-proportion z-test or Fisher's exact test, amounts (points, deal sizes, velocity) with a seeded
 * bootstrap; "not enough data" below the minimum sizes (compare-groups.ts). Win rate counts deals
 * (won of closed); deal size takes the won deals' amounts; velocity resamples accounts.
 */
export function groupLift(
  target: readonly AccountOutcome[],
  control: readonly AccountOutcome[],
  deals: { target: readonly number[]; control: readonly number[] },
  options: { seed?: number; iterations?: number } = {},
): MetricLift[] {
  const count = (xs: readonly AccountOutcome[], f: (a: AccountOutcome) => number) =>
    xs.reduce((s, a) => s + f(a), 0);
  const boot = { seed: options.seed ?? 1, iterations: options.iterations ?? 2000 };
  const results: Record<LiftMetric, Comparison> = {
    engagementRate: compareProportions(
      { successes: count(target, (a) => (a.engaged ? 1 : 0)), trials: target.length },
      { successes: count(control, (a) => (a.engaged ? 1 : 0)), trials: control.length },
    ),
    pointsPerAccount: compareAmounts(
      target.map((a) => a.points),
      control.map((a) => a.points),
      mean,
      { ...boot, minimum: 10 },
    ),
    opportunityRate: compareProportions(
      { successes: count(target, (a) => (a.oppsCreated > 0 ? 1 : 0)), trials: target.length },
      { successes: count(control, (a) => (a.oppsCreated > 0 ? 1 : 0)), trials: control.length },
    ),
    winRate: compareProportions(
      { successes: count(target, (a) => a.oppsWon), trials: count(target, (a) => a.oppsClosed) },
      { successes: count(control, (a) => a.oppsWon), trials: count(control, (a) => a.oppsClosed) },
    ),
    dealSize: compareAmounts(deals.target, deals.control, mean, boot),
    pipelineVelocity: compareAmounts(target, control, groupVelocity, { ...boot, minimum: 10 }),
  };
  return LIFT_METRICS.map((metric) => ({ metric, label: LIFT_LABELS[metric], ...results[metric] }));
}
