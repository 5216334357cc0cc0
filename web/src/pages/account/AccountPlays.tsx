import { Link } from 'wouter';
import { EmptyState, ErrorState } from '../../components/States.tsx';
import { fmtDateTime, humanize } from '../../format.ts';
import { useApi } from '../../hooks/useApi.ts';
import { AccountPlays as AccountPlaysSchema } from '../plays/play-schemas.ts';

/** The plays the account is in (and was in), with each run's next scheduled steps and for whom. */
export function AccountPlays({
  accountId,
  people,
}: {
  accountId: string;
  people: ReadonlyMap<string, string>;
}) {
  const plays = useApi(`/api/v1/accounts/${accountId}/plays`, AccountPlaysSchema);
  if (plays.error) return <ErrorState error={plays.error} retry={plays.reload} what="plays" />;
  if (plays.data?.data.length === 0) return <EmptyState>This account is in no play.</EmptyState>;
  if (!plays.data) return null;
  return (
    <ul className="account-plays" aria-label="Plays of this account">
      {plays.data.data.map((run) => (
        <li key={run.id}>
          <div>
            <Link href={`/plays/${run.playId}`}>{run.playName}</Link>{' '}
            <span className={run.status === 'active' ? 'badge good' : 'badge'}>{humanize(run.status)}</span>{' '}
            <span className="muted">
              v{run.version} · entered {fmtDateTime(run.enteredAt)} ({run.reason})
              {run.endedAt && <> · ended {fmtDateTime(run.endedAt)}</>} · {run.steps.done} steps done
              {run.steps.uncertain > 0 && <>, {run.steps.uncertain} uncertain</>}
            </span>
          </div>
          {run.next.length > 0 && (
            <table className="grid" aria-label={`Next steps in ${run.playName}`}>
              <thead>
                <tr>
                  <th scope="col">Next step</th>
                  <th scope="col">For</th>
                  <th scope="col">When</th>
                </tr>
              </thead>
              <tbody>
                {run.next.slice(0, 10).map((s) => (
                  <tr key={`${s.track}:${s.step}:${s.contactId ?? ''}`}>
                    <td>
                      {s.track} › {s.step}
                    </td>
                    <td>{s.contactId ? (people.get(s.contactId) ?? 'a contact') : 'the account'}</td>
                    <td>{fmtDateTime(s.dueAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </li>
      ))}
    </ul>
  );
}
