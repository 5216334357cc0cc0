import { type CountryCode, isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js';
import { inputText, known, NO_VALUE, type NormalValue, unknown } from './normal-value.ts';

/** Longest phone text looked at (an extension and some notes fit). */
const MAX_PHONE_LENGTH = 60;

function region(country: string | null | undefined): CountryCode | undefined {
  return country && isSupportedCountry(country) ? country : undefined;
}

/**
 * A phone number in E.164 (`+14155550132`) with libphonenumber-js; a number without an international
 * prefix is read in the record's country (ISO alpha-2). A number of a possible length for its country
 * is recognised; anything else (letters, too short, no country to read a local number in) is kept as
 * given and reported. An extension (`ext. 12`) cannot be written in E.164: the value as given keeps it.
 *
 * @example normalizePhone('(415) 555-0132', 'US') // { value: '+14155550132', raw: '(415) 555-0132', known: true }
 */
export function normalizePhone(input: unknown, country?: string | null): NormalValue {
  const { text, wrongType } = inputText(input);
  if (text === null) return NO_VALUE;
  if (wrongType || text.length > MAX_PHONE_LENGTH || !/\d/.test(text)) return unknown(text);
  const defaultCountry = region(country);
  const parsed = parsePhoneNumberFromString(text, defaultCountry ? { defaultCountry } : {});
  if (!parsed?.isPossible()) return unknown(text);
  return known(parsed.number, text);
}
