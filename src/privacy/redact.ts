import type { JsonObject, JsonValue } from '../db/json.ts';
import type { Person } from './find-person.ts';

/** What an erased value becomes. */
export const ERASED = '[erased]';

/** Finds and replaces a person's mentions in text. */
export interface Mentions {
  /** True when the text names the person. */
  test(text: string): boolean;
  /** The text with every mention replaced by "[erased]". */
  redact(text: string): string;
  /** Exact identifiers (anonymous ids, user ids): a string equal to one is erased whole. */
  ids: ReadonlySet<string>;
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Regular-expression dialect: JavaScript (`u` flag) or PostgreSQL's advanced expressions. */
type Dialect = 'js' | 'pg';

const ALNUM: Record<Dialect, string> = { js: '\\p{L}\\p{N}', pg: '[:alnum:]' };

/**
 * The person's e-mail addresses and full names (and phone numbers, with `phones`) as one regular
 * expression, each bounded so that a longer address or name is not a mention ("joann@x.com" does not
 * mention "ann@x.com", nor "Joann Leeds" "Ann Lee"); with `words`, also the first and last name alone.
 */
export function mentionRegex(
  person: Person,
  dialect: Dialect,
  options: { words?: boolean; phones?: boolean } = {},
): string | null {
  const a = ALNUM[dialect];
  const email = (e: string) => `(?<![${a}._%+-])${escapeRegex(e)}(?![${a}_-]|\\.[${a}])`;
  const word = (w: string) => `(?<![${a}])${escapeRegex(w)}(?![${a}])`;
  const parts = [
    ...person.emails.map(email),
    ...person.fullNames.map(word),
    ...(options.phones ? person.phones.map(escapeRegex) : []),
    ...(options.words ? person.nameWords.map(word) : []),
  ];
  return parts.length === 0 ? null : parts.join('|');
}

/**
 * The person's mentions: e-mail addresses, full names and phone numbers anywhere (case-insensitive);
 * with `words`, also the first and last name as whole words (for text tied to the person, where a
 * first name alone means them).
 */
export function personMentions(person: Person, options: { words: boolean }): Mentions {
  const source = mentionRegex(person, 'js', { words: options.words, phones: true });
  const ids = new Set([...person.anonymousIds, ...person.userIds, ...person.emails]);
  if (source === null) return { test: () => false, redact: (t) => t, ids };
  const tester = new RegExp(source, 'iu');
  const replacer = new RegExp(source, 'giu');
  return { test: (t) => tester.test(t), redact: (t) => t.replace(replacer, ERASED), ids };
}

/**
 * A JSON value with the person's mentions replaced (`all`: every non-null scalar becomes "[erased]",
 * for entries about the person). Keys are kept; `changed` tells whether anything was replaced.
 */
export function redactJson(
  value: JsonValue,
  mentions: Mentions,
  options: { all?: boolean } = {},
): { value: JsonValue; changed: boolean } {
  let changed = false;
  const walk = (v: JsonValue): JsonValue => {
    if (v === null) return v;
    if (Array.isArray(v)) return v.map(walk);
    if (typeof v === 'object') {
      const out: JsonObject = {};
      for (const [k, inner] of Object.entries(v)) out[k] = walk(inner);
      return out;
    }
    if (options.all) {
      if (v !== ERASED) changed = true;
      return ERASED;
    }
    if (typeof v !== 'string') return v;
    if (mentions.ids.has(v) || mentions.ids.has(v.trim().toLowerCase())) {
      changed = true;
      return ERASED;
    }
    if (!mentions.test(v)) return v;
    changed = true;
    return mentions.redact(v);
  };
  return { value: walk(value), changed };
}

/** Keys of activity properties that describe the visitor rather than what happened: removed. */
export const PERSONAL_PROPERTY_KEYS = [
  'traits',
  'email',
  'phone',
  'firstName',
  'lastName',
  'first_name',
  'last_name',
  'fullName',
  'ip',
  'invalidIp',
  'userAgent',
  'userId',
  'anonymousId',
  'previousId',
] as const;

/**
 * An activity's properties without the person: personal keys removed, every other mention replaced.
 * Type, time, account and what scoring reads (url, path, minutes, bot, event) stay.
 */
export function scrubProperties(properties: JsonObject, mentions: Mentions): JsonObject {
  const kept: JsonObject = {};
  for (const [key, value] of Object.entries(properties)) {
    if ((PERSONAL_PROPERTY_KEYS as readonly string[]).includes(key)) continue;
    kept[key] = value;
  }
  const { value } = redactJson(kept, mentions);
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {};
}

/** A LIKE pattern matching text that contains `s` (wildcards escaped). */
export function containsPattern(s: string): string {
  return `%${s.replace(/[\\%_]/g, '\\$&')}%`;
}
