/** Letters that Unicode decomposition does not reduce to a base letter plus marks. */
const SPECIAL_FOLDS: Record<string, string> = {
  ø: 'o',
  æ: 'ae',
  ð: 'd',
  þ: 'th',
  ß: 'ss',
  œ: 'oe',
  ł: 'l',
  đ: 'd',
  ħ: 'h',
  ı: 'i',
  ŀ: 'l',
  ŧ: 't',
  ĸ: 'k',
  ŋ: 'n',
  ſ: 's',
};
const SPECIAL_RE = /[øæðþßœłđħıŀŧĸŋſ]/g;
const MARKS_RE = /\p{M}+/gu;
const ASCII_RE = /^[\x20-\x7e]*$/;

/**
 * Text folded for comparison: NFKC, lower case, diacritics removed and the Nordic/German special letters
 * spelled out (`Ærø Smørrebrød` → `aero smorrebrod`, `Þór` → `thor`, `Straße` → `strasse`).
 * CJK and other scripts without diacritics pass through unchanged (after NFKC).
 */
export function foldText(input: string): string {
  if (ASCII_RE.test(input)) return input.toLowerCase();
  const lower = input
    .normalize('NFKC')
    .toLowerCase()
    .replace(SPECIAL_RE, (c) => SPECIAL_FOLDS[c] ?? c);
  return lower.normalize('NFD').replace(MARKS_RE, '').normalize('NFC');
}

const DROPPED_RE = /[.'’`´]/g;
const SEPARATORS_RE = /[^\p{L}\p{N}]+/gu;

/**
 * A lookup key: folded text (see foldText) with dots and apostrophes dropped and every other run of
 * punctuation or space made one space (`U.S.A.` → `usa`, `Côte d'Ivoire` → `cote divoire`,
 * `FOOD_BEVERAGES` → `food beverages`).
 */
export function foldKey(input: string): string {
  return foldText(input).replace(DROPPED_RE, '').replace(SEPARATORS_RE, ' ').trim();
}
