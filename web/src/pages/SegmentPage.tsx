import { useCallback, useMemo, useState } from 'react';
import { Link, useLocation } from 'wouter';
import {
  type SegmentKind,
  type SegmentRule,
  SegmentRuleSchema,
} from '../../../src/contracts/segment-contract.ts';
import { ApiError, api } from '../api.ts';
import { ErrorState, Panel } from '../components/States.tsx';
import { fmtDateTime, fmtInt } from '../format.ts';
import { describeError, useApi } from '../hooks/useApi.ts';
import { can, useSession } from '../session.ts';
import { BuilderChoicesContext } from './segments/builder-choices.ts';
import { ExplainTree } from './segments/ExplainTree.tsx';
import { MembershipChart } from './segments/MembershipChart.tsx';
import { MembersPanel } from './segments/MembersPanel.tsx';
import { RuleEditor } from './segments/RuleEditor.tsx';
import { newNode, type RuleErrors, splitErrors } from './segments/rule-tree.ts';
import { StaticMembers } from './segments/StaticMembers.tsx';
import {
  PersonaList,
  SegmentList,
  SegmentRow,
  type SegmentRowT,
  TargetListList,
  TopicList,
} from './segments/segment-schemas.ts';
import { usePreview } from './segments/use-preview.ts';

const starter = (kind: SegmentKind): SegmentRule => ({
  type: 'and',
  rules: [newNode(kind === 'account' ? 'field' : 'contactField', kind)],
});

/** A segment: the builder (`/segments/new`) or one saved segment with its members, history and explain. */
export function SegmentPage({ id }: { id: string | null }) {
  const existing = useApi(id ? `/api/v1/segments/${id}` : null, SegmentRow);
  if (id && existing.error)
    return <ErrorState error={existing.error} retry={existing.reload} what="this segment" />;
  if (id && !existing.data) return <p className="muted">Loading…</p>;
  return <Builder key={existing.data?.id ?? 'new'} saved={existing.data ?? null} reload={existing.reload} />;
}

