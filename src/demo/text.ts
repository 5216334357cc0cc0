import { domainToASCII } from 'node:url';

const BASE_FOLDS: Record<string, string> = {
  æ: 'ae',
  ø: 'o',
  å: 'a',
  ð: 'd',
  þ: 'th',
  ß: 'ss',
  ł: 'l',
  œ: 'oe',
  đ: 'd',
  ı: 'i',
};
const LANGUAGE_FOLDS: Record<string, Record<string, string>> = {
  da: { æ: 'ae', ø: 'oe', å: 'aa' },
  nb: { æ: 'ae', ø: 'oe', å: 'aa' },
  de: { ä: 'ae', ö: 'oe', ü: 'ue' },
};

/**
 * Lower-case ASCII for email local parts and domain labels, the way people of that language write
 * their names in addresses: `Søren` → `soeren` (Danish), `Þórður` → `thordur`, `Müller` → `mueller`.
 */
export function foldAscii(text: string, language = ''): string {
  const extra = LANGUAGE_FOLDS[language];
  let out = '';
  for (const ch of text.toLowerCase()) {
    const mapped = extra?.[ch] ?? BASE_FOLDS[ch];
    out += mapped ?? ch;
  }
  return out.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
}

/** A domain label from a name: folded to ASCII, only letters and digits. */
export function slugLabel(text: string, language = ''): string {
  return foldAscii(text, language).replace(/[^a-z0-9]/g, '');
}

/** An internationalised label keeping native letters (`ægirsjávarafurðir`). */
export function nativeLabel(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}

/** Punycode form of a (possibly internationalised) domain. */
export function toAsciiDomain(domain: string): string {
  return domainToASCII(domain) || domain;
}

/** Capitalise the first letter. */
export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Greatest common divisor. */
export function gcd(a: number, b: number): number {
  let x = a;
  let y = b;
  while (y) [x, y] = [y, x % y];
  return x;
}

/** Round to `digits` significant figures. */
export function roundSignificant(value: number, digits: number): number {
  if (value <= 0) return 0;
  const magnitude = 10 ** (Math.floor(Math.log10(value)) - digits + 1);
  return Math.round(value / magnitude) * magnitude;
}

/** `YYYY-MM-DD` of a UTC day offset from a reference date. */
export function isoDay(reference: Date, dayOffset: number): string {
  return new Date(reference.getTime() + dayOffset * 86_400_000).toISOString().slice(0, 10);
}
