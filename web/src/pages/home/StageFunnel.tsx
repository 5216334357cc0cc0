import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { Link } from 'wouter';
import { EmptyState, ErrorState, Panel } from '../../components/States.tsx';
import { fmtDateTime, fmtInt, fmtPct } from '../../format.ts';
import type { ApiState } from '../../hooks/useApi.ts';
import { useApi } from '../../hooks/useApi.ts';
import { StageArrivals, type StageSummaryT } from '../../schemas.ts';

export type Scope = 'all' | 'targets';

/** Radio pair choosing all accounts or target accounts only (keyboard: arrow keys). */
export function ScopeSwitch({ scope, onChange }: { scope: Scope; onChange: (scope: Scope) => void }) {
  return (
    <fieldset className="segmented">
      <legend className="sr-only">Accounts counted</legend>
      {(['all', 'targets'] as const).map((s) => (
        <label key={s}>
          <input
            type="radio"
            name="funnel-scope"
            value={s}
            checked={scope === s}
            onChange={() => onChange(s)}
          />
          {s === 'all' ? 'All accounts' : 'Target accounts'}
        </label>
      ))}
    </fieldset>
  );
}

/** The accounts-by-stage funnel (GET /reports/stage-summary): chart plus the same numbers as a table. */
export function StageFunnel({
  summary,
  scope,
  onScope,
}: {
  summary: ApiState<StageSummaryT>;
  scope: Scope;
  onScope: (scope: Scope) => void;
}) {
  const data = summary.data;
  const chart = (data?.stages ?? []).map((s) => ({
    stage: s.name,
    Accounts: s.accounts,
    [`Entered in ${data?.windowDays ?? 30} days`]: s.enteredLast30Days,
  }));
  const staged = (data?.stages ?? []).slice(1).some((s) => s.accounts > 0 || s.enteredLast30Days > 0);
  const targetQuery = scope === 'targets' ? '&isTarget=true' : '';
  return (
    <Panel title="Accounts by stage" wide actions={<ScopeSwitch scope={scope} onChange={onScope} />}>
      {summary.error && <ErrorState error={summary.error} retry={summary.reload} what="the stage funnel" />}
      {!data && !summary.error && <p className="muted">Loading…</p>}
      {data && data.totals.accounts === 0 && (
        <EmptyState>
          {scope === 'targets'
            ? 'No target accounts yet. Approve and activate a target list under ICP & targets.'
            : 'No accounts yet. Import accounts from a CSV (Import), or load the demo.'}
        </EmptyState>
      )}
      {data && data.totals.accounts > 0 && (
        <div className="funnel">
          <div style={{ height: 230 }} aria-label="Funnel chart of accounts by stage" role="img">
            <ResponsiveContainer width="100%" height="100%">
              <BarChart data={chart} layout="vertical" margin={{ left: 24, right: 24 }}>
                <CartesianGrid strokeDasharray="3 3" horizontal={false} />
                <XAxis type="number" allowDecimals={false} />
                <YAxis type="category" dataKey="stage" width={90} />
                <Tooltip />
                <Legend />
                <Bar dataKey="Accounts" fill="#2f5bd3" isAnimationActive={false} />
                <Bar
                  dataKey={`Entered in ${data.windowDays} days`}
                  fill="#9bb1ec"
                  isAnimationActive={false}
                />
              </BarChart>
            </ResponsiveContainer>
          </div>
          <table className="grid" aria-label="Accounts by stage">
            <thead>
              <tr>
                <th scope="col">Stage</th>
                <th scope="col" className="num">
                  Accounts
                </th>
                <th scope="col" className="num">
                  Share
                </th>
                <th scope="col" className="num">
                  Entered ({data.windowDays} d)
                </th>
              </tr>
            </thead>
            <tbody>
              {data.stages.map((s) => (
                <tr key={s.key}>
                  <th scope="row">
                    <Link href={`/accounts?stage=${encodeURIComponent(s.key)}${targetQuery}`}>{s.name}</Link>
                    {!s.inModel && <span className="badge missing">not in model</span>}
                  </th>
                  <td className="num">{fmtInt(s.accounts)}</td>
                  <td className="num">{fmtPct(s.share)}</td>
                  <td className="num">{fmtInt(s.enteredLast30Days)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">All</th>
                <td className="num">{fmtInt(data.totals.accounts)}</td>
                <td />
                <td className="num">{fmtInt(data.totals.enteredLast30Days)}</td>
              </tr>
            </tfoot>
          </table>
        </div>
      )}
      {data && data.totals.accounts > 0 && !staged && (
        <p className="muted">
          Every account is still in the first stage. Import activities (or load the demo), then recompute
          signals in Settings → Signals.
        </p>
      )}
    </Panel>
  );
}

/** The latest accounts to enter a stage and still in it (GET /reports/stage-arrivals). */
export function NewlyInStage({ stage, scope }: { stage: { key: string; name: string }; scope: Scope }) {
  const targets = scope === 'targets' ? '&isTarget=true' : '';
  const arrivals = useApi(
    `/api/v1/reports/stage-arrivals?stage=${encodeURIComponent(stage.key)}&limit=10${targets}`,
    StageArrivals,
  );
  return (
    <Panel title={`Newly ${stage.name}`}>
      {arrivals.error && <ErrorState error={arrivals.error} retry={arrivals.reload} what="recent arrivals" />}
      {arrivals.loading && !arrivals.data && <p className="muted">Loading…</p>}
      {arrivals.data?.data.length === 0 && (
        <EmptyState>
          No account is in {stage.name} yet. Tune the stage rules or activity weights in Settings.
        </EmptyState>
      )}
      {arrivals.data && arrivals.data.data.length > 0 && (
        <ul className="timeline" aria-label={`Newly ${stage.name} accounts`}>
          {arrivals.data.data.map((m) => (
            <li key={m.accountId}>
              <time dateTime={m.since}>{fmtDateTime(m.since)}</time>
              <Link href={`/accounts/${m.accountId}`}>{m.accountName}</Link>
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}
