const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });
const whole = new Intl.NumberFormat('en');
const pct = new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 0 });
const dateFmt = new Intl.DateTimeFormat('en', { dateStyle: 'medium' });
const dateTimeFmt = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' });

/** 26.3B, 1.2K… (empty for null). */
export const fmtCompact = (n: number | null | undefined) =>
  n === null || n === undefined ? '' : compact.format(n);
/** 1,234 (empty for null). */
export const fmtInt = (n: number | null | undefined) =>
  n === null || n === undefined ? '' : whole.format(n);
/** 0.42 → 42%. */
export const fmtPct = (n: number | null | undefined) => (n === null || n === undefined ? '' : pct.format(n));
/** A date (ISO string or Date) as "Nov 23, 2026". */
export const fmtDate = (d: string | Date | null | undefined) => (d ? dateFmt.format(new Date(d)) : '');
/** A timestamp as "Nov 23, 2026, 4:21 AM". */
export const fmtDateTime = (d: string | Date | null | undefined) =>
  d ? dateTimeFmt.format(new Date(d)) : '';
/** decision_maker → Decision maker. */
export const humanize = (key: string) => {
  const s = key.replace(/[_-]+/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
};
const signedPct = new Intl.NumberFormat('en', {
  style: 'percent',
  maximumFractionDigits: 0,
  signDisplay: 'exceptZero',
});
/** A lift as a signed percentage: 0.5 → +50%, −0.25 → −25% (empty for null). */
export const fmtSignedPct = (n: number | null | undefined) =>
  n === null || n === undefined ? '' : signedPct.format(n);
/** 12.345 → 12.3 (empty for null). */
export const fmtScore = (n: number | null | undefined) =>
  n === null || n === undefined ? '' : n.toFixed(n >= 100 ? 0 : 1);
