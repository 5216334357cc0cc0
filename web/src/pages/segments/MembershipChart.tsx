import { useEffect, useRef } from 'react';
import {
  Bar,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { EmptyState, ErrorState } from '../../components/States.tsx';
import { fmtInt } from '../../format.ts';
import { useApi } from '../../hooks/useApi.ts';
import { History } from './segment-schemas.ts';

/** Members at the end of each day of the last 30, with the day's entries and exits (GET /segments/:id/history). */
export function MembershipChart({ segmentId, version }: { segmentId: string; version: number }) {
  const history = useApi(`/api/v1/segments/${segmentId}/history`, History);
  // A new version of the segment (saved, rebuilt, members changed): read the history again.
  const { reload } = history;
  const shownVersion = useRef(version);
  useEffect(() => {
    if (shownVersion.current === version) return;
    shownVersion.current = version;
    reload();
  }, [version, reload]);
  if (history.error) return <ErrorState error={history.error} retry={history.reload} what="the history" />;
  const days = history.data?.data ?? [];
  if (!history.data) return <p className="muted">Loading…</p>;
  if (days.every((d) => d.members === 0 && d.entered === 0 && d.exited === 0))
    return <EmptyState>No members in the last 30 days.</EmptyState>;
  const last = days.at(-1);
  const entered = days.reduce((n, d) => n + d.entered, 0);
  const exited = days.reduce((n, d) => n + d.exited, 0);
  return (
    <figure style={{ margin: 0 }} aria-label="Membership over time">
      <div style={{ height: 240 }}>
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart
            data={days.map((d) => ({ ...d, exited: -d.exited }))}
            margin={{ left: 0, right: 8, top: 4 }}
          >
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="day" tickFormatter={(d: string) => d.slice(5)} fontSize={11} />
            <YAxis yAxisId="m" allowDecimals={false} fontSize={11} />
            <YAxis yAxisId="c" orientation="right" allowDecimals={false} fontSize={11} />
            <Tooltip formatter={(v) => fmtInt(Math.abs(Number(v)))} />
            <Legend />
            <Bar yAxisId="c" dataKey="entered" name="Entered" fill="#12b76a" stackId="c" />
            <Bar yAxisId="c" dataKey="exited" name="Exited" fill="#f04438" stackId="c" />
            <Line yAxisId="m" dataKey="members" name="Members" stroke="#2f6fed" dot={false} strokeWidth={2} />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="muted" data-testid="history-summary">
        {fmtInt(last?.members ?? 0)} members on {last?.day}; {fmtInt(entered)} entered and {fmtInt(exited)}{' '}
        left in 30 days.
      </figcaption>
    </figure>
  );
}