function Builder({ saved, reload }: { saved: SegmentRowT | null; reload: () => void }) {
  const session = useSession();
  const canEdit = can(session, 'write');
  const [, navigate] = useLocation();
  const [name, setName] = useState(saved?.name ?? '');
  const [description, setDescription] = useState(saved?.description ?? '');
  const [kind, setKind] = useState<SegmentKind>(saved?.kind ?? 'account');
  const [type, setType] = useState<'dynamic' | 'static'>(saved?.type ?? 'dynamic');
  const parsedRule = useMemo(() => SegmentRuleSchema.safeParse(saved?.rule), [saved?.rule]);
  const [rule, setRule] = useState<SegmentRule>(() =>
    parsedRule.success ? parsedRule.data : starter(saved?.kind ?? 'account'),
  );
  const [saveErrors, setSaveErrors] = useState<RuleErrors | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [version, setVersion] = useState(0);
  const [explain, setExplain] = useState<{ id: string; name: string } | null>(null);

  const personas = useApi('/api/v1/personas', PersonaList);
  const topics = useApi('/api/v1/intent/topics', TopicList);
  const targetLists = useApi('/api/v1/target-lists', TargetListList);
  const segments = useApi('/api/v1/segments', SegmentList);
  const choices = useMemo(
    () => ({
      personas: personas.data?.data ?? [],
      topics: topics.data?.data ?? [],
      targetLists: targetLists.data?.data ?? [],
      segments: segments.data?.data ?? [],
      selfId: saved?.id ?? null,
    }),
    [personas.data, topics.data, targetLists.data, segments.data, saved?.id],
  );

  const dynamic = type === 'dynamic';
  const preview = usePreview(kind, dynamic ? rule : null);
  const ruleErrors = saveErrors ?? preview.ruleErrors;
  const loadExplain = useCallback(
    () =>
      explain
        ? api('/api/v1/segments/explain', { method: 'POST', json: { kind, rule, memberId: explain.id } })
        : Promise.resolve(null),
    [explain, kind, rule],
  );

  function editRule(next: SegmentRule) {
    setRule(next);
    setSaveErrors(null);
    setExplain(null);
  }

  async function save() {
    setMessage(null);
    setSaveErrors(null);
    try {
      if (saved) {
        await api(`/api/v1/segments/${saved.id}`, {
          method: 'PATCH',
          json: { name, description, ...(dynamic ? { rule } : {}) },
        });
        setMessage({ ok: true, text: dynamic ? 'Saved; the members were re-evaluated.' : 'Saved.' });
        setVersion((v) => v + 1);
        reload();
        segments.reload();
      } else {
        const created = SegmentRow.parse(
          await api('/api/v1/segments', {
            method: 'POST',
            json: { name, description, kind, type, ...(dynamic ? { rule } : {}) },
          }),
        );
        navigate(`/segments/${created.id}`);
      }
    } catch (e) {
      const split = e instanceof ApiError && e.status === 400 ? splitErrors(e.errors) : null;
      if (split && split.rule.length > 0) setSaveErrors(split.rule);
      setMessage({ ok: false, text: describeError(e) });
    }
  }

  async function rebuild() {
    if (!saved) return;
    setMessage(null);
    try {
      await api(`/api/v1/segments/${saved.id}/rebuild`, { method: 'POST' });
      setMessage({ ok: true, text: 'Rebuilt.' });
      setVersion((v) => v + 1);
      reload();
    } catch (e) {
      setMessage({ ok: false, text: describeError(e) });
    }
  }

  const changed = () => {
    setVersion((v) => v + 1);
    reload();
  };

  return (
    <BuilderChoicesContext.Provider value={choices}>
      <section>
        <div className="page-head">
          <h1>{saved ? saved.name : 'New segment'}</h1>
          <span className="meta">
            <Link href="/segments">All segments</Link>
            {saved && (
              <>
                {' · '}
                {saved.kind === 'account' ? 'Account' : 'People'} segment, {saved.type}
                {saved.rebuiltAt && `, evaluated ${fmtDateTime(saved.rebuiltAt)}`}
              </>
            )}
          </span>
          {canEdit && (
            <div className="actions">
              {saved && dynamic && (
                <button type="button" onClick={() => void rebuild()}>
                  Rebuild now
                </button>
              )}
              <button type="button" className="primary" onClick={() => void save()}>
                {saved ? 'Save' : 'Create segment'}
              </button>
            </div>
          )}
        </div>
        {message && (
          <div className={message.ok ? 'ok-box' : 'error-box'} role={message.ok ? 'status' : 'alert'}>
            {message.text}
          </div>
        )}
        <div className="editor-split">
          <div className="stack">
            <form className="row" aria-label="Segment details" onSubmit={(e) => e.preventDefault()}>
              <label>
                Name
                <input value={name} onChange={(e) => setName(e.target.value)} required size={34} />
              </label>
              <label>
                Kind
                <select
                  value={kind}
                  disabled={saved !== null}
                  onChange={(e) => {
                    const next = e.target.value === 'contact' ? 'contact' : 'account';
                    setKind(next);
                    editRule(starter(next));
                  }}
                >
                  <option value="account">Accounts</option>
                  <option value="contact">People</option>
                </select>
              </label>
              <label>
                Type
                <select
                  value={type}
                  disabled={saved !== null}
                  onChange={(e) => setType(e.target.value === 'static' ? 'static' : 'dynamic')}
                >
                  <option value="dynamic">Dynamic (rule)</option>
                  <option value="static">Static list</option>
                </select>
              </label>
              <label style={{ flex: 1, minWidth: 240 }}>
                Description
                <input value={description} onChange={(e) => setDescription(e.target.value)} />
              </label>
            </form>
            {dynamic ? (
              <div className="rule-editor">
                <RuleEditor node={rule} path="" level={kind} errors={ruleErrors} onChange={editRule} />
              </div>
            ) : saved ? (
              <Panel title="Add members">
                <StaticMembers segmentId={saved.id} onChanged={changed} />
              </Panel>
            ) : (
              <p className="muted">A static list has no rule: create it, then add members by id or CSV.</p>
            )}
          </div>
          {dynamic && (
            <Panel title="Live preview">
              <div role="status" aria-live="polite" aria-busy={preview.loading}>
                {preview.preview ? (
                  <p>
                    <span className="stat" data-testid="preview-count">
                      {fmtInt(preview.preview.count)}
                    </span>{' '}
                    {kind === 'account' ? 'accounts' : 'people'} match now{' '}
                    <span className="muted">
                      ({preview.preview.tookMs} ms{preview.loading ? ', updating…' : ''})
                    </span>
                  </p>
                ) : (
                  <p className="muted">{preview.loading ? 'Counting…' : 'Edit the rule to see a count.'}</p>
                )}
              </div>
              {preview.failure && (
                <div className="error-box" role="alert">
                  {preview.failure}
                </div>
              )}
              {preview.ruleErrors.length > 0 && (
                <p className="muted">The rule has errors; they are shown beside their conditions.</p>
              )}
              {preview.preview && preview.preview.sample.length > 0 && (
                <ul className="sample" aria-label="Sample members">
                  {preview.preview.sample.map((m) => (
                    <li key={m.id}>
                      {kind === 'account' ? <Link href={`/accounts/${m.id}`}>{m.name}</Link> : m.name}{' '}
                      <span className="muted">{m.detail}</span>{' '}
                      <button
                        type="button"
                        className="link"
                        onClick={() => setExplain({ id: m.id, name: m.name })}
                      >
                        Explain
                      </button>
                    </li>
                  ))}
                </ul>
              )}
              {explain && <ExplainTree key={`${explain.id}`} name={explain.name} load={loadExplain} />}
            </Panel>
          )}
        </div>
        {saved && (
          <div className="panels" style={{ marginTop: 12 }}>
            <Panel title="Members" wide>
              <MembersPanel segment={saved} version={version} canEdit={canEdit} onChanged={changed} />
            </Panel>
            <Panel title="Membership over time" wide>
              <MembershipChart segmentId={saved.id} version={version} />
            </Panel>
          </div>
        )}
      </section>
    </BuilderChoicesContext.Provider>
  );
}
