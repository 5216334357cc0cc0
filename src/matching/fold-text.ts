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
