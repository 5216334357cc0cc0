import { type FormEvent, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useLocation, useSearch } from 'wouter';
import { SavedViews } from '../components/SavedViews.tsx';
import { ErrorState } from '../components/States.tsx';
import { exportAccountsCsv } from '../export-csv.ts';
import { fmtCompact, fmtDate, fmtInt } from '../format.ts';
import { describeError, useApi } from '../hooks/useApi.ts';
import { AccountListPage, type AccountRowT, Users } from '../schemas.ts';

/** API list parameters of the filter form (name → value, exactly as GET /accounts takes them). */
export type Filters = Record<string, string>;

interface Column {
  key: keyof AccountRowT;
  label: string;
  sortable: boolean;
  num?: boolean;
  /** Shown only when the accounts API returns this field (scores and stages come from other modules). */
  optional?: boolean;
}

const columns: Column[] = [
  { key: 'name', label: 'Name', sortable: true },
  { key: 'industry', label: 'Industry', sortable: true },
  { key: 'country', label: 'Country', sortable: true },
  { key: 'employeeCount', label: 'Employees', sortable: true, num: true },
  { key: 'annualRevenue', label: 'Revenue', sortable: true, num: true },
  { key: 'fitScore', label: 'Fit', sortable: true, optional: true, num: true },
  { key: 'engagementScore', label: 'Engagement', sortable: true, optional: true, num: true },
  { key: 'momentum', label: 'Momentum', sortable: true, optional: true, num: true },
  { key: 'stage', label: 'Stage', sortable: true, optional: true },
  { key: 'tier', label: 'Tier', sortable: false },
  { key: 'ownerId', label: 'Owner', sortable: false },
  { key: 'lastActivityAt', label: 'Last activity', sortable: true, optional: true },
];

const PAGE_SIZE = 50;

function listQuery(filters: Filters, sort: string, cursor: string | null, limit = PAGE_SIZE): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(filters)) if (v.trim()) params.set(k, v.trim());
  if (sort) params.set('sort', sort);
  params.set('limit', String(limit));
  if (cursor) params.set('cursor', cursor);
  return params.toString();
}

/** One labelled filter control bound to an API parameter. */
function Field({
  label,
  name,
  draft,
  set,
  ...rest
}: {
  label: string;
  name: string;
  draft: Filters;
  set: (n: string, v: string) => void;
} & React.InputHTMLAttributes<HTMLInputElement>) {
  return (
    <label>
      {label}
      <input name={name} value={draft[name] ?? ''} onChange={(e) => set(name, e.target.value)} {...rest} />
    </label>
  );
}

