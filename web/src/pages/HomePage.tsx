import { useState } from 'react';
import { Link } from 'wouter';
import { EmptyState, ErrorState, Panel } from '../components/States.tsx';
import { fmtDateTime, fmtInt, fmtPct, humanize } from '../format.ts';
import { useApi } from '../hooks/useApi.ts';
import { CommitteeSummary, ImportList, StageSummary, SurgingList } from '../schemas.ts';
import { can, useSession } from '../session.ts';
import { NewlyInStage, type Scope, StageFunnel } from './home/StageFunnel.tsx';
import { VelocityPanel } from './reports/PipelineTab.tsx';
import { currentQuarter, reportUrl } from './reports/report-filters.ts';
import { Scorecard } from './reports/report-schemas.ts';

/** Home dashboard: stage funnel, newly MQA accounts, surging accounts, committee coverage, recent imports. */
export function HomePage() {
  const session = useSession();
  const [scope, setScope] = useState<Scope>('all');
  const summary = useApi(
    `/api/v1/reports/stage-summary${scope === 'targets' ? '?isTarget=true' : ''}`,
    StageSummary,
  );
  const surging = useApi('/api/v1/intent/surging?limit=10', SurgingList);
  const coverage = useApi('/api/v1/committee/summary', CommitteeSummary);
  const imports = useApi(can(session, 'write') ? '/api/v1/imports' : null, ImportList);
  // The quarter's scorecard may first have to compute its period facts: asked once the funnel is shown,
  // so the dashboard's own panels never wait behind it (the embedded database runs one query at a time).
  const quarter = useApi(
    summary.data ? reportUrl('scorecard', { period: currentQuarter() }) : null,
    Scorecard,
  );
  // "Newly MQA": the model's mqa stage, else its fourth stage (the default model's MQA position).
  const stages = summary.data?.stages.filter((s) => s.inModel) ?? [];
  const mqa = stages.find((s) => s.key === 'mqa') ?? stages[Math.min(3, stages.length - 1)] ?? null;

  return (
    <section>
      <div className="page-head">
        <h1>{session.workspace.name}</h1>
        <span className="meta">Signed in as {session.role}</span>
      </div>
      <div className="panels">
        <StageFunnel summary={summary} scope={scope} onScope={setScope} />
        {mqa ? (
          <NewlyInStage stage={mqa} scope={scope} />
        ) : (
          <Panel title="Newly MQA">
            <p className="muted">{summary.error ? 'Needs the stage funnel (see above).' : 'Loading…'}</p>
          </Panel>
        )}
        <VelocityPanel card={quarter} title={`Pipeline and velocity, ${currentQuarter()}`} />
        <Panel title="Top surging accounts">
          {surging.error && (
            <ErrorState error={surging.error} retry={surging.reload} what="surging accounts" />
          )}
          {surging.data?.data.length === 0 && (
            <EmptyState>
              Nothing surging this week. Add intent topics and import intent data in Settings.
            </EmptyState>
          )}
          {surging.data && surging.data.data.length > 0 && (
            <table className="grid">
              <thead>
                <tr>
                  <th scope="col">Account</th>
                  <th scope="col">Topic</th>
                  <th scope="col" className="num">
                    Events
                  </th>
                </tr>
              </thead>
              <tbody>
                {surging.data.data.map((s) => (
                  <tr key={`${s.accountId}-${s.topic}`}>
                    <td>
                      <Link href={`/accounts/${s.accountId}`}>{s.accountName}</Link>
                    </td>
                    <td>{s.topic}</td>
                    <td className="num">{fmtInt(s.events)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Panel>
        <Panel title="Committee coverage">
          {coverage.error && (
            <ErrorState error={coverage.error} retry={coverage.reload} what="committee coverage" />
          )}
          {coverage.data && coverage.data.targetAccounts === 0 && (
            <EmptyState>
              No target accounts yet. Approve and activate a target list under ICP &amp; targets.
            </EmptyState>
          )}
          {coverage.data && coverage.data.targetAccounts > 0 && (
            <>
              <p>
                <span className="stat">{fmtPct(coverage.data.fullyCovered.share)}</span> of{' '}
                {fmtInt(coverage.data.targetAccounts)} target accounts fully covered;{' '}
                {fmtPct(coverage.data.withMinContacts.share)} have ≥ {coverage.data.minContacts} contacts.
              </p>
              <table className="grid">
                <tbody>
                  {coverage.data.roles.map((r) => (
                    <tr key={r.role}>
                      <th scope="row">{humanize(r.role)}</th>
                      <td className="num">{fmtInt(r.accounts)}</td>
                      <td style={{ width: '50%' }}>
                        <meter min={0} max={1} value={r.share} aria-label={`${humanize(r.role)} coverage`} />{' '}
                        {fmtPct(r.share)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </Panel>
        {can(session, 'write') && (
          <Panel title="Recent imports" actions={<Link href="/imports">Import a CSV</Link>}>
            {imports.error && <ErrorState error={imports.error} retry={imports.reload} what="imports" />}
            {imports.data?.data.length === 0 && (
              <EmptyState>No imports yet. Start one with “Import a CSV”.</EmptyState>
            )}
            {imports.data && imports.data.data.length > 0 && (
              <table className="grid">
                <thead>
                  <tr>
                    <th scope="col">File</th>
                    <th scope="col">Status</th>
                    <th scope="col" className="num">
                      Rows
                    </th>
                    <th scope="col" className="num">
                      Rejected
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {imports.data.data.slice(0, 8).map((i) => (
                    <tr key={i.id}>
                      <td title={fmtDateTime(i.startedAt)}>
                        {i.fileName ?? i.kind} {i.dryRun && <span className="badge">dry run</span>}
                      </td>
                      <td>{i.status}</td>
                      <td className="num">{fmtInt(i.rowsTotal)}</td>
                      <td className="num">{fmtInt(i.rejected)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </Panel>
        )}
      </div>
    </section>
  );
}
