/**
 * What a normaliser made of one value: the canonical value (null when there was nothing or it was
 * not recognised), the value as received when it differs from the canonical one (kept, never lost),
 * and whether it was recognised. An empty input is recognised as "no value".
 */
export interface NormalValue {
  value: string | null;
  raw: string | null;
  known: boolean;
}

/** Longest text a normaliser looks up; anything longer is kept as given and reported. */
export const MAX_LOOKUP_LENGTH = 200;

/** The empty result: nothing was given. */
export const NO_VALUE: NormalValue = Object.freeze({ value: null, raw: null, known: true });

/**
 * The text of an input as a normaliser reads it: trimmed strings, finite numbers as digits,
 * null for nothing; anything else (objects, booleans) as its JSON, to be reported as not recognised.
 */
export function inputText(input: unknown): { text: string | null; wrongType: boolean } {
  if (input === null || input === undefined) return { text: null, wrongType: false };
  if (typeof input === 'string') {
    const text = input.trim();
    return { text: text === '' ? null : text, wrongType: false };
  }
  if (typeof input === 'number' && Number.isFinite(input)) return { text: String(input), wrongType: false };
  let json: string | undefined;
  try {
    json = JSON.stringify(input);
  } catch {
    json = undefined;
  }
  return { text: (json ?? String(input)).slice(0, 1000), wrongType: true };
}

/** A value that was recognised: the raw text is kept only when it differs from the canonical one. */
export function known(value: string, text: string): NormalValue {
  return { value, raw: value === text ? null : text, known: true };
}

/** A value that was not recognised: no canonical value, the raw text kept. */
export function unknown(text: string): NormalValue {
  return { value: null, raw: text, known: false };
}

/**
 * A normaliser of text remembered per input (exports repeat the same countries, industries and
 * currencies on every row): at most `size` entries, forgotten all at once when full.
 */
export function remembered<R>(normalize: (text: string) => R, size = 20_000): (text: string) => R {
  const cache = new Map<string, R>();
  return (text) => {
    let hit = cache.get(text);
    if (hit === undefined) {
      if (cache.size >= size) cache.clear();
      hit = normalize(text);
      cache.set(text, hit);
    }
    return hit;
  };
}
