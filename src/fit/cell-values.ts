/**
 * Reading raw table cells: the values CRM exports use for "missing", numbers written with
 * thousands separators, currency, percent or k/M/B suffixes, dates, booleans and `;`-separated lists.
 */

/** A raw table cell: CSV cells are strings; in-app rows may carry numbers, booleans and string arrays. */
export type Cell = string | number | boolean | readonly string[] | null | undefined;

/** Values that mean "no value" (compared trimmed and case-insensitively). */
export const MISSING_TOKENS: ReadonlySet<string> = new Set([
  '',
  'na',
  'n/a',
  '#n/a',
  'null',
  'none',
  'nil',
  'nan',
  'select',
  '--select--',
  '- select -',
  '-',
  '--',
  '?',
]);

/** True when the cell carries no value. */
export function isMissing(cell: Cell): boolean {
  if (cell === null || cell === undefined) return true;
  if (typeof cell === 'number') return !Number.isFinite(cell);
  if (typeof cell === 'boolean') return false;
  if (typeof cell === 'string') return MISSING_TOKENS.has(cell.trim().toLowerCase());
  return cell.every((v) => MISSING_TOKENS.has(v.trim().toLowerCase()));
}

const NUMBER_RE =
  /^([-+]?)\s*[$€£¥]?\s*([-+]?)((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)(e[-+]?\d+)?\s*([kmb%]?)$/i;

/** Parse a numeric cell ("1,234", "$5.5M", "12%", 3) or return null. */
export function parseNumber(cell: Cell): number | null {
  if (typeof cell === 'number') return Number.isFinite(cell) ? cell : null;
  if (typeof cell === 'boolean') return cell ? 1 : 0;
  if (typeof cell !== 'string') return null;
  const match = NUMBER_RE.exec(cell.trim());
  if (!match) return null;
  const sign = match[1] === '-' || match[2] === '-' ? -1 : 1;
  const value = Number(`${(match[3] ?? '').replaceAll(',', '')}${match[4] ?? ''}`);
  if (!Number.isFinite(value)) return null;
  const suffix = (match[5] ?? '').toLowerCase();
  const factor = suffix === 'k' ? 1e3 : suffix === 'm' ? 1e6 : suffix === 'b' ? 1e9 : 1;
  return sign * value * factor;
}

const PLAIN_NUMBER_RE = /^[-+]?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$/;

/** Strict number parsing (JS numbers, or text that is a plain number): what the SQL scorer can mirror. */
export function parseStrictNumber(cell: Cell): number | null {
  if (typeof cell === 'number') return Number.isFinite(cell) ? cell : null;
  if (typeof cell !== 'string') return null;
  const text = cell.trim();
  return PLAIN_NUMBER_RE.test(text) ? Number(text) : null;
}

const ISO_DATE_RE = /^\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const SLASH_DATE_RE = /^\d{1,2}\/\d{1,2}\/\d{4}(?: \d{1,2}:\d{2}(?::\d{2})?)?$/;
const DAY_MS = 86_400_000;

/** Parse a date-ish cell to days since 1970-01-01, or null. */
export function parseDateDays(cell: Cell): number | null {
  if (typeof cell !== 'string') return null;
  const text = cell.trim();
  if (!ISO_DATE_RE.test(text) && !SLASH_DATE_RE.test(text)) return null;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms / DAY_MS : null;
}

const TRUE_WORDS = new Set(['true', 'yes', 'y', 't']);
const FALSE_WORDS = new Set(['false', 'no', 'n', 'f']);

/** Parse a boolean-ish cell (true/false, yes/no, y/n, t/f) or return null. */
export function parseBoolean(cell: Cell): boolean | null {
  if (typeof cell === 'boolean') return cell;
  if (typeof cell !== 'string') return null;
  const text = cell.trim().toLowerCase();
  if (TRUE_WORDS.has(text)) return true;
  if (FALSE_WORDS.has(text)) return false;
  return null;
}

/** The values of a multi-value cell (array, or text split on `;`), trimmed, missing ones dropped. */
export function splitValues(cell: Cell, separator = ';'): string[] {
  if (cell === null || cell === undefined || typeof cell === 'boolean') return [];
  const parts =
    typeof cell === 'number' ? [String(cell)] : typeof cell === 'string' ? cell.split(separator) : cell;
  const out: string[] = [];
  for (const part of parts) {
    const value = part.trim();
    if (!MISSING_TOKENS.has(value.toLowerCase())) out.push(value);
  }
  return out;
}

/** The cell as a trimmed string label (arrays joined with `;`). */
export function cellText(cell: Cell): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'string') return cell.trim();
  if (typeof cell === 'number' || typeof cell === 'boolean') return String(cell);
  return cell.join(';');
}
