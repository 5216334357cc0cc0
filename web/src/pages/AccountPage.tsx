import { useMemo } from 'react';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { Link } from 'wouter';
import { EmptyState, ErrorState, Panel } from '../components/States.tsx';
import { fmtCompact, fmtDate, fmtDateTime, fmtInt, fmtPct, humanize } from '../format.ts';
import { useApi } from '../hooks/useApi.ts';
import { Users } from '../schemas.ts';
import { can, useSession } from '../session.ts';
import { AccountEmails } from './account/AccountEmails.tsx';
import { AccountPlan } from './account/AccountPlan.tsx';
import { AccountPlays } from './account/AccountPlays.tsx';
import { AccountSegments } from './account/AccountSegments.tsx';
import { ActivityTimeline } from './account/ActivityTimeline.tsx';
import {
  AccountDetail,
  Committee,
  Contacts,
  Engagement,
  Fit,
  Hierarchy,
  Intent,
  Opportunities,
  type TreeNodeT,
} from './account/account-schemas.ts';
import { CommitteeMap } from './account/CommitteeMap.tsx';

function Tree({ node, current }: { node: TreeNodeT; current: string }) {
  return (
    <li>
      {node.id === current ? (
        <strong>{node.name}</strong>
      ) : (
        <Link href={`/accounts/${node.id}`}>{node.name}</Link>
      )}
      {node.children.length > 0 && (
        <ul>
          {node.children.map((c) => (
            <Tree key={c.id} node={c} current={current} />
          ))}
        </ul>
      )}
    </li>
  );
}

