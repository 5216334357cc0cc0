import { type Rng, rngFor } from '../random/seeded-random.ts';
import { type CompanyIdentity, CompanyNamer } from './company-namer.ts';
import { DEMO_COUNTRIES, type DemoCountry } from './countries.ts';
import { sellerFor } from './demo-users.ts';
import { DEMO_INDUSTRIES, DEMO_TECHNOLOGIES } from './industries.ts';
import { type DemoLegalForm, demoLegalForms } from './legal-forms.ts';
import { isoDay, roundSignificant } from './text.ts';
import { DEMO_WIN_DRIVERS, meetsDriver } from './win-drivers.ts';
import type { DemoAccount } from './world-types.ts';

/** An account as generated, with what its contacts and deals are derived from. */
export interface GeneratedAccount {
  account: DemoAccount;
  language: string;
  identity: CompanyIdentity;
  countryInfo: DemoCountry;
}

const COUNTRY_WEIGHTS = DEMO_COUNTRIES.map((c) => [c, c.weight] as const);
const INDUSTRY_WEIGHTS = DEMO_INDUSTRIES.map((i) => [i, i.weight] as const);
const COUNTRIES = new Map(DEMO_COUNTRIES.map((c) => [c.code, c]));

type Kind = 'single' | 'parent' | 'subsidiary';

/**
 * The accounts of a world, streamed in index order with constant memory. About 3% of units are groups:
 * a parent in one country with one to four subsidiaries abroad, which follow it directly in the stream.
 * Each account's attributes come from its own random stream, so the same seed always gives the same account.
 */
export function* generateAccountStream(seed: number, count: number, asOf: Date): Generator<GeneratedAccount> {
  const unitRng = rngFor(seed, 'units');
  const namer = new CompanyNamer(seed);
  const forms = demoLegalForms();
  let index = 0;
  while (index < count) {
    const remaining = count - index;
    if (remaining >= 2 && unitRng.chance(0.03)) {
      const parent = buildAccount({ seed, index, asOf, namer, forms, kind: 'parent', parent: null });
      yield parent;
      index++;
      const targets = parent.countryInfo.expandsTo.filter((c) => COUNTRIES.has(c));
      const subs = unitRng.sample(targets, Math.min(unitRng.int(1, 4), remaining - 1));
      for (const code of subs) {
        yield buildAccount({
          seed,
          index,
          asOf,
          namer,
          forms,
          kind: 'subsidiary',
          parent,
          countryCode: code,
        });
        index++;
      }
    } else {
      yield buildAccount({ seed, index, asOf, namer, forms, kind: 'single', parent: null });
      index++;
    }
  }
}

interface BuildInput {
  seed: number;
  index: number;
  asOf: Date;
  namer: CompanyNamer;
  forms: Map<string, DemoLegalForm[]>;
  kind: Kind;
  parent: GeneratedAccount | null;
  countryCode?: string;
}

function buildAccount(input: BuildInput): GeneratedAccount {
  const { seed, index, asOf, namer, forms, kind, parent } = input;
  const rng = rngFor(seed, 'account', index);
  const country = (input.countryCode && COUNTRIES.get(input.countryCode)) || rng.weighted(COUNTRY_WEIGHTS);
  const industry = parent ? parent.account.industry : rng.weighted(INDUSTRY_WEIGHTS).name;
  const industryInfo = DEMO_INDUSTRIES.find((i) => i.name === industry) ?? DEMO_INDUSTRIES[0];
  const employeeCount = Math.round(
    kind === 'parent'
      ? Math.min(250_000, Math.max(500, rng.logNormal(4000, 0.8)))
      : kind === 'subsidiary'
        ? Math.min(20_000, Math.max(10, rng.logNormal(250, 0.9)))
        : Math.min(150_000, Math.max(1, rng.logNormal(45, 1.55))),
  );
  const [city, region] = rng.weighted(country.cities.map(([c, r, w]) => [[c, r] as const, w] as const));
  const form = pickForm(forms.get(country.code) ?? [], employeeCount, kind, rng);
  const identity = parent
    ? namer.subsidiary(parent.identity, country, city, form)
    : namer.company(country, industry, city, form, { group: kind === 'parent', rng });
  const revenueEur =
    employeeCount * (industryInfo?.revenuePerEmployeeEur ?? 200_000) * rng.logNormal(1, 0.35);
  const technologies = pickTechnologies(country.code, industry, employeeCount, rng);
  const id = rng.uuid();
  const salesforceId = `001${rng.alnum(15)}`;
  const hubspotId = rng.chance(0.35) ? String(5_000_000_000 + index * 37 + rng.int(0, 36)) : null;
  const externalIds: Record<string, string> = { salesforce: salesforceId };
  if (hubspotId) externalIds.hubspot = hubspotId;
  const firmographics = { industry, country: country.code, employeeCount, technologies };
  const driversMet = DEMO_WIN_DRIVERS.drivers.filter((d) => meetsDriver(firmographics, d)).length;
  const targetScore = -3.2 + 0.85 * driversMet + 0.35 * Math.log10(employeeCount + 1) + rng.normal() * 0.6;
  const isTarget = targetScore > -0.6;
  const tier = isTarget ? (targetScore > 0.6 ? 1 : targetScore > -0.1 ? 2 : 3) : null;
  const account: DemoAccount = {
    index,
    id,
    name: identity.name,
    domain: identity.domains[0] ?? '',
    domains: identity.domains,
    website: identity.website,
    industry,
    employeeCount,
    annualRevenue: roundSignificant(revenueEur * country.perEur, 3),
    currency: country.currency,
    country: country.code,
    region,
    city,
    technologies,
    parentId: parent?.account.id ?? null,
    parentSalesforceId: parent?.account.salesforceId ?? null,
    ownerEmail: sellerFor(country.code).email,
    lifecycle: 'prospect',
    isTarget,
    tier,
    salesforceId,
    hubspotId,
    externalIds,
    custom: { legalForm: form.form, elfCode: form.elfCode },
    createdAt: `${isoDay(asOf, -rng.int(120, 1500))}T${String(rng.int(7, 17)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}:00.000Z`,
  };
  return { account, language: country.language, identity, countryInfo: country };
}

function pickForm(forms: DemoLegalForm[], employees: number, kind: Kind, rng: Rng): DemoLegalForm {
  const bias = kind === 'parent' || employees >= 1000 ? 6 : employees < 50 ? 0.25 : 1;
  const form = rng.weighted(forms.map((f) => [f, f.weight * (f.large ? bias : 1)] as const));
  return form;
}

function pickTechnologies(country: string, industry: string, employees: number, rng: Rng): string[] {
  const decades = Math.max(0, Math.log10(employees) - 1);
  const picked: string[] = [];
  for (const tech of DEMO_TECHNOLOGIES) {
    if (tech.countries && !tech.countries.includes(country)) continue;
    if (tech.notCountries?.includes(country)) continue;
    const p =
      (tech.industries && !tech.industries.includes(industry) ? 0.3 : 1) *
      (tech.base + tech.bySize * decades);
    if (rng.chance(Math.min(0.95, Math.max(0, p)))) picked.push(tech.name);
  }
  return picked;
}