/** Accounts: search, filters, sortable columns, saved views, CSV export and server-side cursor paging. */
export function AccountsPage() {
  // Filters and sort live in the URL, so a view can be linked and Back returns to it.
  const search = useSearch();
  const [, navigate] = useLocation();
  const { filters, sort } = useMemo(() => {
    const params = new URLSearchParams(search);
    const sortParam = params.get('sort') ?? 'name';
    params.delete('sort');
    return { filters: Object.fromEntries(params.entries()), sort: sortParam };
  }, [search]);
  const [draft, setDraft] = useState<Filters>(filters);
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  useEffect(() => {
    setDraft(filters);
    setCursors([null]);
  }, [filters]);
  const [exporting, setExporting] = useState<string | null>(null);
  const cursor = cursors[cursors.length - 1] ?? null;
  const seenFields = useRef(new Set<string>());
  const page = useApi(`/api/v1/accounts?${listQuery(filters, sort, cursor)}`, AccountListPage);
  const users = useApi('/api/v1/users', Users);
  const owners = useMemo(
    () => new Map((users.data?.data ?? []).map((u) => [u.id, u.name ?? u.email])),
    [users.data],
  );
  const set = (name: string, value: string) => setDraft((d) => ({ ...d, [name]: value }));

  function apply(next: Filters, nextSort = sort) {
    const params = new URLSearchParams(Object.entries(next).filter(([, v]) => v.trim() !== ''));
    if (nextSort !== 'name') params.set('sort', nextSort);
    const qs = params.toString();
    navigate(qs ? `/accounts?${qs}` : '/accounts');
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    apply(draft);
  }

  function toggleSort(key: string) {
    apply(filters, sort === key ? `-${key}` : key);
  }

  async function exportCsv() {
    setExporting('Starting…');
    try {
      const rows = await exportAccountsCsv(
        (c) => `/api/v1/accounts?${listQuery(filters, sort, c, 500)}`,
        (n) => setExporting(`Exported ${fmtInt(n)} accounts…`),
      );
      setExporting(`Downloaded ${fmtInt(rows)} accounts.`);
    } catch (e) {
      setExporting(`Export failed: ${describeError(e)}`);
    }
  }

  const rows = page.data?.data ?? [];
  // Fields the API has returned at least once (kept so filters stay while a filter matches nothing).
  for (const r of rows)
    for (const [k, v] of Object.entries(r)) if (v !== undefined) seenFields.current.add(k);
  const has = (key: keyof AccountRowT) => seenFields.current.has(key);
  const visible = columns.filter((c) => !c.optional || has(c.key));
  const sortKey = sort.replace(/^-/, '');
  return (
    <section>
      <div className="page-head">
        <h1>Accounts</h1>
        <div className="actions">
          <SavedViews
            page="accounts"
            filters={filters}
            sort={sort}
            onOpen={(f, s) => apply(f, s || 'name')}
          />
          <button type="button" onClick={() => void exportCsv()} disabled={exporting === 'Starting…'}>
            Export CSV
          </button>
        </div>
      </div>
      {exporting && (
        <p className="muted" role="status">
          {exporting}
        </p>
      )}
      <form className="filters" onSubmit={submit} aria-label="Account filters">
        <Field label="Search" name="q" type="search" placeholder="Name or domain" draft={draft} set={set} />
        <label>
          Tier
          <select value={draft.tier ?? ''} onChange={(e) => set('tier', e.target.value)}>
            <option value="">Any</option>
            <option value="1">Tier 1</option>
            <option value="2">Tier 2</option>
            <option value="3">Tier 3</option>
          </select>
        </label>
        {has('fitGrade') && (
          <label>
            Fit grade
            <select value={draft['fitGrade.in'] ?? ''} onChange={(e) => set('fitGrade.in', e.target.value)}>
              <option value="">Any</option>
              <option value="A">A</option>
              <option value="A,B">A or B</option>
              <option value="C,D">C or D</option>
            </select>
          </label>
        )}
        {has('stage') && (
          <Field label="Stage" name="stage" placeholder="mqa" size={8} draft={draft} set={set} />
        )}
        <Field label="Industry" name="industry" size={12} draft={draft} set={set} />
        <Field label="Countries" name="country.in" placeholder="DK,SE" size={8} draft={draft} set={set} />
        <label>
          Owner
          <select value={draft.ownerId ?? ''} onChange={(e) => set('ownerId', e.target.value)}>
            <option value="">Anyone</option>
            {(users.data?.data ?? []).map((u) => (
              <option key={u.id} value={u.id}>
                {u.name ?? u.email}
              </option>
            ))}
          </select>
        </label>
        {has('fitScore') && (
          <Field
            label="Fit ≥"
            name="fitScore.gte"
            type="number"
            min={0}
            max={100}
            style={{ width: 70 }}
            draft={draft}
            set={set}
          />
        )}
        <Field
          label="Employees ≥"
          name="employeeCount.gte"
          type="number"
          min={0}
          style={{ width: 90 }}
          draft={draft}
          set={set}
        />
        <Field
          label="Employees ≤"
          name="employeeCount.lte"
          type="number"
          min={0}
          style={{ width: 90 }}
          draft={draft}
          set={set}
        />
        <Field
          label="Revenue ≥"
          name="annualRevenue.gte"
          type="number"
          min={0}
          style={{ width: 110 }}
          draft={draft}
          set={set}
        />
        <label>
          Target
          <select value={draft.isTarget ?? ''} onChange={(e) => set('isTarget', e.target.value)}>
            <option value="">Any</option>
            <option value="true">Target accounts</option>
            <option value="false">Not targeted</option>
          </select>
        </label>
        <button type="submit">Apply</button>
        <button type="button" onClick={() => apply({})}>
          Clear
        </button>
      </form>
      {page.error && <ErrorState error={page.error} what="accounts" retry={() => apply({})} />}
      {page.error && (
        <p className="muted">
          Check the highlighted filter, or press “Try again” to clear all filters. (
          {describeError(page.error)})
        </p>
      )}
      <div className="panel-scroll" style={{ maxHeight: 'calc(100vh - 240px)' }}>
        <table className="grid" aria-busy={page.loading} aria-label="Accounts">
          <thead>
            <tr>
              {visible.map((c) => (
                <th
                  key={c.key}
                  scope="col"
                  className={c.num ? 'num' : undefined}
                  aria-sort={
                    sortKey === c.key ? (sort.startsWith('-') ? 'descending' : 'ascending') : undefined
                  }
                >
                  {c.sortable ? (
                    <button type="button" className="sort" onClick={() => toggleSort(c.key)}>
                      {c.label}
                      {sortKey === c.key ? (sort.startsWith('-') ? ' ▼' : ' ▲') : ''}
                    </button>
                  ) : (
                    c.label
                  )}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((a) => (
              <tr key={a.id}>
                <td>
                  <Link href={`/accounts/${a.id}`}>{a.name}</Link>{' '}
                  {a.isTarget && <span className="badge good">target</span>}
                  <div className="muted">{a.domain}</div>
                </td>
                <td>{a.industry}</td>
                <td>{a.country}</td>
                <td className="num">{fmtInt(a.employeeCount)}</td>
                <td className="num">
                  {fmtCompact(a.annualRevenue)} {a.currency ?? ''}
                </td>
                {has('fitScore') && (
                  <td className="num">
                    {a.fitScore ?? ''} {a.fitGrade ? <span className="badge">{a.fitGrade}</span> : ''}
                  </td>
                )}
                {has('engagementScore') && <td className="num">{a.engagementScore?.toFixed(1) ?? ''}</td>}
                {has('momentum') && <td className="num">{a.momentum?.toFixed(2) ?? ''}</td>}
                {has('stage') && <td>{a.stage ?? ''}</td>}
                <td>{a.tier ? `Tier ${a.tier}` : ''}</td>
                <td>{a.ownerId ? (owners.get(a.ownerId) ?? '') : <span className="muted">unowned</span>}</td>
                {has('lastActivityAt') && <td>{fmtDate(a.lastActivityAt)}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {!page.loading && rows.length === 0 && !page.error && (
        <p className="empty">
          No accounts match these filters. Clear a filter, or import accounts from a CSV (Import).
        </p>
      )}
      <div className="pager">
        <button type="button" disabled={cursors.length <= 1} onClick={() => setCursors(cursors.slice(0, -1))}>
          Previous
        </button>
        <span className="muted">Page {cursors.length}</span>
        <button
          type="button"
          disabled={!page.data?.nextCursor}
          onClick={() => page.data?.nextCursor && setCursors([...cursors, page.data.nextCursor])}
        >
          Next
        </button>
      </div>
    </section>
  );
}
