import { Link } from 'wouter';
import { EmptyState } from '../../components/States.tsx';
import { fmtInt } from '../../format.ts';
import type { SimulationT, Track } from './play-schemas.ts';

/** What a simulation found: how many accounts would enter now, and which persona tracks would start where. */
export function SimulationResult({ result, tracks }: { result: SimulationT; tracks: readonly Track[] }) {
  if (result.entering === null) {
    return (
      <EmptyState>
        This play's entry has no standing population: accounts enter on events (an activity or an API call),
        so nobody would enter just by activating it.
      </EmptyState>
    );
  }
  const keys = result.tracks.map((t) => t.key);
  const waiting = tracks.filter((t) => t.start.on !== 'entry');
  return (
    <section className="stack" aria-label="Simulation result">
      <p>
        <strong data-figure="entering">{fmtInt(result.entering)}</strong> accounts would enter now
        {result.alreadyIn > 0 && <> ({fmtInt(result.alreadyIn)} already in the play or barred by re-entry)</>}
        {result.heldOutExpected > 0 && (
          <>, about {fmtInt(result.heldOutExpected)} held out as the control group</>
        )}
        .
      </p>
      <ul>
        {result.tracks.map((t) => (
          <li key={t.key}>
            Track “{t.name}” would start at {fmtInt(t.accounts)} accounts
            {t.people > 0 && <> for {fmtInt(t.people)} people</>}.
          </li>
        ))}
        {waiting.map((t) => (
          <li key={t.key} className="muted">
            Track “{t.name}” starts later (
            {t.start.on === 'activity' ? `on ${t.start.activityType}` : 'when triggered'}).
          </li>
        ))}
      </ul>
      {result.sample.length === 0 ? (
        <EmptyState>No account matches the entry now.</EmptyState>
      ) : (
        <table className="grid" aria-label="Accounts that would enter">
          <thead>
            <tr>
              <th scope="col">Account</th>
              {result.tracks.map((t) => (
                <th key={t.key} scope="col" className="num">
                  {t.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {result.sample.map((s) => (
              <tr key={s.accountId}>
                <td>
                  <Link href={`/accounts/${s.accountId}`}>{s.name}</Link>
                </td>
                {keys.map((k) => {
                  const n = s.tracks[k] ?? 0;
                  const account = !tracks.find((t) => t.key === k)?.personaId;
                  return (
                    <td key={k} className="num">
                      {n === 0 ? '—' : account ? 'account' : `${n} ${n === 1 ? 'person' : 'people'}`}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {result.sample.length < result.entering && (
        <p className="muted">The first {result.sample.length} accounts by name.</p>
      )}
    </section>
  );
}
