import { type FormEvent, useEffect, useState } from 'react';
import { z } from 'zod';
import { api } from '../api.ts';

const AccountRow = z.object({
  id: z.string(),
  name: z.string(),
  domain: z.string().nullable(),
  industry: z.string().nullable(),
  country: z.string().nullable(),
  employeeCount: z.number().nullable(),
  annualRevenue: z.number().nullable(),
  lifecycle: z.string(),
  isTarget: z.boolean(),
  tier: z.number().nullable(),
});
const AccountPage = z.object({ data: z.array(AccountRow), nextCursor: z.string().nullable() });
type AccountRowT = z.infer<typeof AccountRow>;

const sorts = [
  { value: 'name', label: 'Name A–Z' },
  { value: '-annualRevenue', label: 'Revenue, highest first' },
  { value: '-employeeCount', label: 'Employees, most first' },
  { value: '-updatedAt', label: 'Recently updated' },
];

interface Filters {
  q: string;
  industry: string;
  country: string;
  tier: string;
  target: string;
}

function queryString(filters: Filters, sort: string, cursor: string | null): string {
  const params = new URLSearchParams({ sort, limit: '50' });
  if (filters.q) params.set('q', filters.q);
  if (filters.industry) params.set('industry', filters.industry);
  if (filters.country) params.set('country.in', filters.country);
  if (filters.tier) params.set('tier', filters.tier);
  if (filters.target) params.set('isTarget', filters.target);
  if (cursor) params.set('cursor', cursor);
  return params.toString();
}

const money = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });

/** Accounts: search, filters, sorting and server-side cursor paging. */
export function AccountsPage() {
  const empty: Filters = { q: '', industry: '', country: '', tier: '', target: '' };
  const [draft, setDraft] = useState<Filters>(empty);
  const [filters, setFilters] = useState<Filters>(empty);
  const [sort, setSort] = useState('name');
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [rows, setRows] = useState<AccountRowT[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const cursor = cursors[cursors.length - 1] ?? null;

  useEffect(() => {
    let live = true;
    setLoading(true);
    api(`/api/v1/accounts?${queryString(filters, sort, cursor)}`)
      .then((body) => {
        if (!live) return;
        const page = AccountPage.parse(body);
        setRows(page.data);
        setNext(page.nextCursor);
        setError(null);
      })
      .catch((e: unknown) => live && setError(String(e)))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [filters, sort, cursor]);

  function apply(event: FormEvent) {
    event.preventDefault();
    setFilters(draft);
    setCursors([null]);
  }

  const set = (key: keyof Filters) => (e: { target: { value: string } }) =>
    setDraft({ ...draft, [key]: e.target.value });

  return (
    <section>
      <h1>Accounts</h1>
      <form className="filters" onSubmit={apply} aria-label="Account filters">
        <label>
          Search
          <input type="search" value={draft.q} onChange={set('q')} placeholder="Name or domain" />
        </label>
        <label>
          Industry
          <input value={draft.industry} onChange={set('industry')} />
        </label>
        <label>
          Countries
          <input value={draft.country} onChange={set('country')} placeholder="DK,IS,EE" />
        </label>
        <label>
          Tier
          <select value={draft.tier} onChange={set('tier')}>
            <option value="">Any</option>
            <option value="1">Tier 1</option>
            <option value="2">Tier 2</option>
            <option value="3">Tier 3</option>
          </select>
        </label>
        <label>
          Target
          <select value={draft.target} onChange={set('target')}>
            <option value="">Any</option>
            <option value="true">Target accounts</option>
            <option value="false">Not targeted</option>
          </select>
        </label>
        <label>
          Sort
          <select
            value={sort}
            onChange={(e) => {
              setSort(e.target.value);
              setCursors([null]);
            }}
          >
            {sorts.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">Apply</button>
      </form>
      {error && (
        <p role="alert" className="error">
          Could not load accounts: {error}
        </p>
      )}
      <table className="grid" aria-busy={loading}>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Domain</th>
            <th scope="col">Industry</th>
            <th scope="col">Country</th>
            <th scope="col" className="num">
              Employees
            </th>
            <th scope="col" className="num">
              Revenue
            </th>
            <th scope="col">Lifecycle</th>
            <th scope="col">Tier</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((a) => (
            <tr key={a.id}>
              <td>{a.name}</td>
              <td>{a.domain}</td>
              <td>{a.industry}</td>
              <td>{a.country}</td>
              <td className="num">{a.employeeCount?.toLocaleString('en') ?? ''}</td>
              <td className="num">{a.annualRevenue === null ? '' : money.format(a.annualRevenue)}</td>
              <td>{a.lifecycle}</td>
              <td>{a.tier ? `Tier ${a.tier}` : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {!loading && rows.length === 0 && !error && (
        <p className="empty">
          No accounts match these filters. Clear a filter, or import accounts from a CSV.
        </p>
      )}
      <div className="pager">
        <button type="button" disabled={cursors.length <= 1} onClick={() => setCursors(cursors.slice(0, -1))}>
          Previous
        </button>
        <button type="button" disabled={!next} onClick={() => next && setCursors([...cursors, next])}>
          Next
        </button>
      </div>
    </section>
  );
}
