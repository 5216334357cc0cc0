import { generateAccountStream } from './generate-accounts.ts';
import { engagementOf, generateActivities } from './generate-activities.ts';
import { generateContacts } from './generate-contacts.ts';
import { generateHistory } from './generate-history.ts';
import { generateOpportunities } from './generate-opportunities.ts';
import { resolveLift } from './planted-lift.ts';
import {
  type DemoAccount,
  type DemoAccountBundle,
  type DemoActivity,
  type DemoContact,
  type DemoOpportunity,
  resolveAsOf,
  type WorldOptions,
} from './world-types.ts';

/**
 * The whole demo world, one account at a time with its opportunities, contacts and activities.
 * Streams with constant memory, so it serves 1M accounts as well as 300.
 *
 * @example
 * for (const { account, contacts } of generateWorld({ seed: 42, accounts: 5000 })) { … }
 */
export function* generateWorld(options: WorldOptions): Generator<DemoAccountBundle> {
  const asOf = resolveAsOf(options.asOf);
  const lift = resolveLift(options.lift);
  for (const generated of generateAccountStream(options.seed, options.accounts, asOf)) {
    const opportunities = generateOpportunities(options.seed, generated.account, asOf, lift);
    const lastWon = opportunities
      .filter((o) => o.isWon)
      .map((o) => o.closeDate)
      .sort()
      .at(-1);
    if (lastWon) {
      const monthsSince = (asOf.getTime() - Date.parse(lastWon)) / (30 * 86_400_000);
      generated.account.lifecycle =
        monthsSince > 14 && generated.account.index % 4 === 0 ? 'churned' : 'customer';
    }
    const contacts = generateContacts(options.seed, generated, asOf);
    const engagement = engagementOf(options.seed, generated, opportunities);
    const activities = generateActivities(options.seed, generated, contacts, engagement, asOf);
    const history = generateHistory(options.seed, generated, contacts, opportunities, engagement, asOf, lift);
    yield { account: generated.account, opportunities, contacts, activities, engagement, history };
  }
}

/** Just the accounts of a world (streamed). */
export function* generateAccounts(seed: number, count: number, asOf?: Date | string): Generator<DemoAccount> {
  for (const bundle of generateWorld({ seed, accounts: count, asOf })) yield bundle.account;
}

/** The contacts of a world's first `accountCount` accounts (streamed). */
export function* generateContactsOf(
  seed: number,
  accountCount: number,
  asOf?: Date | string,
): Generator<DemoContact> {
  for (const bundle of generateWorld({ seed, accounts: accountCount, asOf })) yield* bundle.contacts;
}

/** The opportunities of a world's first `accountCount` accounts (streamed). */
export function* generateOpportunitiesOf(
  seed: number,
  accountCount: number,
  asOf?: Date | string,
): Generator<DemoOpportunity> {
  for (const bundle of generateWorld({ seed, accounts: accountCount, asOf })) yield* bundle.opportunities;
}

/** The activities of a world's first `accountCount` accounts (streamed). */
export function* generateActivitiesOf(
  seed: number,
  accountCount: number,
  asOf?: Date | string,
): Generator<DemoActivity> {
  for (const bundle of generateWorld({ seed, accounts: accountCount, asOf })) yield* bundle.activities;
}

/** A small world held in memory, for tests of other modules. */
export interface DemoFixture {
  accounts: DemoAccount[];
  opportunities: DemoOpportunity[];
  contacts: DemoContact[];
  activities: DemoActivity[];
}

/**
 * A small in-memory world for tests. Keep it small (up to a few thousand accounts).
 *
 * @example
 * const { accounts, contacts } = generateFixture(7, { accounts: 50, asOf: '2026-01-15' });
 */
export function generateFixture(
  seed: number,
  options: { accounts: number; asOf?: Date | string },
): DemoFixture {
  const fixture: DemoFixture = { accounts: [], opportunities: [], contacts: [], activities: [] };
  for (const bundle of generateWorld({ seed, accounts: options.accounts, asOf: options.asOf })) {
    fixture.accounts.push(bundle.account);
    fixture.opportunities.push(...bundle.opportunities);
    fixture.contacts.push(...bundle.contacts);
    fixture.activities.push(...bundle.activities);
  }
  return fixture;
}
