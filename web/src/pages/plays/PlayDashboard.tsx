import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { Link } from 'wouter';
import { EmptyState, ErrorState, Panel } from '../../components/States.tsx';
import { fmtDateTime, fmtInt, fmtPct, humanize } from '../../format.ts';
import { useApi } from '../../hooks/useApi.ts';
import type { Names } from './describe-step.ts';
import { PlayStatsSchema, RunList } from './play-schemas.ts';

/** Conversion from the previous step (accounts), or from the accounts in play for a track's first step. */
function conversion(accounts: number, previous: number | null): number | null {
  if (previous === null || previous === 0) return null;
  return accounts / previous;
}

/**
 * The play's dashboard: entered, active, held out, goal reached; per track a funnel of the accounts that
 * reached each step with the conversion between steps (chart and table); the newest runs.
 */
export function PlayDashboard({ playId, names }: { playId: string; names: Names }) {
  const stats = useApi(`/api/v1/plays/${playId}/stats`, PlayStatsSchema);
  const runs = useApi(`/api/v1/plays/${playId}/runs?limit=50`, RunList);
  if (stats.error) return <ErrorState error={stats.error} retry={stats.reload} what="the play's dashboard" />;
  const s = stats.data;
  if (!s) return <p className="muted">Loading…</p>;
  const inPlay = s.runs.entered - s.runs.heldOut;
  return (
    <div className="panels">
      <Panel
        title="Accounts"
        wide
        actions={
          <button
            type="button"
            onClick={() => {
              stats.reload();
              runs.reload();
            }}
          >
            Refresh
          </button>
        }
      >
        <dl className="figures" aria-label="Play figures">
          {(
            [
              ['Entered', s.runs.entered],
              ['Active', s.runs.active],
              ['Held out', s.runs.heldOut],
              ['Goal reached', s.runs.goal],
              ['Exited', s.runs.exited + s.runs.stopped],
            ] as const
          ).map(([label, n]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd className="stat" data-figure={label}>
                {fmtInt(n)}
              </dd>
            </div>
          ))}
        </dl>
        <p className="muted">
          Held-out accounts (the control group) get no steps, so the measurement reports can compare them with
          the accounts in play. Goal reached: {fmtPct(inPlay > 0 ? s.runs.goal / inPlay : 0)} of the accounts
          in play.
        </p>
      </Panel>
      {s.tracks.map((track) => {
        let previous: number | null = track.start === 'entry' ? inPlay : null;
        const rows = track.steps.map((step) => {
          const row = { ...step, conversion: conversion(step.accounts, previous) };
          previous = step.accounts;
          return row;
        });
        const persona = track.personaId ? (names.get(track.personaId) ?? 'persona') : 'account';
        return (
          <Panel key={track.key} title={`${track.name} (${persona})`}>
            <div style={{ width: '100%', height: 60 + rows.length * 30 }}>
              <ResponsiveContainer>
                <BarChart data={rows} layout="vertical" margin={{ left: 10, right: 20 }}>
                  <CartesianGrid strokeDasharray="3 3" horizontal={false} />
                  <XAxis type="number" allowDecimals={false} />
                  <YAxis type="category" dataKey="id" width={90} />
                  <Tooltip />
                  <Bar dataKey="accounts" name="Accounts reached" fill="#2f5bd3" isAnimationActive={false} />
                </BarChart>
              </ResponsiveContainer>
            </div>
            <table className="grid" aria-label={`Steps of ${track.name}`}>
              <thead>
                <tr>
                  <th scope="col">Step</th>
                  <th scope="col" className="num">
                    Accounts
                  </th>
                  <th scope="col" className="num">
                    People
                  </th>
                  <th scope="col" className="num">
                    Conversion
                  </th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.id} data-step={`${track.key}:${r.id}`}>
                    <td>
                      {r.name ?? r.id}
                      <span className="muted"> · {r.type ? humanize(r.type) : 'older version'}</span>
                    </td>
                    <td className="num">{fmtInt(r.accounts)}</td>
                    <td className="num">{fmtInt(r.people)}</td>
                    <td className="num">{r.conversion === null ? '—' : fmtPct(r.conversion)}</td>
                    <td>
                      {[
                        ['done', r.done],
                        ['due', r.due],
                        ['failed', r.failed],
                        ['uncertain', r.uncertain],
                        ['skipped', r.skipped],
                        ['cancelled', r.cancelled],
                      ]
                        .filter(([, n]) => Number(n) > 0)
                        .map(([k, n]) => `${n} ${k}`)
                        .join(', ') || '—'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Panel>
        );
      })}
      <Panel title="Accounts in this play" wide>
        {runs.error && <ErrorState error={runs.error} retry={runs.reload} what="runs" />}
        {runs.data?.data.length === 0 && (
          <EmptyState>No account has entered yet. Activate the play.</EmptyState>
        )}
        {runs.data && runs.data.data.length > 0 && (
          <div className="panel-scroll">
            <table className="grid" aria-label="Runs">
              <thead>
                <tr>
                  <th scope="col">Account</th>
                  <th scope="col">Status</th>
                  <th scope="col">Why</th>
                  <th scope="col">Entered</th>
                  <th scope="col" className="num">
                    Steps done / due
                  </th>
                </tr>
              </thead>
              <tbody>
                {runs.data.data.map((r) => (
                  <tr key={r.id}>
                    <td>
                      <Link href={`/accounts/${r.accountId}`}>{r.accountName}</Link>
                    </td>
                    <td>
                      <span className="badge">{humanize(r.status)}</span>
                    </td>
                    <td>{r.reason}</td>
                    <td>{fmtDateTime(r.enteredAt)}</td>
                    <td className="num">
                      {r.steps.done} / {r.steps.due}
                      {r.steps.uncertain > 0 && (
                        <span className="badge missing"> {r.steps.uncertain} uncertain</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Panel>
    </div>
  );
}
