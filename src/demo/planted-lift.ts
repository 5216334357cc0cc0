import { rngFor } from '../random/seeded-random.ts';
import type { DemoAccount } from './world-types.ts';

/**
 * The effect the demo world plants for the ABM program, so a report (and a test) can check that it
 * recovers it. Target accounts the program works (every target except the executive play's held-out
 * control group) create opportunities more often and win more of them, by these known margins;
 * nothing else in the world depends on the target flag except through firmographics.
 */
export interface PlantedLift {
  /** Chance per calendar quarter that a non-target account creates an opportunity (before a mild size factor). */
  baseOpportunityRate: number;
  /** Added to that chance for worked target accounts (percentage points ÷ 100). */
  opportunityRateLift: number;
  /** Added to the win probability of the deals of worked target accounts (capped at 0.98). */
  winRateLift: number;
  /** Share of Tier 1 targets held out of the executive play as its control group (no lift). */
  controlShare: number;
  /** Calendar quarters of history before the current one: activities, stage changes, costs. */
  historyQuarters: number;
}

export const DEFAULT_PLANTED_LIFT: PlantedLift = {
  baseOpportunityRate: 0.06,
  opportunityRateLift: 0.08,
  winRateLift: 0.15,
  controlShare: 0.2,
  historyQuarters: 5,
};

export function resolveLift(partial: Partial<PlantedLift> | undefined): PlantedLift {
  return { ...DEFAULT_PLANTED_LIFT, ...partial };
}

/**
 * Whether a Tier 1 target is in the executive play's control group: seeded on the account id, so the
 * demo plays (demo-plays.ts) hold out the same accounts from the rows in the database.
 */
export function isHeldOut(
  seed: number,
  account: Pick<DemoAccount, 'id' | 'isTarget' | 'tier'>,
  lift: Pick<PlantedLift, 'controlShare'>,
): boolean {
  return (
    account.isTarget && account.tier === 1 && rngFor(seed, 'holdout', account.id).chance(lift.controlShare)
  );
}

/** Whether the program works this account (a target not held out): the accounts that get the lift. */
export function isWorked(seed: number, account: DemoAccount, lift: PlantedLift): boolean {
  return account.isTarget && !isHeldOut(seed, account, lift);
}

/** The calendar quarters (UTC) from `count` quarters before the one holding `asOf` up to that one. */
export function quartersBack(asOf: Date, count: number): { key: string; start: Date; end: Date }[] {
  const q = Math.floor(asOf.getUTCMonth() / 3);
  const result: { key: string; start: Date; end: Date }[] = [];
  for (let back = count; back >= 0; back--) {
    const start = new Date(Date.UTC(asOf.getUTCFullYear(), (q - back) * 3, 1));
    const end = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 3, 1));
    result.push({ key: `${start.getUTCFullYear()}-Q${Math.floor(start.getUTCMonth() / 3) + 1}`, start, end });
  }
  return result;
}
