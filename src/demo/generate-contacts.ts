import type { ConsentBasis } from '../db/schema.ts';
import { type Rng, rngFor } from '../random/seeded-random.ts';
import type { GeneratedAccount } from './generate-accounts.ts';
import { FUNCTIONS, JOB_TITLES, type JobFunction, SENIORITIES, type Seniority } from './job-titles.ts';
import { CN_NAMES, JP_NAMES, PERSON_NAMES } from './person-names.ts';
import { capitalise, foldAscii, isoDay } from './text.ts';
import type { DemoContact } from './world-types.ts';

const EU = new Set(['DE', 'FR', 'ES', 'IT', 'NL', 'PL', 'SE', 'DK', 'FI', 'EE', 'IS', 'NO', 'GB']);
const FREEMAIL: Record<string, string[]> = {
  JP: ['yahoo.co.jp', 'gmail.com'],
  CN: ['qq.com', '163.com'],
  default: ['gmail.com', 'outlook.com', 'hotmail.com', 'yahoo.com'],
};
const FUNCTION_WEIGHTS: [JobFunction, number][] = [
  ['executive', 8],
  ['finance', 11],
  ['it', 13],
  ['marketing', 15],
  ['sales', 16],
  ['operations', 12],
  ['hr', 6],
  ['legal', 4],
  ['engineering', 10],
  ['procurement', 5],
];
const SENIORITY_WEIGHTS: [Seniority, number][] = [
  ['c_level', 8],
  ['vp', 7],
  ['director', 18],
  ['manager', 30],
  ['staff', 37],
];

/** Titles per language keyed by `function|seniority`. */
const TITLE_INDEX = new Map<string, Map<string, string[]>>();
for (const [language, entries] of Object.entries(JOB_TITLES)) {
  const index = new Map<string, string[]>();
  for (const [fn, seniority, title] of entries) {
    const key = `${fn}|${seniority}`;
    index.set(key, [...(index.get(key) ?? []), title]);
  }
  TITLE_INDEX.set(language, index);
}

type Pattern = 'first.last' | 'flast' | 'first' | 'firstl' | 'first_last' | 'last.first';

/**
 * The people known at an account: about ten on average, fewer at small firms; the first is the top
 * executive. Names follow the country, titles are in the country's language (some in English), emails
 * are on the account's domain in the company's address pattern, with a few on a second domain,
 * a subdomain or a free-mail address.
 */
export function generateContacts(seed: number, generated: GeneratedAccount, asOf: Date): DemoContact[] {
  const { account, countryInfo } = generated;
  const rng = rngFor(seed, 'contacts', account.index);
  const size = Math.log10(account.employeeCount + 1);
  const wanted = Math.round(rng.logNormal(2 + 4 * size, 0.45));
  const count = Math.max(1, Math.min(60, account.employeeCount, wanted));
  const pattern: Pattern = rng.weighted<Pattern>([
    ['first.last', 55],
    ['flast', 14],
    ['first', account.employeeCount < 50 ? 14 : 3],
    ['firstl', 7],
    ['first_last', 5],
    ['last.first', countryInfo.code === 'JP' || countryInfo.code === 'CN' ? 20 : 2],
  ]);
  const subdomain =
    account.employeeCount >= 1000 && rng.chance(0.4)
      ? `${rng.pick(['corp', 'mail', countryInfo.code.toLowerCase()])}.${account.domain}`
      : null;
  const used = new Set<string>();
  const contacts: DemoContact[] = [];
  for (let i = 0; i < count; i++) {
    const person = personName(countryInfo.code, rng);
    const [jobFunction, seniority] =
      i === 0
        ? (['executive', 'c_level'] as const)
        : [rng.weighted(FUNCTION_WEIGHTS), pickSeniority(account.employeeCount, rng)];
    const titleLanguage = rng.chance(countryInfo.englishTitles) ? 'en' : countryInfo.language;
    const title = pickTitle(titleLanguage, jobFunction, seniority, rng);
    const email = makeEmail({
      person,
      pattern,
      account: generated,
      subdomain,
      used,
      rng,
      unique: account.index * 100 + i,
    });
    const flags = rng.next();
    contacts.push({
      id: rng.uuid(),
      accountId: account.id,
      accountSalesforceId: account.salesforceId,
      email,
      firstName: person.first,
      lastName: person.last,
      title,
      phone: rng.chance(0.6) ? phoneNumber(countryInfo.phone, rng) : null,
      country: countryInfo.code,
      unsubscribed: flags < 0.03,
      bounced: flags >= 0.03 && flags < 0.045,
      doNotContact: flags >= 0.045 && flags < 0.053,
      consentBasis: consentFor(countryInfo.code, rng),
      salesforceId: rng.chance(0.8) ? `003${rng.alnum(15)}` : null,
      hubspotId: account.hubspotId ? String(90_000_000_000 + account.index * 100 + i) : null,
      createdAt: `${isoDay(asOf, -rng.int(1, 700))}T${String(rng.int(6, 18)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}:00.000Z`,
      jobFunction,
      seniority,
      titleLanguage,
    });
  }
  return contacts;
}

