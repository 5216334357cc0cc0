import { MissingValue } from './missing-value.ts';

const dateFormatters = new Map<string, Intl.DateTimeFormat>();
const numberFormatters = new Map<string, Intl.NumberFormat>();
type DateStyle = 'full' | 'long' | 'medium' | 'short';
const DATE_STYLES: Record<string, DateStyle> = {
  full: 'full',
  long: 'long',
  medium: 'medium',
  short: 'short',
};

function localeOf(requested: unknown, fallback: string): string {
  if (typeof requested === 'string' && requested !== '') {
    try {
      return Intl.getCanonicalLocales(requested)[0] ?? fallback;
    } catch {
      return fallback;
    }
  }
  return fallback;
}

function cached<T>(cache: Map<string, T>, key: string, make: () => T): T {
  let f = cache.get(key);
  if (!f) {
    if (cache.size > 500) cache.clear();
    f = make();
    cache.set(key, f);
  }
  return f;
}

function toDate(value: unknown): Date | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if (typeof value === 'string' || typeof value === 'number') {
    const d = new Date(value === 'now' || value === 'today' ? Date.now() : value);
    return Number.isNaN(d.getTime()) ? null : d;
  }
  return null;
}

/** `{{ d | format_date: "long", "de-DE" }}`: a date in the locale's words (style full/long/medium/short). */
export function formatDate(value: unknown, style: unknown, locale: unknown, fallbackLocale: string): unknown {
  if (value instanceof MissingValue) return value;
  const date = toDate(value);
  if (!date) return value;
  const s =
    (typeof style === 'string' && Object.hasOwn(DATE_STYLES, style) ? DATE_STYLES[style] : undefined) ??
    'medium';
  const loc = localeOf(locale, fallbackLocale);
  const f = cached(
    dateFormatters,
    `${loc}|${s}`,
    () => new Intl.DateTimeFormat(loc, { dateStyle: s, timeZone: 'UTC' }),
  );
  return f.format(date);
}

/** `{{ amount | money: "EUR", "de-DE" }}`: an amount in a currency, as the locale writes it. */
export function formatMoney(
  value: unknown,
  currency: unknown,
  locale: unknown,
  fallbackLocale: string,
): unknown {
  if (value instanceof MissingValue) return value;
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n)) return value;
  const code =
    typeof currency === 'string' && /^[A-Za-z]{3}$/.test(currency) ? currency.toUpperCase() : 'USD';
  const loc = localeOf(locale, fallbackLocale);
  const f = cached(
    numberFormatters,
    `m|${loc}|${code}`,
    () => new Intl.NumberFormat(loc, { style: 'currency', currency: code }),
  );
  return f.format(n);
}

/** `{{ n | format_number: 0, "is-IS" }}`: a number with the locale's separators and given decimals. */
export function formatNumber(
  value: unknown,
  decimals: unknown,
  locale: unknown,
  fallbackLocale: string,
): unknown {
  if (value instanceof MissingValue) return value;
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n)) return value;
  const d =
    typeof decimals === 'number' && Number.isInteger(decimals) && decimals >= 0 && decimals <= 6
      ? decimals
      : undefined;
  const loc = localeOf(locale, fallbackLocale);
  const f = cached(
    numberFormatters,
    `n|${loc}|${d ?? ''}`,
    () =>
      new Intl.NumberFormat(
        loc,
        d === undefined ? {} : { minimumFractionDigits: d, maximumFractionDigits: d },
      ),
  );
  return f.format(n);
}
