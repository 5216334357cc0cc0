import { foldText } from './fold-text.ts';

let names: Map<string, string> | undefined;
const LANGUAGES = [
  'en',
  'da',
  'de',
  'fr',
  'es',
  'is',
  'et',
  'sv',
  'nb',
  'fi',
  'nl',
  'it',
  'pt',
  'ja',
  'zh',
  'zh-Hant',
];
/** Region codes that are not ISO 3166-1 countries (or are reserved aliases) and must never win a name. */
const NOT_COUNTRIES = new Set([
  'UK',
  'FX',
  'EU',
  'EZ',
  'UN',
  'QO',
  'XA',
  'XB',
  'XK',
  'ZZ',
  'AN',
  'BU',
  'CS',
  'DD',
  'NT',
  'SU',
  'TP',
  'YD',
  'YU',
  'ZR',
  'AC',
  'CP',
  'DG',
  'EA',
  'IC',
  'TA',
  'CQ',
]);
const EXTRA: Record<string, string> = {
  uk: 'GB',
  usa: 'US',
  'united states of america': 'US',
  england: 'GB',
};

function countryNames(): Map<string, string> {
  if (names) return names;
  const map = new Map<string, string>(Object.entries(EXTRA));
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  for (const lang of LANGUAGES) {
    let display: Intl.DisplayNames;
    try {
      display = new Intl.DisplayNames([lang], { type: 'region', fallback: 'none' });
    } catch {
      continue;
    }
    for (const a of letters) {
      for (const b of letters) {
        const code = a + b;
        if (NOT_COUNTRIES.has(code)) continue;
        const name = display.of(code);
        if (!name) continue;
        const key = foldText(name);
        if (!map.has(key)) map.set(key, code);
      }
    }
  }
  names = map;
  return map;
}

/**
 * An ISO 3166-1 alpha-2 code for a country code or name in several languages (`dk`, `Denmark`, `Danmark`,
 * `Ísland`, `日本` → `DK`, `DK`, `DK`, `IS`, `JP`), or null when unknown.
 */
export function normalizeCountry(input: string | null | undefined): string | null {
  if (!input) return null;
  const text = input.trim();
  if (!text || text.length > 80) return null;
  if (/^[A-Za-z]{2}$/.test(text)) return text.toUpperCase() === 'UK' ? 'GB' : text.toUpperCase();
  return countryNames().get(foldText(text)) ?? null;
}