interface Person {
  first: string;
  last: string;
  /** Romanised, lower-case parts for the email address. */
  emailFirst: string;
  emailLast: string;
}

function personName(country: string, rng: Rng): Person {
  const female = rng.chance(0.5);
  if (country === 'JP' || country === 'CN') {
    const names = country === 'JP' ? JP_NAMES : CN_NAMES;
    const [first, firstRoman] = rng.pick(female ? names.female : names.male);
    const [last, lastRoman] = rng.pick(names.last);
    const native = rng.chance(0.7);
    return {
      first: native ? first : capitalise(firstRoman),
      last: native ? last : capitalise(lastRoman),
      emailFirst: firstRoman,
      emailLast: lastRoman,
    };
  }
  const names = PERSON_NAMES[country] ?? PERSON_NAMES.US;
  if (!names) throw new Error('No demo names');
  const first = rng.pick(female ? names.female : names.male);
  let last = rng.pick(names.last);
  if (country === 'IS') last = `${last}${female ? 'dóttir' : 'son'}`;
  else if (country === 'PL' && female) last = last.replace(/ski$/, 'ska').replace(/cki$/, 'cka');
  else if (country === 'ES' && rng.chance(0.35)) last = `${last} ${rng.pick(names.last)}`;
  const language = country === 'DK' ? 'da' : country === 'NO' ? 'nb' : country === 'DE' ? 'de' : '';
  return {
    first,
    last,
    emailFirst: foldAscii(first, language).replace(/[^a-z]/g, ''),
    emailLast: foldAscii(last, language).replace(/[^a-z]/g, ''),
  };
}

function pickSeniority(employees: number, rng: Rng): Seniority {
  const weights = SENIORITY_WEIGHTS.map(
    ([s, w]) => [s, s === 'vp' && employees < 200 ? w * 0.2 : w] as const,
  );
  return rng.weighted(weights);
}

function pickTitle(language: string, fn: JobFunction, seniority: Seniority, rng: Rng): string {
  const index = TITLE_INDEX.get(language) ?? TITLE_INDEX.get('en');
  if (!index) throw new Error('No demo titles');
  const start = SENIORITIES.indexOf(seniority);
  // The exact level, else the nearest level of the same function, else any title of the function.
  for (let distance = 0; distance < SENIORITIES.length; distance++) {
    for (const at of [start + distance, start - distance]) {
      const level = SENIORITIES[at];
      const titles = level ? index.get(`${fn}|${level}`) : undefined;
      if (titles?.length) return rng.pick(titles);
    }
  }
  const fallback = FUNCTIONS.flatMap((f) => index.get(`${f}|${seniority}`) ?? []);
  return fallback.length ? rng.pick(fallback) : 'Manager';
}

function makeEmail(input: {
  person: Person;
  pattern: Pattern;
  account: GeneratedAccount;
  subdomain: string | null;
  used: Set<string>;
  rng: Rng;
  unique: number;
}): string {
  const { person, pattern, account, subdomain, used, rng, unique } = input;
  const f = person.emailFirst || 'info';
  const l = person.emailLast || 'contact';
  const roll = rng.next();
  if (roll < 0.03) {
    const providers = FREEMAIL[account.countryInfo.code] ?? FREEMAIL.default ?? ['gmail.com'];
    const provider = rng.pick(providers);
    return provider === 'qq.com' ? `${100_000_000 + unique}@qq.com` : `${f}.${l}${unique}@${provider}`;
  }
  const second = account.account.domains[1];
  const domain =
    roll < 0.09 && second ? second : roll < 0.12 && subdomain ? subdomain : account.account.domain;
  const local = {
    'first.last': `${f}.${l}`,
    flast: `${f.charAt(0)}${l}`,
    first: f,
    firstl: `${f}${l.charAt(0)}`,
    first_last: `${f}_${l}`,
    'last.first': `${l}.${f}`,
  }[pattern];
  let candidate = `${local}@${domain}`;
  for (let n = 2; used.has(candidate); n++) candidate = `${local}${n}@${domain}`;
  used.add(candidate);
  return candidate;
}

function phoneNumber([prefix, pattern]: [string, string], rng: Rng): string {
  return `${prefix} ${pattern.replace(/#/g, () => String(rng.int(0, 9)))}`;
}

function consentFor(country: string, rng: Rng): ConsentBasis | null {
  if (EU.has(country))
    return rng.weighted<ConsentBasis | null>([
      ['legitimate_interest', 55],
      ['consent', 25],
      [null, 20],
    ]);
  return rng.weighted<ConsentBasis | null>([
    [null, 70],
    ['consent', 20],
    ['legitimate_interest', 10],
  ]);
}
