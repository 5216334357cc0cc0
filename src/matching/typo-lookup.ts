import { isTypoOf } from './token-distance.ts';

const SCAN_LIMIT = 2000;

/** Vocabulary tokens sorted by first two letters, then length, then the rest; with their ids. */
interface SortedTokens {
  keys: string[];
  strings: string[];
  ids: Int32Array;
}

/**
 * Finds vocabulary tokens typo-close to an unknown token ({@link isTypoOf}) without scanning the whole
 * vocabulary: two sorted copies (by prefix and by reversed suffix, each keyed by length) are scanned
 * only in the few ranges a typo-close token can be in.
 */
export class TypoLookup {
  private readonly prefixSorted: SortedTokens;
  private readonly suffixSorted: SortedTokens;

  constructor(vocabulary: readonly string[]) {
    const ids = vocabulary.flatMap((t, id) => (t.length >= 4 ? [id] : []));
    this.prefixSorted = sortTokens(
      ids.map((id) => vocabulary[id] ?? ''),
      ids,
    );
    this.suffixSorted = sortTokens(
      ids.map((id) => reverse(vocabulary[id] ?? '')),
      ids,
    );
  }

  /** Vocabulary ids of the tokens typo-close to `token`. */
  variants(token: string): number[] {
    const found = new Set<number>();
    const max = token.length >= 10 ? 2 : 1;
    // Typo-close tokens share the first letters or the last ones (scanned as reversed strings; edit
    // distance is the same reversed), and differ in length by at most `max`: scan only those ranges.
    const reversed = reverse(token);
    for (const [sorted, probe] of [
      [this.prefixSorted, token],
      [this.suffixSorted, reversed],
    ] as const) {
      for (let len = token.length - max; len <= token.length + max; len++) {
        // Long tokens: three fixed letters (one typo cannot hit both the first and the last three).
        const prefix = token.length >= 7 ? lengthKey(probe, len) + probe.charAt(2) : lengthKey(probe, len);
        let i = lowerBound(sorted.keys, prefix);
        for (let n = 0; i < sorted.keys.length && n < SCAN_LIMIT; i++, n++) {
          if (!(sorted.keys[i] ?? '').startsWith(prefix)) break;
          if (isTypoOf(probe, sorted.strings[i] ?? '')) found.add(sorted.ids[i] ?? -1);
        }
      }
    }
    found.delete(-1);
    return [...found];
  }
}

/** Sort key prefix: the first two letters and the length (`motors` → `mo` + length 6). */
function lengthKey(token: string, length: number): string {
  return token.slice(0, 2) + String.fromCharCode(48 + Math.min(length, 200));
}

function sortTokens(strings: string[], ids: number[]): SortedTokens {
  const keys = strings.map((t) => lengthKey(t, t.length) + t.slice(2));
  const order = keys
    .map((_, i) => i)
    .sort((a, b) => {
      const x = keys[a] ?? '';
      const y = keys[b] ?? '';
      return x < y ? -1 : x > y ? 1 : 0;
    });
  return {
    keys: order.map((i) => keys[i] ?? ''),
    strings: order.map((i) => strings[i] ?? ''),
    ids: Int32Array.from(order, (i) => ids[i] ?? -1),
  };
}

function reverse(s: string): string {
  let out = '';
  for (let i = s.length - 1; i >= 0; i--) out += s[i];
  return out;
}

/** First position in a sorted array whose string is not less than `prefix`. */
function lowerBound(sorted: string[], prefix: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] ?? '') < prefix) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
