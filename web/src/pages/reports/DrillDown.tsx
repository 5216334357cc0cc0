import { useEffect, useState } from 'react';
import { Link } from 'wouter';
import type { z } from 'zod';
import { api } from '../../api.ts';
import { ErrorState, Panel } from '../../components/States.tsx';
import { fmtInt, humanize } from '../../format.ts';
import { ExportLinks } from './ExportLinks.tsx';
import { reportUrl } from './report-filters.ts';
import { DrillPage } from './report-schemas.ts';

type Row = z.infer<typeof DrillPage>['data'][number];

/** The accounts behind one figure (GET /reports/scorecard/drilldown), 100 at a time. */
export function DrillDown({
  period,
  drill,
  ownerId,
  playId,
  onClose,
}: {
  period: string;
  /** Only accounts of this owner / entered by this play (null: all). */
  ownerId?: string | null;
  playId?: string | null;
  /** `segment:figure`, e.g. `targets:pipelineCreated`. */
  drill: string;
  onClose: () => void;
}) {
  const [segment, ...rest] = drill.split(':');
  const figure = rest.join(':');
  const url = reportUrl('scorecard/drilldown', { period, segment, figure, ownerId, playId, limit: 100 });
  const [rows, setRows] = useState<Row[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);

  const load = async (after: string | null) => {
    setLoading(true);
    try {
      const page = DrillPage.parse(await api(after ? `${url}&cursor=${after}` : url));
      setRows((r) => (after ? [...r, ...page.data] : page.data));
      setCursor(page.nextCursor);
      setError(null);
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
    }
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: reload when the figure or period changes
  useEffect(() => {
    setRows([]);
    void load(null);
  }, [url]);

  return (
    <Panel
      title={`Accounts behind ${humanize(figure)} (${humanize(segment ?? '')})`}
      wide
      actions={
        <span>
          <ExportLinks url={url} label="Drill-down" />{' '}
          <button type="button" onClick={onClose}>
            Close
          </button>
        </span>
      }
    >
      {Boolean(error) && <ErrorState error={error} what="the accounts" retry={() => void load(null)} />}
      {!loading && rows.length === 0 && !error && <p className="empty">No account behind this figure.</p>}
      {rows.length > 0 && (
        <table className="grid" aria-label="Drill-down accounts">
          <thead>
            <tr>
              <th scope="col">Account</th>
              <th scope="col">Tier</th>
              <th scope="col">Stage</th>
              <th scope="col" className="num">
                Touches
              </th>
              <th scope="col" className="num">
                Points
              </th>
              <th scope="col" className="num">
                Pipeline created
              </th>
              <th scope="col" className="num">
                Won
              </th>
              <th scope="col">Journey</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.accountId}>
                <td>
                  <Link href={`/accounts/${r.accountId}`}>{r.name}</Link>
                  {!r.isTarget && <span className="muted"> · non-target</span>}
                </td>
                <td>{r.tier ?? ''}</td>
                <td>
                  {r.stageStart ?? '–'} → {r.stageEnd ?? '–'}
                </td>
                <td className="num">{fmtInt(r.touches)}</td>
                <td className="num">{fmtInt(r.points)}</td>
                <td className="num">{fmtInt(r.pipelineCreated)}</td>
                <td className="num">{fmtInt(r.wonRevenue)}</td>
                <td>
                  <Link href={`/reports/journey?account=${r.accountId}&period=${encodeURIComponent(period)}`}>
                    Journey
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {loading && <p className="muted">Loading…</p>}
      {cursor && !loading && (
        <button type="button" onClick={() => void load(cursor)}>
          Load more
        </button>
      )}
    </Panel>
  );
}
