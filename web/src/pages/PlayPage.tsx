import { useEffect, useMemo, useState } from 'react';
import { Link } from 'wouter';
import { ApiError, api } from '../api.ts';
import { ErrorState, Panel } from '../components/States.tsx';
import { fmtDateTime, humanize } from '../format.ts';
import { describeError, useApi } from '../hooks/useApi.ts';
import { can, useSession } from '../session.ts';
import { DefinitionEditor } from './plays/DefinitionEditor.tsx';
import { describeEntry } from './plays/describe-step.ts';
import { FieldErrors } from './plays/fields.tsx';
import { PlayDashboard } from './plays/PlayDashboard.tsx';
import { PlayDiagram } from './plays/PlayDiagram.tsx';
import { usePlayOptions } from './plays/play-options.ts';
import { Play, type PlayDefinition, type PlayT, Simulation, type SimulationT } from './plays/play-schemas.ts';
import { SimulationResult } from './plays/SimulationResult.tsx';

const TABS = ['Builder', 'Simulation', 'Dashboard'] as const;
type Tab = (typeof TABS)[number];

/** Field errors of a failed save, keyed by their path inside the definition. */
function fieldErrors(error: unknown): Map<string, string> {
  const map = new Map<string, string>();
  if (!(error instanceof ApiError)) return map;
  for (const e of error.errors) {
    const path = e.path.replace(/^body\.definition\.?/, '').replace(/^body\./, '');
    map.set(path, map.has(path) ? `${map.get(path)}; ${e.message}` : e.message);
  }
  return map;
}

