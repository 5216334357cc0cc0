import type { FastifyRequest } from 'fastify';
import { HttpProblem, type ProblemFieldError } from '../errors/problem.ts';

/** A high surrogate not followed by a low one, or a low surrogate not preceded by a high one. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** A lone surrogate or a NUL character, anywhere. */
const UNSAFE_CHARACTER = new RegExp(`${LONE_SURROGATE.source}|\\u0000`, 'g');

/**
 * Why a string cannot be stored as PostgreSQL text or jsonb, or null when it can. PostgreSQL text
 * holds no NUL character, and a lone UTF-16 surrogate (which JSON can carry as `"\ud800"`) is not
 * Unicode, so it has no UTF-8 form.
 *
 * @example
 * unsafeTextReason('a\u0000b'); // 'contains a NUL character'
 */
export function unsafeTextReason(text: string): string | null {
  if (text.includes('\u0000')) return 'contains a NUL character';
  if (LONE_SURROGATE.test(text)) return 'contains an unpaired UTF-16 surrogate (not valid Unicode)';
  return null;
}

/** How deep JSON may nest (objects and arrays): deeper input is refused before anything recurses over it. */
export const MAX_JSON_DEPTH = 64;

interface Place {
  value: unknown;
  key: string;
  parent: Place | null;
  depth: number;
}

/** The dotted path of a place, with any unsafe character of a key shown as U+FFFD. */
function pathOf(place: Place): string {
  const keys: string[] = [];
  for (let at: Place | null = place; at; at = at.parent)
    keys.push(at.key.replace(UNSAFE_CHARACTER, '\uFFFD'));
  return keys.reverse().join('.');
}

/**
 * The first string (value or object key, at any depth) of a parsed input that is not safe text, or
 * the first object or array nested deeper than MAX_JSON_DEPTH, with its dotted path, e.g.
 * `body.records.3.customFields.note`. Walks with an explicit stack and builds a path only for what it
 * reports, so a large body costs one pass over its strings.
 */
export function findUnsafeText(value: unknown, root: string): ProblemFieldError | null {
  const stack: Place[] = [{ value, key: root, parent: null, depth: 0 }];
  for (let place = stack.pop(); place; place = stack.pop()) {
    const current = place.value;
    if (typeof current === 'string') {
      const reason = unsafeTextReason(current);
      if (reason) return { path: pathOf(place), message: reason };
      continue;
    }
    if (!isPlainContainer(current)) continue;
    if (place.depth >= MAX_JSON_DEPTH) {
      return { path: pathOf(place), message: `nests deeper than ${MAX_JSON_DEPTH} levels` };
    }
    const entries = Array.isArray(current) ? current.entries() : Object.entries(current);
    const children: Place[] = [];
    for (const [key, child] of entries) {
      const at: Place = { value: child, key: String(key), parent: place, depth: place.depth + 1 };
      if (typeof key === 'string') {
        const reason = unsafeTextReason(key);
        if (reason) return { path: pathOf(at), message: `key ${reason}` };
      }
      children.push(at);
    }
    // Pushed in reverse, so the first bad string in document order is the one reported.
    for (let n = children.length - 1; n >= 0; n -= 1) {
      const child = children[n];
      if (child) stack.push(child);
    }
  }
  return null;
}

/**
 * An array or a plain object: what JSON parsing makes, and what query parsing makes (an object whose
 * prototype has no prototype). Never a stream or a buffer.
 */
function isPlainContainer(value: unknown): value is object {
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) return true;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null || Object.getPrototypeOf(proto) === null;
}

/**
 * A `preValidation` hook for every route: a path parameter, query parameter or JSON body string (or
 * key) that is not safe text is a 400 naming where it is, before any schema or handler sees it.
 */
export async function rejectUnsafeText(request: FastifyRequest): Promise<void> {
  const found =
    findUnsafeText(request.params, 'params') ??
    findUnsafeText(request.query, 'query') ??
    findUnsafeText(request.body, 'body');
  if (found) {
    throw new HttpProblem(400, 'Validation failed', {
      detail: `${found.path}: ${found.message}`,
      errors: [found],
    });
  }
}
