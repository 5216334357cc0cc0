import { useEffect, useMemo, useState } from 'react';
import { useLocation, useSearch } from 'wouter';
import { SavedViews } from '../components/SavedViews.tsx';
import { ErrorState } from '../components/States.tsx';
import { exportAccountsCsv } from '../export-csv.ts';
import { fmtInt } from '../format.ts';
import { describeError, useApi } from '../hooks/useApi.ts';
import { AccountListPage, Stages, Users } from '../schemas.ts';
import { AccountFilters } from './accounts/AccountFilters.tsx';
import { AccountsTable } from './accounts/AccountsTable.tsx';
import { DEFAULT_SORT, type Filters, fromForm, listQuery, toForm, viewUrl } from './accounts/list-query.ts';
import { useAccountFields } from './accounts/use-account-fields.ts';

/**
 * Accounts: search, filters (firmographics, owner, target flag, fit, stage, engagement, momentum, last
 * activity), sortable columns, saved views, CSV export of the view and server-side cursor paging.
 */
export function AccountsPage() {
  // Filters and sort live in the URL, so a view can be linked and Back returns to it.
  const search = useSearch();
  const [, navigate] = useLocation();
  const { filters, sort } = useMemo(() => {
    const params = new URLSearchParams(search);
    const sortParam = params.get('sort') ?? DEFAULT_SORT;
    params.delete('sort');
    return { filters: Object.fromEntries(params.entries()), sort: sortParam };
  }, [search]);
  const [draft, setDraft] = useState<Filters>(() => toForm(filters));
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  useEffect(() => {
    setDraft(toForm(filters));
    setCursors([null]);
  }, [filters]);
  const [exporting, setExporting] = useState<string | null>(null);
  const cursor = cursors[cursors.length - 1] ?? null;
  const page = useApi(`/api/v1/accounts?${listQuery(filters, sort, cursor)}`, AccountListPage);
  const rows = page.data?.data ?? [];
  const has = useAccountFields(rows);
  const users = useApi('/api/v1/users', Users);
  const stages = useApi(has('stage') ? '/api/v1/signals/stages' : null, Stages);
  const owners = useMemo(
    () => new Map((users.data?.data ?? []).map((u) => [u.id, u.name ?? u.email])),
    [users.data],
  );
  const stageList = useMemo(() => stages.data?.stages ?? [], [stages.data]);
  const stageNames = useMemo(() => new Map(stageList.map((s) => [s.key, s.name])), [stageList]);

  const apply = (next: Filters, nextSort = sort) => navigate(viewUrl(next, nextSort));

  async function exportCsv() {
    setExporting('Starting…');
    try {
      const count = await exportAccountsCsv(
        (c) => `/api/v1/accounts?${listQuery(filters, sort, c, 500)}`,
        (n) => setExporting(`Exported ${fmtInt(n)} accounts…`),
      );
      setExporting(`Downloaded ${fmtInt(count)} accounts.`);
    } catch (e) {
      setExporting(`Export failed: ${describeError(e)}`);
    }
  }

  return (
    <section>
      <div className="page-head">
        <h1>Accounts</h1>
        <div className="actions">
          <SavedViews
            page="accounts"
            filters={filters}
            sort={sort}
            onOpen={(f, s) => apply(f, s || DEFAULT_SORT)}
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
      <AccountFilters
        draft={draft}
        setMany={(patch) => setDraft((d) => ({ ...d, ...patch }))}
        has={has}
        users={users.data?.data ?? []}
        stages={stageList}
        onSubmit={() => apply(fromForm(draft))}
        onClear={() => apply({})}
      />
      {page.error && <ErrorState error={page.error} what="accounts" retry={() => apply({})} />}
      {page.error && (
        <p className="muted">
          Check the highlighted filter, or press “Try again” to clear all filters. (
          {describeError(page.error)})
        </p>
      )}
      <div className="panel-scroll" style={{ maxHeight: 'calc(100vh - 240px)' }}>
        <AccountsTable
          rows={rows}
          sort={sort}
          busy={page.loading}
          has={has}
          owners={owners}
          stageNames={stageNames}
          onSort={(next) => apply(filters, next)}
        />
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
