const DIGIT = /\d/;
const MAX_LEN = 64;
let row0 = new Int32Array(MAX_LEN + 1);
let row1 = new Int32Array(MAX_LEN + 1);
let row2 = new Int32Array(MAX_LEN + 1);

/**
 * Whether two tokens are within a small Damerau (optimal string alignment) edit distance: 1 for tokens of
 * 4–9 characters, 2 for 10 and longer; shorter tokens and tokens with digits must be equal. Used to forgive
 * typos (`Motrs` ~ `Motors`) without letting near-miss names through (`Foods` ≁ `Feeds`).
 */
export function isTypoOf(a: string, b: string): boolean {
  if (a === b) return true;
  const shorter = Math.min(a.length, b.length);
  if (shorter < 4) return false;
  const max = shorter >= 10 ? 2 : 1;
  const diff = a.length - b.length;
  if (diff > max || -diff > max) return false;
  const close = max === 1 ? withinOneEdit(a, 0, b, 0) : withinTwoEdits(a, b);
  return close && !DIGIT.test(a) && !DIGIT.test(b);
}

/** Distance ≤ 1 between `a` from `ai` and `b` from `bi` (one insertion, deletion, substitution or adjacent transposition), linear. */
function withinOneEdit(a: string, ai: number, b: string, bi: number): boolean {
  const la = a.length - ai;
  const lb = b.length - bi;
  let k = 0;
  while (k < la && k < lb && a.charCodeAt(ai + k) === b.charCodeAt(bi + k)) k++;
  if (k === la || k === lb) return Math.abs(la - lb) <= 1;
  const i = ai + k;
  const j = bi + k;
  if (la === lb) {
    if (tailEqual(a, i + 1, b, j + 1)) return true;
    return (
      a.charCodeAt(i) === b.charCodeAt(j + 1) &&
      a.charCodeAt(i + 1) === b.charCodeAt(j) &&
      tailEqual(a, i + 2, b, j + 2)
    );
  }
  return la > lb ? tailEqual(a, i + 1, b, j) : tailEqual(a, i, b, j + 1);
}

/** Distance ≤ 2: at the first difference one edit must happen; the rest must then be within one edit. */
function withinTwoEdits(a: string, b: string): boolean {
  let i = 0;
  while (i < a.length && i < b.length && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i === a.length || i === b.length) return Math.abs(a.length - b.length) <= 2;
  if (withinOneEdit(a, i + 1, b, i + 1) || withinOneEdit(a, i + 1, b, i) || withinOneEdit(a, i, b, i + 1))
    return true;
  return (
    a.charCodeAt(i) === b.charCodeAt(i + 1) &&
    a.charCodeAt(i + 1) === b.charCodeAt(i) &&
    withinOneEdit(a, i + 2, b, i + 2)
  );
}

function tailEqual(x: string, xi: number, y: string, yi: number): boolean {
  if (x.length - xi !== y.length - yi) return false;
  for (; xi < x.length; xi++, yi++) if (x.charCodeAt(xi) !== y.charCodeAt(yi)) return false;
  return true;
}

/** Optimal string alignment distance, stopping early once every path exceeds `max` (then returns max + 1). */
export function boundedOsaDistance(a: string, b: string, max: number): number {
  const n = a.length;
  const m = b.length;
  if (n > MAX_LEN || m > MAX_LEN) return a === b ? 0 : max + 1;
  let prev2 = row0;
  let prev = row1;
  let curr = row2;
  for (let j = 0; j <= m; j++) prev[j] = j;
  for (let i = 1; i <= n; i++) {
    curr[0] = i;
    let rowMin = i;
    for (let j = 1; j <= m; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let v = Math.min((prev[j] ?? 0) + 1, (curr[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (
        i > 1 &&
        j > 1 &&
        a.charCodeAt(i - 1) === b.charCodeAt(j - 2) &&
        a.charCodeAt(i - 2) === b.charCodeAt(j - 1)
      ) {
        v = Math.min(v, (prev2[j - 2] ?? 0) + 1);
      }
      curr[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    const t = prev2;
    prev2 = prev;
    prev = curr;
    curr = t;
  }
  row0 = prev2;
  row1 = prev;
  row2 = curr;
  return prev[m] ?? max + 1;
}
