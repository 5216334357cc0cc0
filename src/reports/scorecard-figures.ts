/**
 * The scorecard's figures, computed from per-segment totals (pure). Definitions:
 * - win rate = opportunities won ÷ opportunities closed (both closed in the period);
 * - average deal size = won revenue ÷ opportunities won;
 * - sales-cycle length = mean days from creation to close over the opportunities won in the period;
 * - pipeline velocity = opportunities created × average deal size × win rate ÷ sales-cycle length
 *   (revenue per day; the cycle is floored at 1 day);
 * - coverage: known contacts and distinct buying-committee roles covered per account, at the period's
 *   end, and their growth since its start.
 * A figure without a denominator is null, never 0.
 */
export interface SegmentTotals {
  accounts: number;
  reached: number;
  engaged: number | null;
  mqa: number | null;
  withOpportunity: number;
  won: number;
  coverageGrew: number;
  contactsStart: number;
  contactsEnd: number;
  rolesStart: number;
  rolesEnd: number;
  touches: number;
  points: number;
  people: number;
  oppsCreated: number;
  pipelineCreated: number;
  oppsClosed: number;
  oppsWon: number;
  wonRevenue: number;
  cycleDaysSum: number;
  touchToOppDaysSum: number;
  touchToOppCount: number;
}

export interface ScorecardFigures extends SegmentTotals {
  contactsPerAccount: number | null;
  contactsGrowth: number;
  rolesPerAccount: number | null;
  rolesGrowth: number;
  pointsPerAccount: number | null;
  engagedPeoplePerAccount: number | null;
  winRate: number | null;
  averageDealSize: number | null;
  salesCycleDays: number | null;
  daysFirstTouchToOpportunity: number | null;
  pipelineVelocity: number | null;
}

const ratio = (n: number, d: number): number | null => (d > 0 ? n / d : null);
const round = (x: number | null, digits = 4): number | null =>
  x === null ? null : Math.round(x * 10 ** digits) / 10 ** digits;

/** Pipeline velocity (revenue per day); null when any input is missing. */
export function pipelineVelocity(
  opportunities: number,
  averageDeal: number | null,
  winRate: number | null,
  cycleDays: number | null,
): number | null {
  if (averageDeal === null || winRate === null || cycleDays === null) return null;
  return (opportunities * averageDeal * winRate) / Math.max(1, cycleDays);
}

/**
 * Derive every figure of one segment.
 *
 * @example
 * deriveFigures({ ...totals, oppsCreated: 10, oppsClosed: 4, oppsWon: 2, wonRevenue: 100_000, cycleDaysSum: 120 })
 *   .pipelineVelocity; // 10 × 50 000 × 0.5 ÷ 60 ≈ 4166.67 per day
 */
export function deriveFigures(t: SegmentTotals): ScorecardFigures {
  const winRate = ratio(t.oppsWon, t.oppsClosed);
  const averageDealSize = ratio(t.wonRevenue, t.oppsWon);
  const salesCycleDays = ratio(t.cycleDaysSum, t.oppsWon);
  return {
    ...t,
    contactsPerAccount: round(ratio(t.contactsEnd, t.accounts)),
    contactsGrowth: t.contactsEnd - t.contactsStart,
    rolesPerAccount: round(ratio(t.rolesEnd, t.accounts)),
    rolesGrowth: t.rolesEnd - t.rolesStart,
    pointsPerAccount: round(ratio(t.points, t.accounts)),
    engagedPeoplePerAccount: round(ratio(t.people, t.accounts)),
    winRate: round(winRate),
    averageDealSize: round(averageDealSize, 2),
    salesCycleDays: round(salesCycleDays, 2),
    daysFirstTouchToOpportunity: round(ratio(t.touchToOppDaysSum, t.touchToOppCount), 2),
    pipelineVelocity: round(pipelineVelocity(t.oppsCreated, averageDealSize, winRate, salesCycleDays), 2),
  };
}

/** Every figure key a drill-down accepts, with the accounts behind it (a condition on the facts row `f`). */
export const FIGURE_CONDITIONS: Record<string, string> = {
  accounts: 'true',
  reached: 'f.touches > 0',
  touches: 'f.touches > 0',
  engaged: 'f.stage_max >= :engaged',
  mqa: 'f.stage_max >= :mqa',
  withOpportunity: 'f.had_open_opportunity',
  won: 'f.opps_won > 0',
  oppsWon: 'f.opps_won > 0',
  wonRevenue: 'f.opps_won > 0',
  averageDealSize: 'f.opps_won > 0',
  salesCycleDays: 'f.opps_won > 0',
  oppsClosed: 'f.opps_closed > 0',
  winRate: 'f.opps_closed > 0',
  oppsCreated: 'f.opps_created > 0',
  pipelineCreated: 'f.opps_created > 0',
  pipelineVelocity: 'f.opps_created > 0',
  daysFirstTouchToOpportunity: 'f.touch_to_opp_count > 0',
  points: 'f.points > 0',
  pointsPerAccount: 'f.points > 0',
  people: 'f.people > 0',
  engagedPeoplePerAccount: 'f.people > 0',
  contactsEnd: 'f.contacts_end > 0',
  contactsPerAccount: 'f.contacts_end > 0',
  contactsGrowth: 'f.contacts_end > f.contacts_start',
  rolesEnd: 'f.roles_end > 0',
  rolesPerAccount: 'f.roles_end > 0',
  rolesGrowth: 'f.roles_end > f.roles_start',
  coverageGrew: '(f.contacts_end > f.contacts_start OR f.roles_end > f.roles_start)',
};
