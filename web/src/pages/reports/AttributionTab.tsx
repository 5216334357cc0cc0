import { useState } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { api } from '../../api.ts';
import { EmptyState, ErrorState, Panel } from '../../components/States.tsx';
import { describeError, useApi } from '../../hooks/useApi.ts';
import { can, useSession } from '../../session.ts';
import { ExportLinks } from './ExportLinks.tsx';
import { fmtMoney, fmtNum } from './figures.ts';
import { reportUrl } from './report-filters.ts';
import { Attribution, AttributionSettings, MODEL_LABELS, type Model } from './report-schemas.ts';

const BY = ['channel', 'play', 'campaign', 'asset', 'event'] as const;
const KINDS = ['all', 'sourced', 'influenced'] as const;

/** Time-decay half-life (GET/PUT /reports/attribution/settings); marketers and admins change it. */
function HalfLife({ period }: { period: string }) {
  const session = useSession();
  const settings = useApi('/api/v1/reports/attribution/settings', AttributionSettings);
  const [value, setValue] = useState('');
  const [message, setMessage] = useState('');
  if (!settings.data) return null;
  const save = async () => {
    try {
      await api('/api/v1/reports/attribution/settings', {
        method: 'PUT',
        json: { halfLifeDays: Number(value) },
      });
      await api('/api/v1/reports/recompute', { method: 'POST', json: { period } });
      setMessage('Saved; the period was recomputed.');
      settings.reload();
    } catch (e) {
      setMessage(describeError(e));
    }
  };
  return (
    <p>
      Half-life: {fmtNum(settings.data.halfLifeDays)} days{' '}
      {can(session, 'write') && (
        <>
          <label>
            <span className="sr-only">New half-life in days</span>
            <input
              type="number"
              min={0.5}
              max={365}
              step={0.5}
              value={value}
              placeholder={String(settings.data.halfLifeDays)}
              onChange={(e) => setValue(e.target.value)}
              style={{ width: 80 }}
            />
          </label>{' '}
          <button type="button" disabled={!value} onClick={() => void save()}>
            Set half-life
          </button>{' '}
          <span className="muted">{message}</span>
        </>
      )}
    </p>
  );
}

/** Pipeline and revenue credited by the chosen model by channel, play, campaign, asset or event. */
export function AttributionTab({
  period,
  segment,
  model,
}: {
  period: string;
  segment: string;
  model: Model;
}) {
  const [by, setBy] = useState<(typeof BY)[number]>('channel');
  const [kind, setKind] = useState<(typeof KINDS)[number]>('all');
  const url = reportUrl('attribution', { period, segment, model, by, kind });
  const report = useApi(url, Attribution);
  const rows = report.data?.rows ?? [];
  const chart = rows
    .slice(0, 12)
    .map((r) => ({ key: r.key ?? '(none)', Pipeline: r.pipeline, Revenue: r.revenue }));
  return (
    <Panel
      title={`Attribution: ${MODEL_LABELS[model]}`}
      wide
      actions={<ExportLinks url={url} label="Attribution" />}
    >
      <div className="filters">
        <label>
          By{' '}
          <select value={by} onChange={(e) => setBy(BY.find((b) => b === e.target.value) ?? 'channel')}>
            {BY.map((b) => (
              <option key={b}>{b}</option>
            ))}
          </select>
        </label>
        <label>
          Touches{' '}
          <select value={kind} onChange={(e) => setKind(KINDS.find((k) => k === e.target.value) ?? 'all')}>
            {KINDS.map((k) => (
              <option key={k}>{k}</option>
            ))}
          </select>
        </label>
      </div>
      {model === 'time_decay' && <HalfLife period={period} />}
      {report.error && <ErrorState error={report.error} retry={report.reload} what="attribution" />}
      {report.data && rows.length === 0 && (
        <EmptyState>No touches before or during this period's opportunities.</EmptyState>
      )}
      {report.data && rows.length > 0 && (
        <>
          <div style={{ height: 240 }} role="img" aria-label={`Attributed pipeline by ${by}`}>
            <ResponsiveContainer width="100%" height="100%">
              <BarChart data={chart}>
                <CartesianGrid strokeDasharray="3 3" vertical={false} />
                <XAxis dataKey="key" />
                <YAxis />
                <Tooltip />
                <Legend />
                <Bar dataKey="Pipeline" fill="#2f5bd3" isAnimationActive={false} />
                <Bar dataKey="Revenue" fill="#3aa675" isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          </div>
          <table className="grid" aria-label="Attribution">
            <thead>
              <tr>
                <th scope="col">{by}</th>
                <th scope="col" className="num">
                  Touches
                </th>
                <th scope="col" className="num">
                  Accounts
                </th>
                <th scope="col" className="num">
                  Opportunities
                </th>
                <th scope="col" className="num">
                  Pipeline
                </th>
                <th scope="col" className="num">
                  Won deals
                </th>
                <th scope="col" className="num">
                  Revenue
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.key ?? ''}>
                  <th scope="row">{r.key ?? '(none)'}</th>
                  <td className="num">{fmtNum(r.touches)}</td>
                  <td className="num">{fmtNum(r.accounts)}</td>
                  <td className="num">{fmtNum(r.opportunities)}</td>
                  <td className="num">{fmtMoney(r.pipeline)}</td>
                  <td className="num">{fmtNum(r.wonDeals)}</td>
                  <td className="num">{fmtMoney(r.revenue)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">Unattributed</th>
                <td />
                <td />
                <td className="num">{fmtNum(report.data.totals.unattributed.opportunities)}</td>
                <td className="num">{fmtMoney(report.data.totals.unattributed.pipeline)}</td>
                <td className="num">{fmtNum(report.data.totals.unattributed.wonDeals)}</td>
                <td className="num">{fmtMoney(report.data.totals.unattributed.revenue)}</td>
              </tr>
            </tfoot>
          </table>
        </>
      )}
    </Panel>
  );
}
