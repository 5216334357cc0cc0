import { toCountryCode } from '../normalize/country.ts';

/** The time zone most of a country's business people work in (one zone for countries that span several). */
const COUNTRY_TIME_ZONES: Record<string, string> = {
  US: 'America/New_York',
  CA: 'America/Toronto',
  MX: 'America/Mexico_City',
  BR: 'America/Sao_Paulo',
  AR: 'America/Argentina/Buenos_Aires',
  CL: 'America/Santiago',
  CO: 'America/Bogota',
  PE: 'America/Lima',
  GB: 'Europe/London',
  IE: 'Europe/Dublin',
  IS: 'Atlantic/Reykjavik',
  PT: 'Europe/Lisbon',
  ES: 'Europe/Madrid',
  FR: 'Europe/Paris',
  BE: 'Europe/Brussels',
  NL: 'Europe/Amsterdam',
  LU: 'Europe/Luxembourg',
  DE: 'Europe/Berlin',
  AT: 'Europe/Vienna',
  CH: 'Europe/Zurich',
  IT: 'Europe/Rome',
  DK: 'Europe/Copenhagen',
  NO: 'Europe/Oslo',
  SE: 'Europe/Stockholm',
  FI: 'Europe/Helsinki',
  EE: 'Europe/Tallinn',
  LV: 'Europe/Riga',
  LT: 'Europe/Vilnius',
  PL: 'Europe/Warsaw',
  CZ: 'Europe/Prague',
  SK: 'Europe/Bratislava',
  HU: 'Europe/Budapest',
  SI: 'Europe/Ljubljana',
  HR: 'Europe/Zagreb',
  RO: 'Europe/Bucharest',
  BG: 'Europe/Sofia',
  GR: 'Europe/Athens',
  CY: 'Asia/Nicosia',
  MT: 'Europe/Malta',
  TR: 'Europe/Istanbul',
  UA: 'Europe/Kyiv',
  IL: 'Asia/Jerusalem',
  AE: 'Asia/Dubai',
  SA: 'Asia/Riyadh',
  EG: 'Africa/Cairo',
  ZA: 'Africa/Johannesburg',
  NG: 'Africa/Lagos',
  KE: 'Africa/Nairobi',
  IN: 'Asia/Kolkata',
  SG: 'Asia/Singapore',
  MY: 'Asia/Kuala_Lumpur',
  ID: 'Asia/Jakarta',
  TH: 'Asia/Bangkok',
  VN: 'Asia/Ho_Chi_Minh',
  PH: 'Asia/Manila',
  CN: 'Asia/Shanghai',
  HK: 'Asia/Hong_Kong',
  TW: 'Asia/Taipei',
  KR: 'Asia/Seoul',
  JP: 'Asia/Tokyo',
  AU: 'Australia/Sydney',
  NZ: 'Pacific/Auckland',
};

/** The recipient's time zone: from their country (code or name), else the workspace's default. */
export function recipientTimeZone(country: string | null, fallback: string): string {
  const code = toCountryCode(country);
  return (code && COUNTRY_TIME_ZONES[code]) || fallback;
}

/** The hour (0-23) at `at` in a time zone. */
function localHour(at: Date, timeZone: string): number {
  const text = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', hourCycle: 'h23' }).format(at);
  return Number.parseInt(text, 10);
}

function isQuiet(hour: number, start: number, end: number): boolean {
  if (start === end) return false;
  return start < end ? hour >= start && hour < end : hour >= start || hour < end;
}

/**
 * When a marketing e-mail may go out to someone in `timeZone`: `at` itself outside quiet hours, else
 * the first quarter hour at or after the end of the quiet hours (DST-safe: it walks local time).
 */
export function afterQuietHours(at: Date, timeZone: string, quiet: { start: number; end: number }): Date {
  if (!isQuiet(localHour(at, timeZone), quiet.start, quiet.end)) return at;
  const step = 15 * 60_000;
  let t = Math.ceil(at.getTime() / step) * step;
  for (let i = 0; i < 4 * 25; i++, t += step) {
    if (!isQuiet(localHour(new Date(t), timeZone), quiet.start, quiet.end)) return new Date(t);
  }
  return at;
}
