import { legalFormTable, tokenizeName } from './legal-forms.ts';
import { coreTokens } from './name-variants.ts';

/** A company name prepared for display and for comparison. */
export interface NormalizedCompanyName {
  /** The original name, NFKC-normalised with whitespace collapsed (legal form kept). */
  display: string;
  /** Comparison key: folded tokens without legal forms, connectives or a leading "the", joined by one space. */
  key: string;
  /** The tokens of `key`. */
  tokens: string[];
  /** The legal forms found and removed, folded (`gmbh`, `as`, `株式会社`). */
  legalForms: string[];
  /**
   * Core tokens: `tokens` without bracketed text ("(The)", "(REIT)") and without trailing corporate words
   * (Group, Holdings, International, Corporation, …), the form people drop or add most.
   */
  core: string[];
  /** Every folded token of the name, legal forms included, joined without spaces ("greifinc"). */
  full: string;
}

const BRACKETED = /\([^)]*\)|\[[^\]]*\]/;
const BRACKETED_ALL = new RegExp(BRACKETED.source, 'g');

/** CJK legal forms, removed wherever they appear (prefix or suffix). Longest first. */
const CJK_FORMS_RE =
  /股份有限公司|有限責任公司|有限责任公司|股份公司|有限公司|株式会社|有限会社|合同会社|合資会社|合名会社|\(株\)|\(有\)|\(合\)/g;
/** `&`/`and` in the languages we see most; they do not distinguish companies. */
const CONNECTIVES = new Set(['and', 'og', 'und', 'et', 'y', 'och', 'ja', 'e']);
/** Legal forms that commonly come before the name (`AS Tallink`, `SIA Latvijas`, `PT Astra`, `OOO Yandex`). */
const PREFIX_FORMS = new Set([
  'as',
  'sia',
  'uab',
  'ab',
  'ou',
  'pt',
  'ooo',
  'zao',
  'oao',
  'pao',
  'ao',
  'tov',
  'jsc',
  'kk',
]);
const MAX_INPUT = 1000;

/**
 * Normalises a company name for matching: NFKC, case and diacritic folding (ø→o, æ→ae, ð→d, þ→th, ß→ss),
 * `&`/and/og/und/et/y, punctuation, a leading "The" and legal forms of every country (GLEIF ISO 20275 plus
 * common English and CJK forms) removed.
 *
 * @example
 * normalizeCompanyName('The Ærø Bryggeri A/S').key // 'aero bryggeri'
 * normalizeCompanyName('トヨタ自動車株式会社').key // 'トヨタ自動車'
 */
export function normalizeCompanyName(name: string): NormalizedCompanyName {
  const nfkc = String(name ?? '')
    .slice(0, MAX_INPUT)
    .normalize('NFKC')
    .replace(/\s+/gu, ' ')
    .trim();
  const legalForms: string[] = [];
  const { tokens, written } = comparisonTokens(nfkc, legalForms);
  const unbracketed = BRACKETED.test(nfkc) ? nfkc.replace(BRACKETED_ALL, ' ') : nfkc;
  const plain = unbracketed === nfkc ? tokens : comparisonTokens(unbracketed, []).tokens;
  const trimmed = coreTokens(plain.length > 0 ? plain : tokens);
  const core = trimmed.length === tokens.length ? trimmed : coreTokens(stripLegalForms(trimmed, []));
  return { display: nfkc, key: tokens.join(' '), tokens, legalForms, core, full: written };
}

/** Comparison tokens, and every token as written (legal forms included) joined without spaces. */
function comparisonTokens(text: string, legalForms: string[]): { tokens: string[]; written: string } {
  let cjk = '';
  const withoutCjk = text.replace(CJK_FORMS_RE, (form) => {
    legalForms.push(form);
    cjk += form;
    return ' ';
  });
  let tokens = tokenizeName(withoutCjk).filter((t) => /[\p{L}\p{N}]/u.test(t));
  const written = tokens.join('') + cjk;
  if (tokens[0] === 'the' && tokens.length > 1) tokens = tokens.slice(1);
  tokens = stripLegalForms(tokens, legalForms);
  const meaningful = tokens.filter((t) => !CONNECTIVES.has(t));
  return { tokens: meaningful.length > 0 ? meaningful : tokens, written };
}

function stripLegalForms(input: string[], found: string[]): string[] {
  const { forms, maxTokens } = legalFormTable();
  let tokens = input;
  let changed = true;
  // At most two forms at the end (`Co., Ltd.`), so a trailing word that happens to be a form elsewhere survives.
  for (let pass = 0; changed && pass < 2 && tokens.length > 1; pass++) {
    changed = false;
    while (tokens.length > 1 && CONNECTIVES.has(tokens[tokens.length - 1] ?? ''))
      tokens = tokens.slice(0, -1);
    for (let n = Math.min(maxTokens, tokens.length - 1); n >= 1; n--) {
      const tail = tokens.slice(tokens.length - n).join(' ');
      if (forms.has(tail)) {
        found.push(tail);
        tokens = tokens.slice(0, tokens.length - n);
        changed = true;
        break;
      }
    }
  }
  while (tokens.length > 1 && PREFIX_FORMS.has(tokens[0] ?? '')) {
    found.push(tokens[0] ?? '');
    tokens = tokens.slice(1);
  }
  return tokens;
}
