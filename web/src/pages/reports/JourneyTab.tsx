import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { Link } from 'wouter';
import { AccountPicker } from '../../components/AccountPicker.tsx';
import { ErrorState, Panel } from '../../components/States.tsx';
import { fmtDate, humanize } from '../../format.ts';
import { useApi } from '../../hooks/useApi.ts';
import { ExportLinks } from './ExportLinks.tsx';
import { fmtMoney } from './figures.ts';
import { Journey } from './report-schemas.ts';

/** One account's path on one timeline (GET /reports/journeys/accounts/:id), picked here or from the dossier. */
export function JourneyTab({
  account,
  onAccount,
}: {
  account: string | null;
  onAccount: (id: string) => void;
}) {
  const url = account ? `/api/v1/reports/journeys/accounts/${account}` : null;
  const journey = useApi(url, Journey);
  const weeks = new Map<string, number>();
  for (const w of journey.data?.touchesByWeek ?? []) weeks.set(w.week, (weeks.get(w.week) ?? 0) + w.touches);
  const chart = [...weeks].map(([week, touches]) => ({ week, touches }));
  const j = journey.data;
  return (
    <Panel
      title={j ? `Journey: ${j.account.name}` : 'Account journey'}
      wide
      actions={url ? <ExportLinks url={url} label="Journey" table="events" /> : undefined}
    >
      <AccountPicker label="Account" onPick={(id) => onAccount(id)} />
      {!account && (
        <p className="muted">Pick an account, or open a journey from a drill-down or the dossier.</p>
      )}
      {journey.error && <ErrorState error={journey.error} retry={journey.reload} what="the journey" />}
      {j && (
        <>
          <p>
            <Link href={`/accounts/${j.account.id}`}>{j.account.name}</Link>{' '}
            {j.account.isTarget ? `· target, tier ${j.account.tier ?? '–'}` : '· non-target'} · first touch →
            opportunity: {j.daysToFirstOpportunity ?? '–'} days · → first win: {j.daysToFirstWin ?? '–'} days
          </p>
          {chart.length > 0 && (
            <div style={{ height: 160 }} role="img" aria-label="Touches per week">
              <ResponsiveContainer width="100%" height="100%">
                <BarChart data={chart}>
                  <CartesianGrid strokeDasharray="3 3" vertical={false} />
                  <XAxis dataKey="week" />
                  <YAxis allowDecimals={false} />
                  <Tooltip />
                  <Bar dataKey="touches" fill="#2f5bd3" isAnimationActive={false} />
                </BarChart>
              </ResponsiveContainer>
            </div>
          )}
          <ul className="timeline" aria-label="Journey timeline">
            {j.events.map((e) => (
              <li key={`${e.at}-${e.kind}-${e.label}`}>
                <time dateTime={e.at}>{fmtDate(e.at)}</time> <span className="badge">{humanize(e.kind)}</span>{' '}
                {e.label}
                {e.amount ? ` (${fmtMoney(e.amount)})` : ''}
              </li>
            ))}
          </ul>
        </>
      )}
    </Panel>
  );
}
