import { type FormEvent, useState } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { Link } from 'wouter';
import { api } from '../../api.ts';
import { EmptyState, ErrorState, Panel } from '../../components/States.tsx';
import { fmtDateTime, fmtSignedPct, humanize } from '../../format.ts';
import { describeError, useApi } from '../../hooks/useApi.ts';
import { ControlPanel } from './ControlPanel.tsx';
import { ExportLinks } from './ExportLinks.tsx';
import { figureLabel, fmtFigure, fmtMoney, fmtNum } from './figures.ts';
import { reportUrl } from './report-filters.ts';
import { type Model, Retrospective, type RetrospectiveT } from './report-schemas.ts';
import { RoiPanel } from './SpendTab.tsx';

const COUNTS = ['reached', 'engaged', 'mqa', 'withOpportunity', 'won', 'oppsCreated'];

function Accounts({ title, rows }: { title: string; rows: RetrospectiveT['bestAccounts'] }) {
  return (
    <Panel title={title}>
      {rows.length === 0 && <EmptyState>None in this period.</EmptyState>}
      {rows.length > 0 && (
        <table className="grid" aria-label={title}>
          <thead>
            <tr>
              <th scope="col">Account</th>
              <th scope="col">Stage</th>
              <th scope="col" className="num">
                Points
              </th>
              <th scope="col" className="num">
                Pipeline
              </th>
              <th scope="col" className="num">
                Won
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((a) => (
              <tr key={a.accountId}>
                <td>
                  <Link href={`/accounts/${a.accountId}`}>{a.name}</Link>
                </td>
                <td>
                  {a.stageStart ?? '–'} → {a.stageEnd ?? '–'}
                </td>
                <td className="num">{fmtNum(a.points)}</td>
                <td className="num">{fmtMoney(a.pipelineCreated)}</td>
                <td className="num">{fmtMoney(a.wonRevenue)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Panel>
  );
}

/** Add a review note (either team): what the sellers heard, what to change, what worked. */
function NoteForm({ period, onAdded }: { period: string; onAdded: () => void }) {
  const [message, setMessage] = useState('');
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    try {
      await api(`/api/v1/reports/periods/${encodeURIComponent(period)}/notes`, {
        method: 'POST',
        json: { kind: f.get('kind'), body: String(f.get('body') ?? '') },
      });
      form.reset();
      setMessage('Note added.');
      onAdded();
    } catch (error) {
      setMessage(describeError(error));
    }
  };
  return (
    <form className="filters" onSubmit={(e) => void submit(e)} aria-label="Add a note">
      <label>
        Kind{' '}
        <select name="kind" defaultValue="heard">
          <option value="heard">What the sellers heard</option>
          <option value="change">What to change</option>
          <option value="worked">What worked</option>
          <option value="other">Other</option>
        </select>
      </label>
      <label style={{ flex: 1 }}>
        Note <textarea name="body" required rows={2} maxLength={10000} style={{ width: '100%' }} />
      </label>
      <button type="submit">Add note</button>
      {message && <span role="status">{message}</span>}
    </form>
  );
}

/** The period review: goals vs actual and the previous period, control, ROI, accounts, content, gaps, notes. */
export function RetrospectiveTab({
  period,
  segment,
  model,
  onDrill,
}: {
  period: string;
  segment: string;
  model: Model;
  onDrill: (segment: string, figure: string) => void;
}) {
  const url = reportUrl('retrospective', { period, segment, model });
  const retro = useApi(url, Retrospective);
  const r = retro.data;
  const pdf = reportUrl('retrospective.pdf', { period, segment, model });
  const chart = (r?.scorecard ?? [])
    .filter((row) => COUNTS.includes(row.metric))
    .map((row) => ({
      figure: figureLabel(row.metric),
      [r?.period ?? 'current']: row.current ?? 0,
      [r?.previousPeriod ?? 'previous']: row.previous ?? 0,
    }));
  return (
    <>
      <Panel
        title={`Retrospective ${r?.period ?? period}`}
        wide
        actions={
          <span>
            <a href={pdf} download>
              Download PDF
            </a>{' '}
            · <ExportLinks url={url} label="Retrospective" />
          </span>
        }
      >
        {retro.error && <ErrorState error={retro.error} retry={retro.reload} what="the retrospective" />}
        {!r && !retro.error && <p className="muted">Loading…</p>}
        {r && (
          <>
            <p className="muted">
              Compared with {r.previousPeriod} · computed {fmtDateTime(r.computedAt)}
            </p>
            <div style={{ height: 220 }} role="img" aria-label="This period against the previous one">
              <ResponsiveContainer width="100%" height="100%">
                <BarChart data={chart}>
                  <CartesianGrid strokeDasharray="3 3" vertical={false} />
                  <XAxis dataKey="figure" />
                  <YAxis allowDecimals={false} />
                  <Tooltip />
                  <Legend />
                  <Bar dataKey={r.period} fill="#2f5bd3" isAnimationActive={false} />
                  <Bar dataKey={r.previousPeriod} fill="#9bb1ec" isAnimationActive={false} />
                </BarChart>
              </ResponsiveContainer>
            </div>
            <table className="grid" aria-label="Goals and previous period">
              <thead>
                <tr>
                  <th scope="col">Figure</th>
                  <th scope="col" className="num">
                    {r.period}
                  </th>
                  <th scope="col" className="num">
                    {r.previousPeriod}
                  </th>
                  <th scope="col" className="num">
                    Change
                  </th>
                  <th scope="col" className="num">
                    Goal
                  </th>
                  <th scope="col">Goal met</th>
                </tr>
              </thead>
              <tbody>
                {r.scorecard.map((row) => (
                  <tr key={row.metric}>
                    <th scope="row">{figureLabel(row.metric)}</th>
                    <td className="num">
                      <button type="button" className="link" onClick={() => onDrill(segment, row.metric)}>
                        {fmtFigure(row.metric, row.current)}
                      </button>
                    </td>
                    <td className="num">{fmtFigure(row.metric, row.previous)}</td>
                    <td className="num">{row.change === null ? '–' : fmtSignedPct(row.change)}</td>
                    <td className="num">{row.goal === null ? '' : fmtFigure(row.metric, row.goal)}</td>
                    <td>{row.goalMet === null ? '' : row.goalMet ? 'yes' : 'no'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </Panel>
      <ControlPanel period={period} />
      <RoiPanel period={period} segment={segment} model={model} initialBy="play" />
      {r && (
        <div className="panels">
          <Accounts title="Best accounts" rows={r.bestAccounts} />
          <Accounts title="Accounts that did not move" rows={r.worstAccounts} />
          <Panel title="Content that moved accounts">
            {r.assets.length === 0 && <EmptyState>No attributed content in this period.</EmptyState>}
            {r.assets.length > 0 && (
              <table className="grid" aria-label="Content that moved accounts">
                <thead>
                  <tr>
                    <th scope="col">Asset</th>
                    <th scope="col" className="num">
                      Accounts moved
                    </th>
                    <th scope="col" className="num">
                      Pipeline
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {r.assets.map((a) => (
                    <tr key={a.key ?? ''}>
                      <td>{a.key ?? '(none)'}</td>
                      <td className="num">{fmtNum(a.accountsMoved)}</td>
                      <td className="num">{fmtMoney(a.pipeline)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </Panel>
          <Panel title="Committee gaps still open">
            {r.committeeGaps.length === 0 && (
              <EmptyState>Every target account covers the key roles.</EmptyState>
            )}
            {r.roleGaps.length > 0 && (
              <p>{r.roleGaps.map((g) => `${humanize(g.role)}: ${g.accountsMissing}`).join(' · ')}</p>
            )}
            <ul aria-label="Committee gaps">
              {r.committeeGaps.slice(0, 20).map((g) => (
                <li key={g.accountId}>
                  <Link href={`/accounts/${g.accountId}`}>{g.name}</Link>:{' '}
                  {g.missingRoles.map(humanize).join(', ')}
                </li>
              ))}
            </ul>
          </Panel>
          <Panel title="Notes from sales and marketing" wide>
            {r.notes.length === 0 && (
              <EmptyState>No notes yet: add what the sellers heard and what to change.</EmptyState>
            )}
            <ul aria-label="Review notes">
              {r.notes.map((n) => (
                <li key={n.id}>
                  <span className="badge">{humanize(n.team)}</span>{' '}
                  <span className="badge">{humanize(n.kind)}</span> {n.body}
                </li>
              ))}
            </ul>
            <NoteForm period={r.period} onAdded={retro.reload} />
          </Panel>
          <Panel title="Suggestions for the next target list" wide>
            {r.suggestions.length === 0 && <EmptyState>No suggestions for this period.</EmptyState>}
            {r.suggestions.length > 0 && (
              <table className="grid" aria-label="Suggestions">
                <thead>
                  <tr>
                    <th scope="col">Account</th>
                    <th scope="col">Action</th>
                    <th scope="col">Tier</th>
                    <th scope="col">Why</th>
                  </tr>
                </thead>
                <tbody>
                  {r.suggestions.map((s) => (
                    <tr key={`${s.action}-${s.accountId}`}>
                      <td>
                        <Link href={`/accounts/${s.accountId}`}>{s.name}</Link>
                      </td>
                      <td>{s.action}</td>
                      <td>{s.suggestedTier ?? ''}</td>
                      <td>{s.reason}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </Panel>
        </div>
      )}
    </>
  );
}