/** The account dossier: everything known about one account on one page. */
export function AccountPage({ id }: { id: string }) {
  const session = useSession();
  const account = useApi(`/api/v1/accounts/${id}`, AccountDetail);
  const hierarchy = useApi(`/api/v1/accounts/${id}/hierarchy`, Hierarchy);
  const fit = useApi(`/api/v1/fit/accounts/${id}`, Fit);
  const engagement = useApi(`/api/v1/accounts/${id}/engagement`, Engagement);
  const committee = useApi(`/api/v1/accounts/${id}/committee`, Committee);
  const contacts = useApi(`/api/v1/accounts/${id}/contacts?limit=100`, Contacts);
  const opportunities = useApi(`/api/v1/accounts/${id}/opportunities?limit=50`, Opportunities);
  const intent = useApi(`/api/v1/accounts/${id}/intent`, Intent);
  const users = useApi('/api/v1/users', Users);
  const names = useMemo(
    () => new Map((users.data?.data ?? []).map((u) => [u.id, u.name ?? u.email])),
    [users.data],
  );
  const personaOf = useMemo(() => {
    const map = new Map<string, string>();
    for (const r of committee.data?.roles ?? [])
      for (const p of r.personas)
        for (const c of p.contacts) map.set(c.id, `${p.name} (${humanize(r.role)})`);
    return map;
  }, [committee.data]);

  if (account.error) return <ErrorState error={account.error} retry={account.reload} what="this account" />;
  const a = account.data;
  if (!a) return <p className="muted">Loading…</p>;
  const canEditPlan = can(session, 'write') || (a.ownerId !== null && a.ownerId === session.userId);
  const e = engagement.data;

  return (
    <section>
      <div className="page-head">
        <h1>{a.name}</h1>
        <span className="meta">
          {a.domain && (
            <a href={a.website ?? `https://${a.domain}`} target="_blank" rel="noreferrer">
              {a.domain}
            </a>
          )}{' '}
          · {humanize(a.lifecycle)} · {a.tier ? `Tier ${a.tier}` : 'no tier'}{' '}
          {a.isTarget && <span className="badge good">target</span>}{' '}
          {e?.stage && <span className="badge">{e.stage.name}</span>}
        </span>
        <span className="actions">
          <Link href="/accounts">← Accounts</Link> ·{' '}
          <Link href={`/reports/journey?account=${a.id}`}>Journey</Link>
        </span>
      </div>
      <div className="panels">
        <Panel title="Firmographics">
          <dl className="kv">
            <dt>Owner</dt>
            <dd>{a.ownerId ? (names.get(a.ownerId) ?? '…') : 'Unowned'}</dd>
            <dt>Industry</dt>
            <dd>{a.industry ?? '—'}</dd>
            <dt>Employees</dt>
            <dd>{fmtInt(a.employeeCount) || '—'}</dd>
            <dt>Revenue</dt>
            <dd>{a.annualRevenue === null ? '—' : `${fmtCompact(a.annualRevenue)} ${a.currency ?? ''}`}</dd>
            <dt>Location</dt>
            <dd>{[a.city, a.region, a.country].filter(Boolean).join(', ') || '—'}</dd>
            <dt>Domains</dt>
            <dd>{a.domains.join(', ') || '—'}</dd>
            <dt>Technologies</dt>
            <dd>{a.technologies.join(', ') || '—'}</dd>
            <dt>Records</dt>
            <dd>
              {fmtInt(a.counts.contacts)} contacts, {fmtInt(a.counts.openOpportunities)} open of{' '}
              {fmtInt(a.counts.opportunities)} opportunities
            </dd>
          </dl>
          {hierarchy.data &&
            (hierarchy.data.tree.children.length > 0 || hierarchy.data.ultimateParentId !== id) && (
              <>
                <h3 className="muted">Hierarchy</h3>
                <ul aria-label="Account hierarchy">
                  <Tree node={hierarchy.data.tree} current={id} />
                </ul>
              </>
            )}
        </Panel>
        <Panel title="Fit">
          {fit.error && <ErrorState error={fit.error} retry={fit.reload} what="the fit score" />}
          {fit.data && (
            <>
              <p>
                <span className="stat">{fit.data.fitScore ?? '—'}</span>{' '}
                {fit.data.fitGrade && <span className="badge">Grade {fit.data.fitGrade}</span>}{' '}
                <span className="muted">
                  {fit.data.fitSource === 'model'
                    ? `model probability ${fmtPct(fit.data.fitProbability)}`
                    : fit.data.fitSource === 'rules'
                      ? 'from the ICP rules'
                      : 'not scored yet — define the ICP under ICP & targets'}
                </span>
              </p>
              {fit.data.tierReason && <p className="muted">Tier: {fit.data.tierReason}</p>}
              <ul className="chips" aria-label="ICP criteria">
                {fit.data.rule.matched.map((c) => (
                  <li key={c.id} className="badge good">
                    ✓ {c.label}
                  </li>
                ))}
                {fit.data.rule.unmatched.map((c) => (
                  <li key={c.id} className="badge missing">
                    ✗ {c.label}
                  </li>
                ))}
              </ul>
              {Array.isArray(fit.data.reasons) && fit.data.reasons.length > 0 && (
                <ul aria-label="Model reasons">
                  {fit.data.reasons.slice(0, 6).map((r, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: reasons have no id
                    <li key={i}>{typeof r === 'string' ? r : JSON.stringify(r)}</li>
                  ))}
                </ul>
              )}
            </>
          )}
        </Panel>
        <Panel title="Engagement">
          {engagement.error && (
            <ErrorState error={engagement.error} retry={engagement.reload} what="engagement" />
          )}
          {e && (
            <>
              <p>
                <span className="stat">{e.score.toFixed(1)}</span> points ·{' '}
                <span className="muted">
                  {e.counts.days30} activities / 30 d, {e.engagedPeople.days30} people engaged · momentum{' '}
                  {e.momentum.trend}
                  {e.momentum.lift !== null ? ` (${e.momentum.lift.toFixed(2)}×)` : ''}
                </span>
              </p>
              <div style={{ height: 150 }} role="img" aria-label="Weekly engagement trend">
                <ResponsiveContainer width="100%" height="100%">
                  <LineChart data={e.weekly} margin={{ left: 0, right: 8, top: 4 }}>
                    <CartesianGrid strokeDasharray="3 3" />
                    <XAxis dataKey="weekStart" tick={{ fontSize: 10 }} />
                    <YAxis tick={{ fontSize: 10 }} width={32} />
                    <Tooltip />
                    <Line
                      type="monotone"
                      dataKey="score"
                      stroke="#2f5bd3"
                      dot={false}
                      isAnimationActive={false}
                      name="Score"
                    />
                    <Line
                      type="monotone"
                      dataKey="points"
                      stroke="#12b76a"
                      dot={false}
                      isAnimationActive={false}
                      name="Points"
                    />
                  </LineChart>
                </ResponsiveContainer>
              </div>
              <h3 className="muted">Stage history</h3>
              {e.stageHistory.length === 0 ? (
                <EmptyState>No stage changes yet.</EmptyState>
              ) : (
                <ul className="timeline" aria-label="Stage history">
                  {e.stageHistory.map((s) => (
                    <li key={`${s.at}-${s.to}`}>
                      <time>{fmtDateTime(s.at)}</time>
                      <span>
                        {s.from ? humanize(s.from) : '—'} → <strong>{humanize(s.to)}</strong>{' '}
                        <span className="muted">{s.reason}</span>
                      </span>
                    </li>
                  ))}
                </ul>
              )}
            </>
          )}
        </Panel>
        <Panel title="Buying committee" wide>
          {committee.error && (
            <ErrorState error={committee.error} retry={committee.reload} what="the buying committee" />
          )}
          {committee.data && committee.data.contactCount === 0 && (
            <EmptyState>
              No contacts at this account yet. Import contacts or let matching link leads to it.
            </EmptyState>
          )}
          {committee.data && committee.data.contactCount > 0 && <CommitteeMap committee={committee.data} />}
        </Panel>
        <Panel title={`Contacts (${fmtInt(a.counts.contacts)})`}>
          {contacts.error && <ErrorState error={contacts.error} retry={contacts.reload} what="contacts" />}
          {contacts.data?.data.length === 0 && (
            <EmptyState>No contacts. Import a contacts CSV to add some.</EmptyState>
          )}
          {contacts.data && contacts.data.data.length > 0 && (
            <div className="panel-scroll">
              <table className="grid" aria-label="Contacts">
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Persona</th>
                    <th scope="col">Match</th>
                  </tr>
                </thead>
                <tbody>
                  {contacts.data.data.map((c) => (
                    <tr key={c.id}>
                      <td>
                        {[c.firstName, c.lastName].filter(Boolean).join(' ') || c.email}
                        <div className="muted">{c.title}</div>
                      </td>
                      <td>{personaOf.get(c.id) ?? <span className="muted">none</span>}</td>
                      <td title={c.email ?? ''}>
                        {c.matchMethod ?? '—'}{' '}
                        {c.matchConfidence !== null && (
                          <span className="muted">{fmtPct(c.matchConfidence)}</span>
                        )}
                        {c.doNotContact && <span className="badge missing">do not contact</span>}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Panel>
        <Panel title="Opportunities">
          {opportunities.error && (
            <ErrorState error={opportunities.error} retry={opportunities.reload} what="opportunities" />
          )}
          {opportunities.data?.data.length === 0 && <EmptyState>No opportunities yet.</EmptyState>}
          {opportunities.data && opportunities.data.data.length > 0 && (
            <table className="grid" aria-label="Opportunities">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Stage</th>
                  <th scope="col" className="num">
                    Amount
                  </th>
                  <th scope="col">Close</th>
                </tr>
              </thead>
              <tbody>
                {opportunities.data.data.map((o) => (
                  <tr key={o.id}>
                    <td>{o.name}</td>
                    <td>
                      {o.stage} {o.isWon && <span className="badge good">won</span>}
                    </td>
                    <td className="num">
                      {fmtCompact(o.amount)} {o.currency ?? ''}
                    </td>
                    <td>{fmtDate(o.closeDate)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Panel>
        <Panel title="Intent topics">
          {intent.error && <ErrorState error={intent.error} retry={intent.reload} what="intent" />}
          {intent.data?.data.length === 0 && (
            <EmptyState>No intent signals. Define topics and import intent data in Settings.</EmptyState>
          )}
          <ul className="timeline">
            {intent.data?.data.map((t) => (
              <li key={t.topicId}>
                <span>{t.topic}</span>
                <span>
                  {t.current?.surging ? (
                    <span className="badge missing">surging</span>
                  ) : (
                    <span className="muted">steady</span>
                  )}{' '}
                  {fmtInt(t.weeks.reduce((s, w) => s + w.events, 0))} events / {t.weeks.length} weeks
                </span>
              </li>
            ))}
          </ul>
        </Panel>
        <Panel title="Activity timeline">
          <div className="panel-scroll">
            <ActivityTimeline accountId={id} />
          </div>
        </Panel>
        <Panel title="E-mail">
          <div className="panel-scroll">
            <AccountEmails accountId={id} />
          </div>
        </Panel>
        <Panel title="Segments">
          <AccountSegments accountId={a.id} />
        </Panel>
        <Panel title="Account plan">
          <AccountPlan accountId={id} canEdit={canEditPlan} names={names} />
        </Panel>
        <Panel title="Plays">
          <AccountPlays
            accountId={id}
            people={
              new Map(
                (contacts.data?.data ?? []).map((c) => [
                  c.id,
                  [c.firstName, c.lastName].filter(Boolean).join(' ') || (c.email ?? c.id),
                ]),
              )
            }
          />
        </Panel>
      </div>
    </section>
  );
}
