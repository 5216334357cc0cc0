/**
 * A case-insensitive POSIX regular expression (PostgreSQL `~*`) matching any of the patterns
 * anywhere in the text; `*` in a pattern is a wildcard, everything else is literal. Null for none.
 *
 * @example
 * globsToRegex(['/pricing', '/docs/*\/api']) // '(?:/pricing)|(?:/docs/.*\/api)'
 */
export function globsToRegex(patterns: readonly string[]): string | null {
  const parts = patterns
    .map((p) => p.trim())
    .filter((p) => p.length > 0)
    .map((p) =>
      p
        .split('*')
        .map((piece) => piece.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*'),
    );
  return parts.length === 0 ? null : parts.map((p) => `(?:${p})`).join('|');
}

/** A regex matching any of the keywords as whole words (case-insensitive with `~*`). Null for none. */
export function keywordsToRegex(keywords: readonly string[]): string | null {
  const parts = keywords
    .map((k) => k.trim())
    .filter((k) => k.length > 0)
    .map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '[[:space:]_+-]+'));
  return parts.length === 0 ? null : `(^|[^[:alnum:]])(?:${parts.join('|')})([^[:alnum:]]|$)`;
}
