/**
 * Title normalisation shared by the rule loader and the classifier, so rule keywords and titles are
 * compared in the same form: NFKC, lower case, Latin diacritics folded (ø→o, ð→d, þ→th, ß→ss, …),
 * traditional Chinese folded to simplified, punctuation and emoji turned into single spaces.
 * Bracketed text ("(MBA intern)") is split off as noise.
 */
export interface NormalizedTitle {
  /** The title without bracketed noise, in comparison form. */
  text: string;
  /** Bracketed parts, in comparison form (used only when the main text says nothing). */
  noise: string;
}

const LATIN_FOLD: Record<string, string> = {
  ø: 'o',
  æ: 'ae',
  ð: 'd',
  þ: 'th',
  ß: 'ss',
  œ: 'oe',
  ł: 'l',
  đ: 'd',
  ı: 'i',
};

// Traditional → simplified for the characters that occur in job titles.
const TRADITIONAL =
  '經總監財務銷資訊執營運長業產發開員師購規險場專網絡軟體協處課組負責實職級審稅會納鏈應戶聯創辦闆術設計機構檢驗質證國際傳廣電腦項學習顧問護維統廠區團隊測試數據雲與層單預訂關係類採';
const SIMPLIFIED =
  '经总监财务销资讯执营运长业产发开员师购规险场专网络软体协处课组负责实职级审税会纳链应户联创办板术设计机构检验质证国际传广电脑项学习顾问护维统厂区团队测试数据云与层单预订关系类采';
const CJK_FOLD = new Map<string, string>();
for (let i = 0; i < TRADITIONAL.length; i++) {
  const t = TRADITIONAL[i];
  const s = SIMPLIFIED[i];
  if (t && s) CJK_FOLD.set(t, s);
}

const BRACKETS = /[([{][^)\]}]*[)\]}]?/g;
const NON_WORD = /[^\p{L}\p{N}]+/gu;
const COMBINING = /[\u0300-\u036f]/g;
const FOLDABLE = /[øæðþßœłđı]/g;

/** Comparison form of a piece of title text (no bracket handling). */
export function foldTitleText(raw: string): string {
  let s = raw.normalize('NFKC').toLowerCase();
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ASCII range test
  if (/[^\u0000-\u007f]/.test(s)) {
    s = s.normalize('NFD').replace(COMBINING, '').normalize('NFC');
    s = s.replace(FOLDABLE, (c) => LATIN_FOLD[c] ?? c);
    let out = '';
    for (const ch of s) out += CJK_FOLD.get(ch) ?? ch;
    s = out;
  }
  return s.replace(NON_WORD, ' ').trim();
}

/** Split a raw title into its comparison-form text and bracketed noise. */
export function normalizeTitle(raw: string): NormalizedTitle {
  const nfkc = raw.normalize('NFKC');
  const noiseParts = nfkc.match(BRACKETS);
  if (!noiseParts) return { text: foldTitleText(nfkc), noise: '' };
  return {
    text: foldTitleText(nfkc.replace(BRACKETS, ' ')),
    noise: foldTitleText(noiseParts.join(' ')),
  };
}
