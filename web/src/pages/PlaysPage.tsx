import { type FormEvent, useState } from 'react';
import { Link, useLocation } from 'wouter';
import { api } from '../api.ts';
import { EmptyState, ErrorState, Panel } from '../components/States.tsx';
import { fmtDateTime, fmtInt, humanize } from '../format.ts';
import { describeError, useApi } from '../hooks/useApi.ts';
import { can, useSession } from '../session.ts';
import { describeEntry } from './plays/describe-step.ts';
import { usePlayOptions } from './plays/play-options.ts';
import { blankDefinition, Play, PlayList, type PlayT } from './plays/play-schemas.ts';

/** Plays: each with its status, version and accounts; create one, pause, resume or stop it. */
export function PlaysPage() {
  const session = useSession();
  const canEdit = can(session, 'write');
  const plays = useApi('/api/v1/plays', PlayList);
  const options = usePlayOptions();
  const [, navigate] = useLocation();
  const [name, setName] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  async function run(fn: () => Promise<string>) {
    setMessage(null);
    try {
      setMessage({ ok: true, text: await fn() });
      plays.reload();
    } catch (e) {
      setMessage({ ok: false, text: describeError(e) });
    }
  }

  function create(e: FormEvent) {
    e.preventDefault();
    void run(async () => {
      const created = Play.parse(
        await api('/api/v1/plays', { method: 'POST', json: { name, definition: blankDefinition() } }),
      );
      navigate(`/plays/${created.id}`);
      return `Created ${created.name}.`;
    });
  }

  const setStatus = (p: PlayT, status: 'active' | 'paused' | 'stopped') =>
    run(async () => {
      if (status === 'stopped' && !window.confirm(`Stop ${p.name}? Every account leaves it.`))
        return 'Not stopped.';
      const body = Play.parse(
        await api(`/api/v1/plays/${p.id}/status`, { method: 'POST', json: { status } }),
      );
      return `${body.name} is ${body.status}.`;
    });

  return (
    <section>
      <div className="page-head">
        <h1>Plays</h1>
        <span className="meta">
          Multi-step orchestration per account: a track per persona, where one person's response moves the
          others' tracks.
        </span>
        {canEdit && (
          <form className="actions" onSubmit={create}>
            <label>
              New play name
              <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} />
            </label>
            <button type="submit">Create play</button>
          </form>
        )}
      </div>
      {message && (
        <div role={message.ok ? 'status' : 'alert'} className={message.ok ? 'ok-box' : 'error-box'}>
          {message.text}
        </div>
      )}
      <Panel title="All plays" wide>
        {plays.error && <ErrorState error={plays.error} retry={plays.reload} what="plays" />}
        {plays.data?.data.length === 0 && (
          <EmptyState>
            No plays yet. {canEdit ? 'Name one above to start building.' : 'Ask a marketer to build one.'}
          </EmptyState>
        )}
        {plays.data && plays.data.data.length > 0 && (
          <table className="grid" aria-label="Plays">
            <thead>
              <tr>
                <th scope="col">Play</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">
                  Version
                </th>
                <th scope="col">Entry</th>
                <th scope="col" className="num">
                  Entered
                </th>
                <th scope="col" className="num">
                  Active
                </th>
                <th scope="col" className="num">
                  Held out
                </th>
                <th scope="col" className="num">
                  Goal reached
                </th>
                <th scope="col">Since</th>
                {canEdit && <th scope="col">Actions</th>}
              </tr>
            </thead>
            <tbody>
              {plays.data.data.map((p) => (
                <tr key={p.id}>
                  <td>
                    <Link href={`/plays/${p.id}`}>{p.name}</Link>
                    <div className="muted">{p.definition.tracks.map((t) => t.name).join(' · ')}</div>
                  </td>
                  <td>
                    <span
                      className={
                        p.status === 'stopped'
                          ? 'badge missing'
                          : p.status === 'active'
                            ? 'badge good'
                            : 'badge'
                      }
                    >
                      {humanize(p.status)}
                    </span>
                  </td>
                  <td className="num">{p.version}</td>
                  <td>{describeEntry(p.definition, options.names)}</td>
                  <td className="num">
                    {fmtInt(p.runs.active + p.runs.heldOut + p.runs.goal + p.runs.exited)}
                  </td>
                  <td className="num">{fmtInt(p.runs.active)}</td>
                  <td className="num">{fmtInt(p.runs.heldOut)}</td>
                  <td className="num">{fmtInt(p.runs.goal)}</td>
                  <td>{fmtDateTime(p.activatedAt ?? p.createdAt)}</td>
                  {canEdit && (
                    <td>
                      <span className="row">
                        {p.status === 'active' && (
                          <button type="button" onClick={() => void setStatus(p, 'paused')}>
                            Pause
                          </button>
                        )}
                        {p.status === 'paused' && (
                          <button type="button" onClick={() => void setStatus(p, 'active')}>
                            Resume
                          </button>
                        )}
                        {(p.status === 'active' || p.status === 'paused') && (
                          <button
                            type="button"
                            className="danger"
                            onClick={() => void setStatus(p, 'stopped')}
                          >
                            Stop
                          </button>
                        )}
                        {p.status === 'draft' && <Link href={`/plays/${p.id}`}>Build and activate</Link>}
                      </span>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Panel>
    </section>
  );
}
