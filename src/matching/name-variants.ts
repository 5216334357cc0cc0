import { boundedOsaDistance } from './token-distance.ts';

/**
 * Corporate words people add to or drop from a company's name without meaning another company
 * ("Omnicom" / "Omnicom Group", "Marriott" / "Marriott International", "Amazon" / "Amazon.com"). They are
 * removed from the end of a name (repeatedly: "Holdings Group") for its core key, never from the middle.
 */
const CORPORATE_WORDS = new Set([
  'group',
  'groups',
  'grp',
  'holding',
  'holdings',
  'hldgs',
  'corporation',
  'corp',
  'company',
  'companies',
  'co',
  'inc',
  'incorporated',
  'international',
  'intl',
  'llc',
  'ltd',
  'limited',
  'plc',
  'com',
  'new',
  'the',
  'worldwide',
  'enterprises',
]);

/** Connectives written inside run-together names ("ATandT", "JohnsonundJohnson"); the long ones only. */
const JOINED_CONNECTIVES = ['and', 'und', 'och'];

/** How a lead's name matched an account's name when it is not the same words. */
export type NameVariant = 'identical' | 'exact' | 'corporate_words' | 'joined' | 'connective' | 'typo';

/**
 * The core tokens of a normalised name: trailing corporate words and a leading "the" removed, and any
 * text that was in brackets ("(The)", "(New)", "(REIT)") left out. Never empty while the name has tokens.
 *
 * @example
 * coreTokens(['omnicom', 'group']) // ['omnicom']
 */
export function coreTokens(tokens: readonly string[]): string[] {
  let end = tokens.length;
  while (end > 1 && CORPORATE_WORDS.has(tokens[end - 1] ?? '')) end--;
  let start = 0;
  while (start < end - 1 && (tokens[start] === 'the' || tokens[start] === 'and')) start++;
  return tokens.slice(start, end);
}

/**
 * Compact keys a run-together name may stand for with its connective dropped ("atandt" → "att"), one
 * occurrence at a time, never at the start or the end of the key.
 */
export function withoutJoinedConnectives(compact: string): string[] {
  const out: string[] = [];
  for (const c of JOINED_CONNECTIVES) {
    for (let i = compact.indexOf(c, 1); i > 0; i = compact.indexOf(c, i + 1)) {
      if (i + c.length >= compact.length) break;
      out.push(compact.slice(0, i) + compact.slice(i + c.length));
    }
  }
  return out;
}

const LATIN_WORD = /^[a-z]+$/;

/** Suffixes a run-together name may end with ("StevanatoGroupSpA", "SimppleLtd"), longest first. */
const JOINED_SUFFIXES = [
  'holdings',
  'holding',
  'corporation',
  'international',
  'incorporated',
  'company',
  'limited',
  'group',
  'gmbh',
  'corp',
  'inc',
  'ltd',
  'llc',
  'plc',
  'spa',
  'co',
  'ag',
  'sa',
  'nv',
  'bv',
  'ab',
  'as',
];

/**
 * A run-together name without the corporate words and legal forms it ends with ("stevanatogroupspa" →
 * "stevanato"); the name itself when nothing is removed. At least four characters are kept.
 */
export function joinedCore(compact: string): string {
  let s = compact;
  for (let changed = true; changed; ) {
    changed = false;
    for (const suffix of JOINED_SUFFIXES) {
      if (s.length - suffix.length >= 4 && s.endsWith(suffix)) {
        s = s.slice(0, -suffix.length);
        changed = true;
        break;
      }
    }
  }
  return s;
}

/**
 * Whether two tokens are one typo apart: two adjacent letters transposed (tokens of five letters or
 * more), or one letter inserted, deleted or changed (eight letters or more); the same first letter, Latin
 * letters only (no digits; CJK names one character apart are other names). Shorter tokens and other edits are other names ("Aon" ≠ "Avon", "Partners I" ≠ "Partners V").
 */
export function isOneTypoApart(a: string, b: string): boolean {
  if (a === b || a[0] !== b[0] || !LATIN_WORD.test(a) || !LATIN_WORD.test(b)) return false;
  const shorter = Math.min(a.length, b.length);
  if (shorter < 5 || Math.abs(a.length - b.length) > 1) return false;
  if (shorter >= 8) return boundedOsaDistance(a, b, 1) <= 1;
  if (a.length !== b.length) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
}

/**
 * Whether two core token lists are the same name but for a typo in one word of five letters or more
 * ({@link isOneTypoApart}); every other word equal.
 */
export function isTypoVariant(lead: readonly string[], account: readonly string[]): boolean {
  if (lead.length !== account.length || lead.length === 0) return false;
  let typos = 0;
  for (let i = 0; i < lead.length; i++) {
    const a = lead[i] ?? '';
    const b = account[i] ?? '';
    if (a === b) continue;
    if (++typos > 1 || !isOneTypoApart(a, b)) return false;
  }
  return typos === 1;
}

/** Variants from most to least certain: a unique best variant decides; two at the same rank are a tie. */
export const VARIANT_RANK: Record<NameVariant, number> = {
  identical: 0,
  exact: 1,
  joined: 1,
  corporate_words: 1,
  connective: 1,
  typo: 2,
};

/** Evidence text for a variant match. */
export function describeVariant(variant: NameVariant, lead: string, account: string): string {
  const pair = `company "${lead}" vs account "${account}"`;
  switch (variant) {
    case 'identical':
      return `${pair}: name similarity 1.00 (the same name, legal form included)`;
    case 'exact':
      return `${pair}: name similarity 1.00`;
    case 'corporate_words':
      return `${pair}: the same name once corporate words and legal forms (Group, Holdings, Inc., …) are set aside`;
    case 'joined':
      return `${pair}: the same words written together or apart`;
    case 'connective':
      return `${pair}: the same name with "and" for "&"`;
    case 'typo':
      return `${pair}: the same name but for one letter (typo)`;
  }
}
