import { useEffect, useState } from 'react';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { Link } from 'wouter';
import { api } from '../api.ts';
import { EmptyState, ErrorState, Panel } from '../components/States.tsx';
import { fmtDateTime, fmtInt, fmtPct, humanize } from '../format.ts';
import { describeError, useApi } from '../hooks/useApi.ts';
import { CommitteeSummary, ImportList, StageEvents, Stages, SurgingList } from '../schemas.ts';
import { can, useSession } from '../session.ts';

const MAX_EVENT_PAGES = 20;

interface StageCounts {
  counts: Map<string, number>;
  newlyMqa: { accountId: string; at: string }[];
  truncated: boolean;
}

/** Current stage per account and the latest MQA arrivals, folded from the stage_changed event stream. */
async function loadStageCounts(): Promise<StageCounts> {
  const latest = new Map<string, { to: string; at: string }>();
  let after = 0;
  let pages = 0;
  for (;;) {
    const page = StageEvents.parse(
      await api(`/api/v1/signals/events?type=stage_changed&limit=1000&after=${after}`),
    );
    for (const e of page.data) {
      const to = e.payload.to;
      if (e.accountId && typeof to === 'string') latest.set(e.accountId, { to, at: e.createdAt });
    }
    pages += 1;
    if (page.next === null || pages >= MAX_EVENT_PAGES) {
      const counts = new Map<string, number>();
      for (const v of latest.values()) counts.set(v.to, (counts.get(v.to) ?? 0) + 1);
      const newlyMqa = [...latest.entries()]
        .filter(([, v]) => v.to === 'mqa')
        .map(([accountId, v]) => ({ accountId, at: v.at }))
        .sort((a, b) => b.at.localeCompare(a.at))
        .slice(0, 10);
      return { counts, newlyMqa, truncated: page.next !== null };
    }
    after = page.next;
  }
}

/** Home dashboard: stage funnel, newly MQA accounts, surging accounts, committee coverage, recent imports. */
export function HomePage() {
  const session = useSession();
  const stages = useApi('/api/v1/signals/stages', Stages);
  const surging = useApi('/api/v1/intent/surging?limit=10', SurgingList);
  const coverage = useApi('/api/v1/committee/summary', CommitteeSummary);
  const imports = useApi(can(session, 'write') ? '/api/v1/imports' : null, ImportList);
  const [funnel, setFunnel] = useState<StageCounts | null>(null);
  const [funnelError, setFunnelError] = useState<string | null>(null);
  const [names, setNames] = useState<Map<string, string>>(new Map());

  useEffect(() => {
    let live = true;
    loadStageCounts()
      .then(async (result) => {
        if (!live) return;
        setFunnel(result);
        const ids = result.newlyMqa.map((m) => m.accountId);
        if (ids.length === 0) return;
        const body = await api(`/api/v1/accounts?id.in=${ids.join(',')}&limit=${ids.length}`);
        const rows =
          typeof body === 'object' && body !== null && 'data' in body && Array.isArray(body.data)
            ? body.data
            : [];
        const map = new Map<string, string>();
        for (const r of rows)
          if (typeof r?.id === 'string' && typeof r?.name === 'string') map.set(r.id, r.name);
        if (live) setNames(map);
      })
      .catch((e: unknown) => live && setFunnelError(describeError(e)));
    return () => {
      live = false;
    };
  }, []);

  const funnelData = (stages.data?.stages ?? []).map((s) => ({
    stage: s.name,
    key: s.key,
    accounts: funnel?.counts.get(s.key) ?? 0,
  }));

  return (
    <section>
      <div className="page-head">
        <h1>{session.workspace.name}</h1>
        <span className="meta">Signed in as {session.role}</span>
      </div>
      <div className="panels">
        <Panel title="Accounts by stage" wide>
          {stages.error && <ErrorState error={stages.error} retry={stages.reload} what="the stage model" />}
          {funnelError && <div className="error-box">Could not count stages: {funnelError}</div>}
          {funnel && funnel.counts.size === 0 ? (
            <EmptyState>
              No account has a stage yet. Import activities (or load the demo), then recompute signals in
              Settings → Stages.
            </EmptyState>
          ) : (
            <div style={{ height: 220 }} aria-label="Funnel chart of accounts by stage" role="img">
              <ResponsiveContainer width="100%" height="100%">
                <BarChart data={funnelData} layout="vertical" margin={{ left: 24, right: 24 }}>
                  <CartesianGrid strokeDasharray="3 3" horizontal={false} />
                  <XAxis type="number" allowDecimals={false} />
                  <YAxis type="category" dataKey="stage" width={90} />
                  <Tooltip />
                  <Bar dataKey="accounts" fill="#2f5bd3" isAnimationActive={false} />
                </BarChart>
              </ResponsiveContainer>
            </div>
          )}
          {funnel?.truncated && <p className="muted">Counted from the latest stage changes only.</p>}
        </Panel>
        <Panel title="Newly MQA">
          {!funnel && !funnelError && <p className="muted">Loading…</p>}
          {funnel && funnel.newlyMqa.length === 0 && (
            <EmptyState>
              No account reached MQA yet. Tune the stage rules or activity weights in Settings.
            </EmptyState>
          )}
          <ul className="timeline">
            {funnel?.newlyMqa.map((m) => (
              <li key={m.accountId}>
                <time>{fmtDateTime(m.at)}</time>
                <Link href={`/accounts/${m.accountId}`}>
                  {names.get(m.accountId) ?? m.accountId.slice(0, 8)}
                </Link>
              </li>
            ))}
          </ul>
        </Panel>
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
