import { type FormEvent, useEffect, useState } from 'react';
import { ApiError, api } from '../../api.ts';
import { fmtDateTime } from '../../format.ts';
import { describeError } from '../../hooks/useApi.ts';
import { Plan, type PlanT } from './account-schemas.ts';

const SECTIONS = [
  { key: 'businessSituation', label: 'Business situation' },
  { key: 'goals', label: 'Goals' },
  { key: 'painPoints', label: 'Pain points' },
  { key: 'keyPeople', label: 'Key people' },
  { key: 'nextSteps', label: 'Next steps' },
] as const;
type SectionKey = (typeof SECTIONS)[number]['key'];

/**
 * The account plan sales and marketing edit together. Saves send the version the editor started from;
 * if someone else saved meanwhile the server answers 409 and the editor offers to reload.
 */
export function AccountPlan({
  accountId,
  canEdit,
  names,
}: {
  accountId: string;
  canEdit: boolean;
  names: Map<string, string>;
}) {
  const [plan, setPlan] = useState<PlanT | null>(null);
  const [draft, setDraft] = useState<Record<SectionKey, string> | null>(null);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error' | 'conflict'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function load() {
    try {
      const loaded = Plan.parse(await api(`/api/v1/accounts/${accountId}/plan`));
      setPlan(loaded);
      setDraft({
        businessSituation: loaded.businessSituation,
        goals: loaded.goals,
        painPoints: loaded.painPoints,
        keyPeople: loaded.keyPeople,
        nextSteps: loaded.nextSteps,
      });
    } catch (e) {
      setMessage({ kind: 'error', text: `Could not load the plan: ${describeError(e)}` });
    }
  }

  // biome-ignore lint/correctness/useExhaustiveDependencies: load once per account
  useEffect(() => {
    void load();
  }, [accountId]);

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!plan || !draft) return;
    setBusy(true);
    setMessage(null);
    try {
      const saved = Plan.parse(
        await api(`/api/v1/accounts/${accountId}/plan`, {
          method: 'PUT',
          json: { version: plan.version, ...draft },
        }),
      );
      setPlan(saved);
      setMessage({ kind: 'ok', text: `Saved (version ${saved.version}).` });
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        setMessage({ kind: 'conflict', text: `${e.detail ?? 'Someone else saved the plan.'}` });
      } else setMessage({ kind: 'error', text: describeError(e) });
    } finally {
      setBusy(false);
    }
  }

  if (!draft || !plan)
    return message ? <div className="error-box">{message.text}</div> : <p className="muted">Loading…</p>;
  return (
    <form onSubmit={save} className="stack" aria-label="Account plan">
      {SECTIONS.map((s) => (
        <label key={s.key}>
          {s.label}
          <textarea
            rows={s.key === 'businessSituation' ? 3 : 2}
            value={draft[s.key]}
            readOnly={!canEdit}
            onChange={(e) => setDraft({ ...draft, [s.key]: e.target.value })}
          />
        </label>
      ))}
      <div className="row">
        {canEdit ? (
          <button type="submit" disabled={busy}>
            {busy ? 'Saving…' : 'Save plan'}
          </button>
        ) : (
          <span className="muted">Only the account owner, marketers and admins edit this plan.</span>
        )}
        <span className="muted">
          {plan.version === 0
            ? 'Not written yet.'
            : `Version ${plan.version}, ${fmtDateTime(plan.updatedAt)}${plan.updatedBy ? ` by ${names.get(plan.updatedBy) ?? 'an API key'}` : ''}`}
        </span>
      </div>
      {message?.kind === 'ok' && (
        <div className="ok-box" role="status">
          {message.text}
        </div>
      )}
      {message?.kind === 'error' && (
        <div className="error-box" role="alert">
          {message.text}
        </div>
      )}
      {message?.kind === 'conflict' && (
        <div className="error-box" role="alert">
          {message.text}{' '}
          <button type="button" onClick={() => void load().then(() => setMessage(null))}>
            Reload the plan (your unsaved text is lost)
          </button>
        </div>
      )}
    </form>
  );
}
