import { createRequire } from 'node:module';
import countries from 'i18n-iso-countries/index.js';
import { z } from 'zod';
import { foldKey } from './fold-text.ts';
import {
  inputText,
  known,
  MAX_LOOKUP_LENGTH,
  NO_VALUE,
  type NormalValue,
  remembered,
  unknown,
} from './normal-value.ts';

/**
 * The languages whose country names are recognised: the languages the product reads job titles in
 * (da, de, en, es, et, fr, is, ja, zh), those of its demo market (fi, it, nb/nn/no, nl, pl, sv) and
 * Portuguese. English is registered first, so where two languages use one name for different
 * countries, English wins.
 */
export const COUNTRY_NAME_LANGUAGES = [
  'en',
  'de',
  'fr',
  'es',
  'ja',
  'zh',
  'da',
  'is',
  'et',
  'sv',
  'nb',
  'no',
  'nn',
  'fi',
  'nl',
  'it',
  'pl',
  'pt',
] as const;

/** Names people write that no locale file lists. */
const EXTRA_NAMES: Record<string, string> = {
  america: 'US',
  'united states america': 'US',
  'the united states': 'US',
  'us of a': 'US',
  britain: 'GB',
  'great britain and northern ireland': 'GB',
  england: 'GB',
  scotland: 'GB',
  wales: 'GB',
  'northern ireland': 'GB',
  holland: 'NL',
  'the netherlands': 'NL',
  korea: 'KR',
  russia: 'RU',
  'czech republic': 'CZ',
  turkey: 'TR',
  turkiye: 'TR',
  burma: 'MM',
  swaziland: 'SZ',
  macedonia: 'MK',
  vatican: 'VA',
  'hong kong sar': 'HK',
  'republic of ireland': 'IE',
  uae: 'AE',
  'u a e': 'AE',
  'the uae': 'AE',
  ksa: 'SA',
  prc: 'CN',
  'mainland china': 'CN',
  'p r china': 'CN',
  deutschland: 'DE',
  'bundesrepublik deutschland': 'DE',
  schweiz: 'CH',
  suisse: 'CH',
  osterreich: 'AT',
  espana: 'ES',
  アメリカ: 'US',
  米国: 'US',
  美國: 'US',
  アメリカ合衆国: 'US',
  イギリス: 'GB',
};

/** Two-letter codes in use that are not the ISO 3166-1 code of the country. */
const CODE_ALIASES: Record<string, string> = { UK: 'GB', EL: 'GR' };

const LocaleSchema = z.object({
  locale: z.string(),
  countries: z.record(z.string(), z.union([z.string(), z.array(z.string())])),
});

interface CountryTables {
  names: Map<string, string>;
  alpha2: Set<string>;
}

let tables: CountryTables | undefined;

function buildTables(): CountryTables {
  const require = createRequire(import.meta.url);
  for (const lang of COUNTRY_NAME_LANGUAGES) {
    countries.registerLocale(LocaleSchema.parse(require(`i18n-iso-countries/langs/${lang}.json`)));
  }
  const alpha2 = new Set(Object.keys(countries.getAlpha2Codes()));
  const names = new Map<string, string>();
  const add = (name: string, code: string) => {
    const key = foldKey(name);
    if (key && !names.has(key)) names.set(key, code);
  };
  for (const [name, code] of Object.entries(EXTRA_NAMES)) add(name, code);
  for (const lang of COUNTRY_NAME_LANGUAGES) {
    for (const [code, list] of Object.entries(countries.getNames(lang, { select: 'all' }))) {
      for (const name of list) add(name, code);
    }
  }
  // The runtime's own names (CLDR) add variants the locale files lack (`Tyskland`, `Ísland`, `Türkei`).
  for (const lang of [...COUNTRY_NAME_LANGUAGES, 'zh-Hant']) {
    const display = new Intl.DisplayNames([lang], { type: 'region', fallback: 'none' });
    for (const code of alpha2) {
      const name = display.of(code);
      if (name) add(name, code);
    }
  }
  return { names, alpha2 };
}

function countryTables(): CountryTables {
  tables ??= buildTables();
  return tables;
}

/** The ISO 3166-1 alpha-2 code for a country code or name, or null. */
export function countryCode(text: string): string | null {
  if (text.length > MAX_LOOKUP_LENGTH) return null;
  const { names, alpha2 } = countryTables();
  if (text.length === 2 && /^[A-Za-z]{2}$/.test(text)) {
    const upper = text.toUpperCase();
    const code = CODE_ALIASES[upper] ?? upper;
    if (alpha2.has(code)) return code;
  }
  if (text.length === 3 && /^[A-Za-z]{3}$/.test(text)) {
    const code = countries.alpha3ToAlpha2(text.toUpperCase());
    if (code) return code;
  }
  if (/^\d{1,3}$/.test(text)) return countries.numericToAlpha2(text.padStart(3, '0')) ?? null;
  return names.get(foldKey(text)) ?? null;
}

/**
 * A country as an ISO 3166-1 alpha-2 code, from a code (`is`, `ISL`, `352`, `UK`) or a name in any of
 * the product's languages (`Iceland`, `Ísland`, `Island`, `アイスランド`, `冰岛`, `U.S.A.`).
 *
 * @example normalizeCountry('Deutschland') // { value: 'DE', raw: 'Deutschland', known: true }
 */
export function normalizeCountry(input: unknown): NormalValue {
  const { text, wrongType } = inputText(input);
  if (text === null) return NO_VALUE;
  if (wrongType) return unknown(text);
  return countryOfText(text);
}

const countryOfText = remembered((text: string): NormalValue => {
  const code = countryCode(text);
  return code ? known(code, text) : unknown(text);
});

/** The alpha-2 code of a country code or name, or null (for comparisons: matching, duplicates). */
export function toCountryCode(input: string | null | undefined): string | null {
  const text = input?.trim();
  return text ? countryCode(text) : null;
}
