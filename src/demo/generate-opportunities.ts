import { rngFor } from '../random/seeded-random.ts';
import { COUNTRY_BY_CODE } from './countries.ts';
import { DEFAULT_PLANTED_LIFT, isWorked, type PlantedLift, quartersBack } from './planted-lift.ts';
import { isoDay, roundSignificant } from './text.ts';
import { DEMO_WIN_DRIVERS, sigmoid, winLogit } from './win-drivers.ts';
import type { DemoAccount, DemoOpportunity } from './world-types.ts';

/** Open stages in order; an open deal's stage follows how far through its cycle it is. */
export const OPEN_STAGES = ['Prospecting', 'Qualification', 'Proposal', 'Negotiation'] as const;
export const CLOSED_STAGES = ['Closed Won', 'Closed Lost'] as const;

const DAY = 86_400_000;
const PRODUCTS = ['Nimbus Platform', 'Nimbus Analytics', 'Nimbus Connect', 'Nimbus Signals'];

/**
 * An account's opportunities over the two years before `asOf`: in each calendar quarter it creates
 * one with chance `baseOpportunityRate` (× a mild size factor), plus `opportunityRateLift` when the ABM
 * program works it (planted-lift.ts). Closed deals are won with probability
 * sigmoid(winLogit(account) + noise), plus `winRateLift` for worked accounts: otherwise only the
 * documented DEMO_WIN_DRIVERS move the outcome. Bigger companies get bigger deals.
 */
export function generateOpportunities(
  seed: number,
  account: DemoAccount,
  asOf: Date,
  lift: PlantedLift = DEFAULT_PLANTED_LIFT,
): DemoOpportunity[] {
  const rng = rngFor(seed, 'opportunities', account.index);
  const size = Math.log10(account.employeeCount + 1);
  const worked = isWorked(seed, account, lift);
  const perQuarter = Math.min(
    0.9,
    lift.baseOpportunityRate * (0.75 + 0.1 * size) + (worked ? lift.opportunityRateLift : 0),
  );
  const perEur = COUNTRY_BY_CODE.get(account.country)?.perEur ?? 1;
  const baseLogit = winLogit(account);
  const shortName = account.name.replace(` ${String(account.custom.legalForm ?? '')}`, '');
  const result: DemoOpportunity[] = [];
  let wonBefore = false;
  const created: number[] = [];
  for (const quarter of quartersBack(asOf, 8)) {
    // Days ago of the quarter's first and last day, within the two years before asOf.
    const first = Math.min(730, Math.round((asOf.getTime() - quarter.start.getTime()) / DAY));
    const last = Math.max(1, Math.round((asOf.getTime() - quarter.end.getTime()) / DAY) + 1);
    if (first < last) continue;
    // A partly elapsed (or partly covered) quarter gets its share of the chance.
    const share = (first - last + 1) / Math.round((quarter.end.getTime() - quarter.start.getTime()) / DAY);
    if (rng.chance(perQuarter * Math.min(1, share))) created.push(rng.int(last, first));
  }
  created.sort((a, b) => b - a);
  for (const daysAgo of created) {
    const cycleDays = Math.round(Math.min(400, Math.max(14, rng.logNormal(45 + 25 * size, 0.5))));
    const closesIn = cycleDays - daysAgo;
    const p = Math.min(
      0.98,
      sigmoid(baseLogit + rng.normal() * DEMO_WIN_DRIVERS.noiseSd) + (worked ? lift.winRateLift : 0),
    );
    const wonDraw = rng.next();
    const isClosed = closesIn <= 0;
    const isWon = isClosed && wonDraw < p;
    const kind = wonBefore ? rng.pick(['Expansion', 'Renewal', 'Expansion']) : 'New business';
    const product = rng.pick(PRODUCTS);
    const amountEur =
      (kind === 'New business' ? 1 : 0.5) * 4000 * account.employeeCount ** 0.45 * rng.logNormal(1, 0.5);
    const stage = isClosed
      ? isWon
        ? 'Closed Won'
        : 'Closed Lost'
      : (OPEN_STAGES[Math.min(3, Math.floor((daysAgo / cycleDays) * 4))] ?? 'Prospecting');
    result.push({
      id: rng.uuid(),
      accountId: account.id,
      name: `${shortName} – ${product} (${kind})`,
      stage,
      amount: roundSignificant(amountEur * perEur, 2),
      currency: account.currency,
      createdDate: isoDay(asOf, -daysAgo),
      closeDate: isoDay(asOf, closesIn + (isClosed ? 0 : rng.int(0, 20))),
      isClosed,
      isWon,
      ownerEmail: account.ownerEmail,
      salesforceId: `006${rng.alnum(15)}`,
      accountSalesforceId: account.salesforceId,
      winProbability: Math.round(p * 10_000) / 10_000,
    });
    if (isWon) wonBefore = true;
  }
  return result;
}
