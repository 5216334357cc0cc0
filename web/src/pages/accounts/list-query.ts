/** API list parameters of the filter form (name → value, exactly as GET /accounts takes them). */
export type Filters = Record<string, string>;

export const PAGE_SIZE = 50;
export const DEFAULT_SORT = 'name';

/**
 * Filters the form shows in other units than the API takes: momentum is a lift (0.5 = +50 %) in the
 * API and a percentage in the form.
 */
const FORM_SCALE: Record<string, number> = { 'momentum.gte': 100, 'momentum.lte': 100 };

const scaled = (value: string, factor: number) => {
  const n = Number(value);
  return value.trim() === '' || !Number.isFinite(n) ? value : String(Math.round(n * factor * 1e6) / 1e6);
};

/** Filters the form edits with a date input (a timestamp from a link shows as its date). */
const DATE_INPUTS = new Set(['lastActivityAt.gte']);

/** The form's values for the API filters (percentages for momentum, dates for date inputs). */
export function toForm(filters: Filters): Filters {
  return Object.fromEntries(
    Object.entries(filters).map(([k, v]) => {
      const factor = FORM_SCALE[k];
      if (factor) return [k, scaled(v, factor)];
      return [k, DATE_INPUTS.has(k) ? v.slice(0, 10) : v];
    }),
  );
}

/** The API filters of the form's values, without empty ones. */
export function fromForm(form: Filters): Filters {
  return Object.fromEntries(
    Object.entries(form)
      .filter(([, v]) => v.trim() !== '')
      .map(([k, v]) => {
        const factor = FORM_SCALE[k];
        return [k, factor ? scaled(v.trim(), 1 / factor) : v.trim()];
      }),
  );
}

/** The GET /accounts query string of a view page. */
export function listQuery(filters: Filters, sort: string, cursor: string | null, limit = PAGE_SIZE): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(filters)) if (v.trim()) params.set(k, v.trim());
  if (sort) params.set('sort', sort);
  params.set('limit', String(limit));
  if (cursor) params.set('cursor', cursor);
  return params.toString();
}

/** The /accounts page URL of a view (filters and sort live in the URL, so views link and Back works). */
export function viewUrl(filters: Filters, sort: string): string {
  const params = new URLSearchParams(Object.entries(filters).filter(([, v]) => v.trim() !== ''));
  if (sort !== DEFAULT_SORT) params.set('sort', sort);
  const qs = params.toString();
  return qs ? `/accounts?${qs}` : '/accounts';
}
