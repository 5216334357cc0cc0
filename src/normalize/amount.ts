import { currencyCode } from './currency.ts';

const LEADING = /^([^\d\s.,+-]{1,4}|[A-Za-z]{3})\s*(?=[+-]?[\d.,])/u;
const TRAILING = /(?<=\S)\s*([^\d\s.,]{1,4}|[A-Za-z]{3})$/u;
const SCALE: Record<string, number> = { k: 1e3, m: 1e6, mm: 1e6, mn: 1e6, b: 1e9, bn: 1e9 };

/**
 * An amount as written in a spreadsheet, split into the number text and its currency: `$1,200,000`,
 * `€ 1.200.000,00`, `1 200 000 kr`, `USD 5000`, `2.5M EUR` (k, M/mn/mm, B/bn scale it). `parse` reads
 * the digits (the import's locale-aware number reader). Returns null when the text is not an amount.
 */
export function parseAmount(
  raw: string,
  parse: (digits: string) => number | null,
  country?: string | null,
): { amount: number; currency: string | null } | null {
  let text = raw.trim();
  let currency: string | null = null;
  const take = (re: RegExp) => {
    const m = re.exec(text);
    const token = m?.[1];
    if (!m || !token) return;
    const code = currencyCode(token, country);
    if (!code) return;
    currency = code;
    text = (text.slice(0, m.index) + text.slice(m.index + m[0].length)).trim();
  };
  take(LEADING);
  if (!currency) take(TRAILING);
  let scale = 1;
  const scaled = /^(.*\d)\s*(k|m|mm|mn|b|bn)\.?$/i.exec(text);
  if (scaled?.[1] && scaled[2]) {
    scale = SCALE[scaled[2].toLowerCase()] ?? 1;
    text = scaled[1];
  }
  const n = parse(text);
  if (n === null) return null;
  return { amount: scale === 1 ? n : Math.round(n * scale * 100) / 100, currency };
}
