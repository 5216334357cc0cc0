/** The usual language of a country's business mail (ISO 3166 alpha-2 → BCP 47), for countries not obvious from elsewhere. */
const COUNTRY_LANGUAGE: Record<string, string> = {
  AT: 'de',
  BE: 'nl',
  BR: 'pt',
  CH: 'de',
  CN: 'zh',
  CZ: 'cs',
  DE: 'de',
  DK: 'da',
  EE: 'et',
  ES: 'es',
  FI: 'fi',
  FR: 'fr',
  GR: 'el',
  HU: 'hu',
  IS: 'is',
  IT: 'it',
  JP: 'ja',
  KR: 'ko',
  LT: 'lt',
  LV: 'lv',
  MX: 'es',
  NL: 'nl',
  NO: 'nb',
  PL: 'pl',
  PT: 'pt',
  RO: 'ro',
  SE: 'sv',
  SK: 'sk',
  TW: 'zh',
  US: 'en',
  GB: 'en',
  IE: 'en',
  AU: 'en',
  NZ: 'en',
  CA: 'en',
  IN: 'en',
  SG: 'en',
  ZA: 'en',
};

/**
 * A recipient's language: the one stated on the contact or account (custom field `language` or
 * `locale`) when it is a valid language tag, else the language of their country, else null.
 */
export function languageOf(stated: string | null, country: string | null): string | null {
  if (stated) {
    try {
      const tag = Intl.getCanonicalLocales(stated.trim())[0];
      if (tag) return tag;
    } catch {
      // not a language tag: fall back to the country
    }
  }
  if (!country) return null;
  const code = country.trim().toUpperCase();
  return Object.hasOwn(COUNTRY_LANGUAGE, code) ? (COUNTRY_LANGUAGE[code] ?? null) : null;
}
