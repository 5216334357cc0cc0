import { seededRandom } from '../random/seeded-random.ts';

/** A synthetic account with firmographics and a win/loss outcome drawn from known drivers. */
export interface PlantedAccount {
  name: string;
  industry: string;
  employeeCount: number | null;
  annualRevenue: number | null;
  country: string;
  region: string;
  technologies: string[];
  segment: string;
  won: boolean;
}

/** The planted drivers: the true log-odds effects the model should recover (tests and benchmarks). */
export const PLANTED_DRIVERS = {
  industry: 'Software', // +1.6 log-odds
  technology: 'Snowflake', // +1.2 log-odds
  employeesPerLog10: 0.9, // per factor of 10 employees
} as const;

const INDUSTRIES = [
  'Software',
  'Manufacturing',
  'Retail',
  'Healthcare',
  'Financial Services',
  'Education',
  'Logistics',
];
const COUNTRIES: [string, string][] = [
  ['US', 'North America'],
  ['CA', 'North America'],
  ['GB', 'EMEA'],
  ['DE', 'EMEA'],
  ['FR', 'EMEA'],
  ['JP', 'APAC'],
  ['AU', 'APAC'],
];
const TECHNOLOGIES = ['Salesforce', 'HubSpot', 'Snowflake', 'AWS', 'Azure', 'Slack', 'Zendesk', 'Marketo'];
const SEGMENTS = ['alpha', 'beta', 'gamma'];

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)] as T;
}

/**
 * `count` accounts whose wins follow PLANTED_DRIVERS (plus noise columns that do not matter).
 * Deterministic for a seed. `baseLogOdds` shifts the win rate.
 */
export function plantedAccounts(count: number, seed = 7, baseLogOdds = -2.2): PlantedAccount[] {
  const random = seededRandom(seed);
  const out: PlantedAccount[] = [];
  for (let i = 0; i < count; i++) {
    const industry = pick(INDUSTRIES, random);
    const [country, region] = pick(COUNTRIES, random);
    const log10Employees = 1 + random() * 4; // 10 … 100k
    const employeeCount = Math.round(10 ** log10Employees);
    const technologies = TECHNOLOGIES.filter(() => random() < 0.3);
    const z =
      baseLogOdds +
      (industry === PLANTED_DRIVERS.industry ? 1.6 : 0) +
      (technologies.includes(PLANTED_DRIVERS.technology) ? 1.2 : 0) +
      PLANTED_DRIVERS.employeesPerLog10 * (log10Employees - 3);
    const won = random() < 1 / (1 + Math.exp(-z));
    out.push({
      name: `Planted ${seed}-${i}`,
      industry,
      employeeCount: random() < 0.05 ? null : employeeCount,
      annualRevenue: random() < 0.1 ? null : Math.round(employeeCount * (80_000 + random() * 120_000)),
      country,
      region,
      technologies,
      segment: pick(SEGMENTS, random),
      won,
    });
  }
  return out;
}
