import { COUNTRY_NAME_LANGUAGES } from './country.ts';
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
 * Symbols and words that name a currency. Symbols shared by several currencies map to the most
 * common one; the record's country decides when it uses that symbol for its own currency
 * (`$` in Canada is CAD, `¥` in China CNY, `kr` in Sweden SEK).
 */
const SYMBOLS: Record<string, string> = {
  $: 'USD',
  us$: 'USD',
  usd$: 'USD',
  'u s dollar': 'USD',
  dollar: 'USD',
  dollars: 'USD',
  bucks: 'USD',
  '€': 'EUR',
  'eur€': 'EUR',
  euro: 'EUR',
  euros: 'EUR',
  '£': 'GBP',
  'gb£': 'GBP',
  pound: 'GBP',
  pounds: 'GBP',
  sterling: 'GBP',
  'pound sterling': 'GBP',
  'pounds sterling': 'GBP',
  '¥': 'JPY',
  円: 'JPY',
  yen: 'JPY',
  元: 'CNY',
  rmb: 'CNY',
  renminbi: 'CNY',
  yuan: 'CNY',
  人民币: 'CNY',
  c$: 'CAD',
  ca$: 'CAD',
  a$: 'AUD',
  au$: 'AUD',
  nz$: 'NZD',
  hk$: 'HKD',
  s$: 'SGD',
  r$: 'BRL',
  mx$: 'MXN',
  '₹': 'INR',
  rs: 'INR',
  rupee: 'INR',
  rupees: 'INR',
  '₩': 'KRW',
  won: 'KRW',
  chf: 'CHF',
  franc: 'CHF',
  fr: 'CHF',
  kr: 'SEK',
  'kr.': 'DKK',
  krona: 'SEK',
  kronor: 'SEK',
  krone: 'NOK',
  kroner: 'NOK',
  íkr: 'ISK',
  ikr: 'ISK',
  zł: 'PLN',
  zl: 'PLN',
  zloty: 'PLN',
  '₽': 'RUB',
  '₺': 'TRY',
  '₪': 'ILS',
  '₫': 'VND',
  '฿': 'THB',
  '₱': 'PHP',
  '₦': 'NGN',
  r: 'ZAR',
  rand: 'ZAR',
  kč: 'CZK',
  ft: 'HUF',
  lei: 'RON',
};

/** A country's own currency where it writes a shared symbol for it. */
const LOCAL_SYMBOL: Record<string, Record<string, string>> = {
  $: {
    CA: 'CAD',
    AU: 'AUD',
    NZ: 'NZD',
    HK: 'HKD',
    SG: 'SGD',
    MX: 'MXN',
    AR: 'ARS',
    CL: 'CLP',
    CO: 'COP',
    TW: 'TWD',
  },
  dollar: { CA: 'CAD', AU: 'AUD', NZ: 'NZD', HK: 'HKD', SG: 'SGD' },
  '¥': { CN: 'CNY' },
  kr: { SE: 'SEK', NO: 'NOK', DK: 'DKK', IS: 'ISK' },
  'kr.': { SE: 'SEK', NO: 'NOK', DK: 'DKK', IS: 'ISK' },
  krone: { DK: 'DKK', NO: 'NOK' },
  kroner: { DK: 'DKK', NO: 'NOK' },
  krona: { SE: 'SEK', IS: 'ISK' },
  kronor: { SE: 'SEK' },
  franc: { FR: 'EUR', BE: 'EUR' },
  pound: { EG: 'EGP' },
};

interface CurrencyTables {
  codes: Set<string>;
  names: Map<string, string>;
}

let tables: CurrencyTables | undefined;

function currencyTables(): CurrencyTables {
  if (tables) return tables;
  const codes = new Set(Intl.supportedValuesOf('currency'));
  const names = new Map<string, string>();
  for (const lang of COUNTRY_NAME_LANGUAGES) {
    const display = new Intl.DisplayNames([lang], { type: 'currency', fallback: 'none' });
    for (const code of codes) {
      const name = display.of(code);
      if (!name) continue;
      const key = foldKey(name);
      if (key && !names.has(key)) names.set(key, code);
    }
  }
  tables = { codes, names };
  return tables;
}

/** The ISO 4217 code a currency code, symbol or name stands for (in a country), or null. */
export function currencyCode(text: string, country?: string | null): string | null {
  if (text.length > MAX_LOOKUP_LENGTH) return null;
  const { codes, names } = currencyTables();
  if (/^[A-Za-z]{3}$/.test(text)) {
    const upper = text.toUpperCase();
    if (codes.has(upper)) return upper;
  }
  const lower = text.toLowerCase().replace(/\s+/g, ' ');
  const symbol = SYMBOLS[lower] ?? SYMBOLS[foldKey(text)];
  if (symbol) {
    const local = country
      ? (LOCAL_SYMBOL[lower]?.[country] ?? LOCAL_SYMBOL[foldKey(text)]?.[country])
      : undefined;
    return local ?? symbol;
  }
  return names.get(foldKey(text)) ?? null;
}

/**
 * A currency as its ISO 4217 code, from a code in any case (`usd`), a symbol (`$`, `€`, `£`, `¥`, `kr`),
 * or a name in the product's languages (`US Dollar`, `euro`, `Dollar des États-Unis`, `円`). Symbols
 * shared by several currencies are read for the record's country when given.
 *
 * @example normalizeCurrency('€') // { value: 'EUR', raw: '€', known: true }
 */
export function normalizeCurrency(input: unknown, country?: string | null): NormalValue {
  const { text, wrongType } = inputText(input);
  if (text === null) return NO_VALUE;
  if (wrongType) return unknown(text);
  const code = currencyOfText(country ? `${country}\u0000${text}` : text);
  return code ? known(code, text) : unknown(text);
}

const currencyOfText = remembered((key: string): string | null => {
  const cut = key.indexOf('\u0000');
  return cut < 0 ? currencyCode(key) : currencyCode(key.slice(cut + 1), key.slice(0, cut));
});
