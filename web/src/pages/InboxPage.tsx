import { useState } from 'react';
import { Link } from 'wouter';
import { z } from 'zod';
import { api } from '../api.ts';
import { EmptyState, ErrorState, Panel } from '../components/States.tsx';
import { fmtDateTime } from '../format.ts';
import { describeError, useApi } from '../hooks/useApi.ts';
import { can, useSession } from '../session.ts';
import { TaskList, type TaskT } from './plays/play-schemas.ts';

const VIEWS = [
  { value: 'open', label: 'Open' },
  { value: 'snoozed', label: 'Snoozed' },
  { value: 'done', label: 'Done' },
] as const;
type View = (typeof VIEWS)[number]['value'];
const Patched = z.object({ id: z.string(), status: z.string(), snoozedUntil: z.string().nullable() });

/** Tomorrow 9:00 local time, or in a week: the snooze choices. */
function snoozeTime(days: number): string {
  const d = new Date();
  d.setDate(d.getDate() + days);
  d.setHours(9, 0, 0, 0);
  return d.toISOString();
}

/**
 * The seller's inbox: the tasks and alerts plays made for the accounts they own (marketers and admins
 * may see everyone's), each saying why and linking to the dossier; complete, dismiss or snooze them.
 */
export function InboxPage() {
  const session = useSession();
  const [view, setView] = useState<View>('open');
  const [owner, setOwner] = useState<'me' | 'all'>('me');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const params = new URLSearchParams({ owner, status: view === 'done' ? 'done' : 'open' });
  if (view === 'snoozed') params.set('snoozed', 'only');
  const tasks = useApi(`/api/v1/tasks?${params.toString()}`, TaskList);

  async function patch(task: TaskT, body: Record<string, unknown>, done: string) {
    setMessage(null);
    try {
      Patched.parse(await api(`/api/v1/tasks/${task.id}`, { method: 'PATCH', json: body }));
      setMessage({ ok: true, text: `${task.title} (${task.accountName}): ${done}.` });
      tasks.reload();
    } catch (e) {
      setMessage({ ok: false, text: describeError(e) });
    }
  }

  const items = tasks.data?.data ?? [];
  return (
    <section>
      <div className="page-head">
        <h1>Inbox</h1>
        <span className="meta">
          What plays ask you to do, and what they want you to know — each says why.
        </span>
        <div className="actions">
          <fieldset className="segmented">
            <legend className="sr-only">Show</legend>
            {VIEWS.map((v) => (
              <label key={v.value}>
                <input
                  type="radio"
                  name="inbox-view"
                  checked={view === v.value}
                  onChange={() => setView(v.value)}
                />
                {v.label}
              </label>
            ))}
          </fieldset>
          {can(session, 'write') && (
            <label>
              Whose
              <select value={owner} onChange={(e) => setOwner(e.target.value === 'all' ? 'all' : 'me')}>
                <option value="me">Mine</option>
                <option value="all">Everyone's</option>
              </select>
            </label>
          )}
        </div>
      </div>
      {message && (
        <div role={message.ok ? 'status' : 'alert'} className={message.ok ? 'ok-box' : 'error-box'}>
          {message.text}
        </div>
      )}
      {(['task', 'alert'] as const).map((kind) => {
        const list = items.filter((t) => t.kind === kind);
        return (
          <Panel key={kind} title={kind === 'task' ? 'Tasks' : 'Alerts'} wide>
            {tasks.error && <ErrorState error={tasks.error} retry={tasks.reload} what="your inbox" />}
            {tasks.data && list.length === 0 && (
              <EmptyState>{kind === 'task' ? 'No tasks here.' : 'No alerts here.'}</EmptyState>
            )}
            {list.length > 0 && (
              <ul className="inbox" aria-label={kind === 'task' ? 'Tasks' : 'Alerts'}>
                {list.map((t) => (
                  <li key={t.id} data-task={t.id}>
                    <div className="inbox-main">
                      <strong>{t.title}</strong> ·{' '}
                      <Link href={`/accounts/${t.accountId}`}>{t.accountName}</Link>
                      {t.body && <p>{t.body}</p>}
                      <p className="muted">
                        Why: {t.reason}
                        {t.playId && (
                          <>
                            {' '}
                            · <Link href={`/plays/${t.playId}`}>open the play</Link>
                          </>
                        )}
                      </p>
                      <p className="muted">
                        {fmtDateTime(t.createdAt)}
                        {t.dueAt && <> · due {fmtDateTime(t.dueAt)}</>}
                        {t.snoozedUntil && <> · snoozed until {fmtDateTime(t.snoozedUntil)}</>}
                        {t.ownerId === null && <> · no owner yet</>}
                      </p>
                    </div>
                    <div className="row">
                      {view !== 'done' && (
                        <>
                          <button type="button" onClick={() => void patch(t, { status: 'done' }, 'done')}>
                            {kind === 'task' ? 'Complete' : 'Mark read'}
                          </button>
                          {view === 'snoozed' ? (
                            <button
                              type="button"
                              onClick={() => void patch(t, { snoozeUntil: null }, 'back in the inbox')}
                            >
                              Wake now
                            </button>
                          ) : (
                            <>
                              <button
                                type="button"
                                onClick={() =>
                                  void patch(t, { snoozeUntil: snoozeTime(1) }, 'snoozed until tomorrow')
                                }
                              >
                                Snooze 1 day
                              </button>
                              <button
                                type="button"
                                onClick={() =>
                                  void patch(t, { snoozeUntil: snoozeTime(7) }, 'snoozed for a week')
                                }
                              >
                                Snooze 1 week
                              </button>
                            </>
                          )}
                          <button
                            type="button"
                            onClick={() => void patch(t, { status: 'dismissed' }, 'dismissed')}
                          >
                            Dismiss
                          </button>
                        </>
                      )}
                      {view === 'done' && (
                        <button type="button" onClick={() => void patch(t, { status: 'open' }, 'reopened')}>
                          Reopen
                        </button>
                      )}
                    </div>
                  </li>
                ))}
              </ul>
            )}
          </Panel>
        );
      })}
    </section>
  );
}
