import { z } from 'zod';

/**
 * A reporting period: a calendar year, half, quarter or month (UTC), or a target list's period
 * (`list:<id>`, whose bounds are its planning period's and whose accounts are its members).
 */
export interface ReportPeriod {
  /** As stored and sent: `2026-Q3`, `2026-09`, `2026-H1`, `2026`, or `list:<uuid>`. */
  key: string;
  /** The calendar period the bounds come from (a list's own period for `list:` keys). */
  calendar: string;
  /** First instant, inclusive. */
  start: Date;
  /** First instant after the period (exclusive). */
  end: Date;
  /** The period before, same length (`2026-Q2` for `2026-Q3`); a list's previous calendar period. */
  previous: string;
  listId: string | null;
}

const CALENDAR = /^(\d{4})(?:-(?:Q([1-4])|H([12])|(0[1-9]|1[0-2])))?$/;
const LIST = /^list:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/** zod schema for a period parameter (calendar or list). */
export const PeriodParam = z
  .string()
  .max(60)
  .refine((s) => CALENDAR.test(s) || LIST.test(s), {
    message: 'must be a period like 2026-Q3, 2026-09, 2026-H1, 2026 or list:<target list id>',
  });

const utc = (y: number, m: number) => new Date(Date.UTC(y, m, 1));

/** Bounds of a calendar period; null when the text is not one. */
export function calendarPeriod(text: string): Omit<ReportPeriod, 'key' | 'listId'> | null {
  const m = CALENDAR.exec(text);
  if (!m) return null;
  const year = Number(m[1]);
  const [first, months, previous] = m[2]
    ? (() => {
        const q = Number(m[2]);
        return [(q - 1) * 3, 3, q === 1 ? `${year - 1}-Q4` : `${year}-Q${q - 1}`] as const;
      })()
    : m[3]
      ? (() => {
          const h = Number(m[3]);
          return [(h - 1) * 6, 6, h === 1 ? `${year - 1}-H2` : `${year}-H1`] as const;
        })()
      : m[4]
        ? (() => {
            const mo = Number(m[4]);
            const prev = mo === 1 ? `${year - 1}-12` : `${year}-${String(mo - 1).padStart(2, '0')}`;
            return [mo - 1, 1, prev] as const;
          })()
        : ([0, 12, String(year - 1)] as const);
  return { calendar: text, start: utc(year, first), end: utc(year, first + months), previous };
}

/** The list id of a `list:<id>` key, else null. */
export function listIdOf(key: string): string | null {
  return LIST.exec(key)?.[1]?.toLowerCase() ?? null;
}

/** The calendar quarter containing an instant (`2026-Q3`). */
export function quarterOf(at: Date): string {
  return `${at.getUTCFullYear()}-Q${Math.floor(at.getUTCMonth() / 3) + 1}`;
}

/** `YYYY-MM-DD` of an instant (UTC). */
export function isoDate(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** Does calendar period `outer` contain `inner` (2026 ⊇ 2026-H2 ⊇ 2026-Q3 ⊇ 2026-08)? */
export function periodContains(outer: string, inner: string): boolean {
  const a = calendarPeriod(outer);
  const b = calendarPeriod(inner);
  return !!a && !!b && a.start <= b.start && b.end <= a.end;
}
