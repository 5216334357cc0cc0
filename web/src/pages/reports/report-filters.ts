import { useLocation, useSearch } from 'wouter';
import { MODELS, type Model, SEGMENTS, type SegmentKey } from './report-schemas.ts';

export interface ReportFilters {
  period: string;
  segment: SegmentKey;
  model: Model;
  /** A figure whose accounts are listed (`segment:figure`), or null. */
  drill: string | null;
  account: string | null;
  /** Only accounts owned by this user (scorecard, pipeline and drill-down). */
  owner: string | null;
  /** Only accounts this play entered, held-out control accounts excluded (scorecard, pipeline and drill-down). */
  play: string | null;
}

/** The current calendar quarter, e.g. 2026-Q4. */
export function currentQuarter(now = new Date()): string {
  return `${now.getUTCFullYear()}-Q${Math.floor(now.getUTCMonth() / 3) + 1}`;
}

/** The quarter before a quarter key. */
export function previousQuarter(key: string): string {
  const m = /^(\d{4})-Q([1-4])$/.exec(key);
  if (!m) return key;
  const y = Number(m[1]);
  const q = Number(m[2]);
  return q === 1 ? `${y - 1}-Q4` : `${y}-Q${q - 1}`;
}

/** The last `n` quarters, newest first. */
export function recentQuarters(n = 8): string[] {
  const out = [currentQuarter()];
  while (out.length < n) out.push(previousQuarter(out[out.length - 1] ?? currentQuarter()));
  return out;
}

/** `/api/v1/reports/<path>?…` from parameters (undefined and null skipped). */
export function reportUrl(path: string, params: Record<string, string | number | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined) q.set(k, String(v));
  const s = q.toString();
  return `/api/v1/reports/${path}${s ? `?${s}` : ''}`;
}

/** The report filters, kept in the URL so a view can be bookmarked and shared. */
export function useReportFilters(): [ReportFilters, (change: Partial<ReportFilters>) => void] {
  const search = useSearch();
  const [location, navigate] = useLocation();
  const q = new URLSearchParams(search);
  const filters: ReportFilters = {
    period: q.get('period') ?? currentQuarter(),
    segment: SEGMENTS.find((s) => s === q.get('segment')) ?? 'targets',
    model: MODELS.find((m) => m === q.get('model')) ?? 'w_shaped',
    drill: q.get('drill'),
    account: q.get('account'),
    owner: q.get('owner'),
    play: q.get('play'),
  };
  const set = (change: Partial<ReportFilters>) => {
    const next = { ...filters, ...change };
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(next)) if (v) params.set(k, v);
    navigate(`${location}?${params.toString()}`);
  };
  return [filters, set];
}
