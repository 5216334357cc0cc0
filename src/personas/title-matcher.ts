import type { TitleRule } from './title-rules.ts';

/** One keyword found in a title. */
export interface TitleHit {
  rule: TitleRule;
  /** Offset in the comparison-form text. */
  start: number;
  end: number;
}

interface TrieNode {
  next: Map<string, TrieNode>;
  rules: TitleRule[];
}

/** More specific modes first, so `explain` names the most precise rule. */
const MODE_ORDER = { word: 0, prefix: 1, suffix: 1, infix: 2 } as const;

const KANA = /[\u3040-\u30ff]/;

/** Latin letters and digits bound words; CJK characters do not (CJK rules match anywhere). */
function isWordChar(code: number): boolean {
  if (code < 128)
    return (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || (code >= 65 && code <= 90);
  if (code >= 0x2e80) return false;
  return /[\p{L}\p{N}]/u.test(String.fromCharCode(code));
}

/**
 * A compiled keyword matcher over rule tables: a character trie walked from each position, taking
 * the longest keyword whose word-boundary mode fits (leftmost-longest, non-overlapping). Linear in
 * the title length, independent of the number of rules.
 */
export class TitleMatcher {
  private readonly root: TrieNode = { next: new Map(), rules: [] };
  readonly size: number;

  constructor(rules: readonly TitleRule[]) {
    for (const rule of rules) {
      let node = this.root;
      for (const ch of rule.folded) {
        let child = node.next.get(ch);
        if (!child) {
          child = { next: new Map(), rules: [] };
          node.next.set(ch, child);
        }
        node = child;
      }
      node.rules.push(rule);
      node.rules.sort((a, b) => MODE_ORDER[a.match] - MODE_ORDER[b.match]);
    }
    this.size = rules.length;
  }

  /** Keywords in `text` (comparison form), left to right; stops after a `stop` rule. */
  scan(text: string): TitleHit[] {
    const hits: TitleHit[] = [];
    const preferJapanese = KANA.test(text);
    let i = 0;
    while (i < text.length) {
      const startsWord = i === 0 || !isWordChar(text.charCodeAt(i - 1));
      let best: TitleHit | null = null;
      let node: TrieNode | undefined = this.root;
      for (let j = i; j < text.length && node; j++) {
        node = node.next.get(text.charAt(j));
        if (!node || node.rules.length === 0) continue;
        const endsWord = j + 1 === text.length || !isWordChar(text.charCodeAt(j + 1));
        const rule = pickRule(node.rules, startsWord, endsWord, preferJapanese);
        if (rule) best = { rule, start: i, end: j + 1 };
      }
      if (best) {
        hits.push(best);
        if (best.rule.stop) break;
        i = best.end;
      } else {
        i++;
      }
    }
    return hits;
  }
}

function fits(rule: TitleRule, startsWord: boolean, endsWord: boolean): boolean {
  switch (rule.match) {
    case 'word':
      return startsWord && endsWord;
    case 'prefix':
      return startsWord;
    case 'suffix':
      return endsWord;
    case 'infix':
      return true;
  }
}

/** Among rules sharing a keyword, the one whose mode fits; Japanese rules first in titles with kana. */
function pickRule(
  rules: readonly TitleRule[],
  startsWord: boolean,
  endsWord: boolean,
  preferJapanese: boolean,
): TitleRule | null {
  let found: TitleRule | null = null;
  for (const rule of rules) {
    if (!fits(rule, startsWord, endsWord)) continue;
    if (found === null) found = rule;
    if ((rule.language === 'ja') === preferJapanese) return rule;
  }
  return found;
}