/** A play: its flow as a diagram, the builder (save = new version), simulation, status and dashboard. */
export function PlayPage({ id }: { id: string }) {
  const session = useSession();
  const canEdit = can(session, 'write');
  const play = useApi(`/api/v1/plays/${id}`, Play);
  const options = usePlayOptions();
  const [tab, setTab] = useState<Tab>('Builder');
  const [draft, setDraft] = useState<PlayDefinition | null>(null);
  const [name, setName] = useState('');
  const [errors, setErrors] = useState<Map<string, string>>(new Map());
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [simulation, setSimulation] = useState<SimulationT | null>(null);
  const [busy, setBusy] = useState(false);
  const [refresh, setRefresh] = useState(0);

  useEffect(() => {
    if (play.data) {
      setDraft(play.data.definition);
      setName(play.data.name);
    }
  }, [play.data]);

  const saved = play.data;
  const dirty = useMemo(
    () =>
      !!saved &&
      !!draft &&
      (JSON.stringify(saved.definition) !== JSON.stringify(draft) || saved.name !== name),
    [saved, draft, name],
  );

  if (play.error) return <ErrorState error={play.error} retry={play.reload} what="the play" />;
  if (!saved || !draft) return <div className="boot">Loading…</div>;

  async function act(what: () => Promise<string>) {
    setBusy(true);
    setMessage(null);
    try {
      setMessage({ ok: true, text: await what() });
    } catch (e) {
      setErrors(fieldErrors(e));
      setMessage({ ok: false, text: describeError(e) });
    } finally {
      setBusy(false);
    }
  }

  const save = () =>
    act(async () => {
      const body = Play.parse(
        await api(`/api/v1/plays/${id}`, {
          method: 'PATCH',
          json: { ...(name !== saved.name ? { name } : {}), definition: draft },
        }),
      );
      setErrors(new Map());
      play.reload();
      return `Saved as version ${body.version}. Accounts already in the play keep their version.`;
    });

  const setStatus = (status: 'active' | 'paused' | 'stopped', verb: string) =>
    act(async () => {
      const body: PlayT = Play.parse(
        await api(`/api/v1/plays/${id}/status`, { method: 'POST', json: { status } }),
      );
      play.reload();
      setRefresh((r) => r + 1);
      return `${verb}: ${body.runs.active} active, ${body.runs.heldOut} held out.`;
    });

  const simulate = () =>
    act(async () => {
      // A changed draft is simulated as it stands (nothing is saved); a saved play by its id.
      const result = Simulation.parse(
        dirty
          ? await api('/api/v1/plays/simulate', { method: 'POST', json: { definition: draft } })
          : await api(`/api/v1/plays/${id}/simulate`, { method: 'POST' }),
      );
      setErrors(new Map());
      setSimulation(result);
      setTab('Simulation');
      return `Simulated ${dirty ? 'the unsaved draft' : `version ${saved.version}`}: nothing was written.`;
    });

  return (
    <section>
      <div className="page-head">
        <h1>
          <Link href="/plays">Plays</Link> › {saved.name}
        </h1>
        <span className="badge" data-status={saved.status}>
          {humanize(saved.status)}
        </span>
        <span className="meta">
          version {saved.version} · enters on {describeEntry(saved.definition, options.names)}
          {saved.activatedAt && <> · active since {fmtDateTime(saved.activatedAt)}</>}
        </span>
        <div className="actions">
          <button type="button" onClick={() => void simulate()} disabled={busy}>
            Simulate
          </button>
          {canEdit && saved.status !== 'stopped' && (
            <>
              <button type="submit" onClick={() => void save()} disabled={busy || !dirty}>
                Save new version
              </button>
              {saved.status === 'draft' && (
                <button
                  type="button"
                  onClick={() => void setStatus('active', 'Activated')}
                  disabled={busy || dirty}
                >
                  Activate
                </button>
              )}
              {saved.status === 'active' && (
                <button type="button" onClick={() => void setStatus('paused', 'Paused')} disabled={busy}>
                  Pause
                </button>
              )}
              {saved.status === 'paused' && (
                <button type="button" onClick={() => void setStatus('active', 'Resumed')} disabled={busy}>
                  Resume
                </button>
              )}
              {saved.status !== 'draft' && (
                <button
                  type="button"
                  className="danger"
                  disabled={busy}
                  onClick={() => {
                    if (
                      window.confirm(
                        'Stop this play? Every account leaves it and its due steps are cancelled.',
                      )
                    )
                      void setStatus('stopped', 'Stopped');
                  }}
                >
                  Stop
                </button>
              )}
            </>
          )}
        </div>
      </div>
      {message && (
        <div role={message.ok ? 'status' : 'alert'} className={message.ok ? 'ok-box' : 'error-box'}>
          {message.text}
        </div>
      )}
      {dirty && <p className="muted">Unsaved changes — save a new version before activating.</p>}
      <Panel title="Flow" wide>
        <PlayDiagram
          definition={draft}
          names={options.names}
          selected={selected}
          onSelect={(key) => {
            setSelected(key);
            setTab('Builder');
          }}
        />
      </Panel>
      <div className="tabs" role="tablist" aria-label="Play">
        {TABS.map((t) => (
          <button key={t} type="button" role="tab" aria-selected={tab === t} onClick={() => setTab(t)}>
            {t}
          </button>
        ))}
      </div>
      <div role="tabpanel" aria-label={tab}>
        {tab === 'Builder' && (
          <FieldErrors.Provider value={errors}>
            <fieldset disabled={!canEdit || saved.status === 'stopped'} className="plain">
              <label className="wide">
                Play name
                <input value={name} onChange={(e) => setName(e.target.value)} />
                {errors.get('name') && <span className="field-error">{errors.get('name')}</span>}
              </label>
              <DefinitionEditor
                definition={draft}
                options={options}
                selected={selected}
                onSelect={setSelected}
                onChange={setDraft}
              />
            </fieldset>
          </FieldErrors.Provider>
        )}
        {tab === 'Simulation' &&
          (simulation ? (
            <SimulationResult result={simulation} tracks={draft.tracks} />
          ) : (
            <p className="muted">
              Simulate to see which accounts would enter now and which persona tracks would start.
            </p>
          ))}
        {tab === 'Dashboard' && <PlayDashboard key={refresh} playId={id} names={options.names} />}
      </div>
    </section>
  );
}
