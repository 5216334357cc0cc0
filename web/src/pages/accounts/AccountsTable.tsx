import type { ReactNode } from 'react';
import { Link } from 'wouter';
import { fmtCompact, fmtDate, fmtInt, fmtScore, fmtSignedPct } from '../../format.ts';
import type { AccountRowT } from '../../schemas.ts';

interface Column {
  key: keyof AccountRowT;
  label: string;
  /** The API sort key; absent when the column does not sort. */
  sort?: string;
  /** First click sorts descending (biggest, most recent first). */
  descFirst?: boolean;
  num?: boolean;
  /** Long text that wraps instead of widening the grid. */
  wrap?: boolean;
  /** Shown only when the accounts API returns this field (scores and stages come from other modules). */
  optional?: boolean;
  cell: (a: AccountRowT, ctx: CellContext) => ReactNode;
}

interface CellContext {
  owners: ReadonlyMap<string, string>;
  stageNames: ReadonlyMap<string, string>;
  /** The model's first stage: an account without a stage is in it. */
  floorStage: string | undefined;
}

const momentumClass = (m: number) => (m > 0.05 ? 'momentum-up' : m < -0.05 ? 'momentum-down' : undefined);

const COLUMNS: Column[] = [
  {
    key: 'name',
    label: 'Name',
    sort: 'name',
    wrap: true,
    cell: (a) => (
      <>
        <Link href={`/accounts/${a.id}`}>{a.name}</Link>{' '}
        {a.isTarget && <span className="badge good">target</span>}
        <div className="muted">{a.domain}</div>
      </>
    ),
  },
  { key: 'industry', label: 'Industry', sort: 'industry', cell: (a) => a.industry },
  { key: 'country', label: 'Country', sort: 'country', cell: (a) => a.country },
  {
    key: 'employeeCount',
    label: 'Employees',
    sort: 'employeeCount',
    descFirst: true,
    num: true,
    cell: (a) => fmtInt(a.employeeCount),
  },
  {
    key: 'annualRevenue',
    label: 'Revenue',
    sort: 'annualRevenue',
    descFirst: true,
    num: true,
    cell: (a) => `${fmtCompact(a.annualRevenue)} ${a.currency ?? ''}`,
  },
  {
    key: 'fitScore',
    label: 'Fit',
    sort: 'fitScore',
    descFirst: true,
    optional: true,
    num: true,
    cell: (a) => (
      <>
        {a.fitScore ?? ''} {a.fitGrade ? <span className="badge">{a.fitGrade}</span> : ''}
      </>
    ),
  },
  {
    key: 'stage',
    label: 'Stage',
    sort: 'stage',
    optional: true,
    cell: (a, { stageNames, floorStage }) =>
      a.stage ? (
        <span className="badge" title={a.stageSince ? `since ${fmtDate(a.stageSince)}` : undefined}>
          {stageNames.get(a.stage) ?? a.stage}
        </span>
      ) : (
        <span className="muted">{floorStage ?? ''}</span>
      ),
  },
  {
    key: 'engagementScore',
    label: 'Engagement',
    sort: 'engagementScore',
    descFirst: true,
    optional: true,
    num: true,
    cell: (a) => fmtScore(a.engagementScore),
  },
  {
    key: 'momentum',
    label: 'Momentum',
    sort: 'momentum',
    descFirst: true,
    optional: true,
    num: true,
    cell: (a) =>
      a.momentum === null || a.momentum === undefined ? (
        ''
      ) : (
        <span className={momentumClass(a.momentum)}>{fmtSignedPct(a.momentum)}</span>
      ),
  },
  {
    key: 'lastActivityAt',
    label: 'Last activity',
    sort: 'lastActivityAt',
    descFirst: true,
    optional: true,
    cell: (a) => fmtDate(a.lastActivityAt),
  },
  { key: 'tier', label: 'Tier', cell: (a) => (a.tier ? `Tier ${a.tier}` : '') },
  {
    key: 'ownerId',
    label: 'Owner',
    cell: (a, { owners }) =>
      a.ownerId ? (owners.get(a.ownerId) ?? '') : <span className="muted">unowned</span>,
  },
];

/** The sort after a click on a column: its first direction, then the other one. */
export function nextSort(current: string, column: string): string {
  const first = COLUMNS.find((c) => c.sort === column)?.descFirst ? `-${column}` : column;
  const second = first.startsWith('-') ? column : `-${column}`;
  return current === first ? second : first;
}

/** The accounts grid: sortable column headers (buttons, aria-sort) and one row per account. */
export function AccountsTable({
  rows,
  sort,
  busy,
  has,
  owners,
  stageNames,
  onSort,
}: {
  rows: readonly AccountRowT[];
  sort: string;
  busy: boolean;
  has: (key: keyof AccountRowT) => boolean;
  owners: ReadonlyMap<string, string>;
  stageNames: ReadonlyMap<string, string>;
  onSort: (sort: string) => void;
}) {
  const visible = COLUMNS.filter((c) => !c.optional || has(c.key));
  const sortKey = sort.replace(/^-/, '');
  const descending = sort.startsWith('-');
  const ctx = { owners, stageNames, floorStage: stageNames.values().next().value };
  return (
    <table className="grid" aria-busy={busy} aria-label="Accounts">
      <thead>
        <tr>
          {visible.map((c) => (
            <th
              key={c.key}
              scope="col"
              className={c.num ? 'num' : undefined}
              aria-sort={sortKey === c.sort ? (descending ? 'descending' : 'ascending') : undefined}
            >
              {c.sort ? (
                <button
                  type="button"
                  className="sort"
                  onClick={() => onSort(nextSort(sort, c.sort ?? c.key))}
                >
                  {c.label}
                  <span aria-hidden="true">{sortKey === c.sort ? (descending ? ' ▼' : ' ▲') : ''}</span>
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
            {visible.map((c) => (
              <td key={c.key} className={c.num ? 'num' : c.wrap ? 'wrap' : undefined}>
                {c.cell(a, ctx)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
