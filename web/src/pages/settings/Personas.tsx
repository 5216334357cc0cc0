import { type FormEvent, useState } from 'react';
import { z } from 'zod';
import { api } from '../../api.ts';
import { ErrorState } from '../../components/States.tsx';
import { fmtInt, humanize } from '../../format.ts';
import { describeError, useApi } from '../../hooks/useApi.ts';

const ROLES = [
  'decision_maker',
  'champion',
  'influencer',
  'user',
  'budget_holder',
  'technical_evaluator',
  'legal_procurement',
  'blocker',
];
const SENIORITIES = ['c_level', 'vp', 'director', 'manager', 'individual'];
const PersonaList = z.object({
  data: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      functions: z.array(z.string()),
      seniorities: z.array(z.string()),
      includeKeywords: z.array(z.string()),
      committeeRole: z.string(),
      active: z.boolean(),
      contactCount: z.number(),
    }),
  ),
});

/** Personas: who counts as which buying-committee role; add, (de)activate, reassign contacts. */
export function Personas({ canEdit }: { canEdit: boolean }) {
  const personas = useApi('/api/v1/personas', PersonaList);
  const [name, setName] = useState('');
  const [role, setRole] = useState('champion');
  const [keywords, setKeywords] = useState('');
  const [seniority, setSeniority] = useState<string[]>([]);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  async function run(fn: () => Promise<string>) {
    setMessage(null);
    try {
      setMessage({ ok: true, text: await fn() });
      personas.reload();
    } catch (e) {
      setMessage({ ok: false, text: describeError(e) });
    }
  }

  function add(e: FormEvent) {
    e.preventDefault();
    void run(async () => {
      const includeKeywords = keywords
        .split(',')
        .map((k) => k.trim())
        .filter(Boolean);
      await api('/api/v1/personas', {
        method: 'POST',
        json: { name, committeeRole: role, includeKeywords, seniorities: seniority },
      });
      setName('');
      setKeywords('');
      return `Added persona ${name}. Reassign contacts to apply it.`;
    });
  }

  return (
    <div className="stack">
      {message && (
        <div className={message.ok ? 'ok-box' : 'error-box'} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </div>
      )}
      {personas.error && <ErrorState error={personas.error} retry={personas.reload} what="personas" />}
      <table className="grid" aria-label="Personas">
        <thead>
          <tr>
            <th scope="col">Persona</th>
            <th scope="col">Committee role</th>
            <th scope="col">Functions / seniorities / keywords</th>
            <th scope="col" className="num">
              Contacts
            </th>
            <th scope="col">Active</th>
          </tr>
        </thead>
        <tbody>
          {personas.data?.data.map((p) => (
            <tr key={p.id}>
              <td>{p.name}</td>
              <td>{humanize(p.committeeRole)}</td>
              <td style={{ whiteSpace: 'normal' }} className="muted">
                {[p.functions.join(', '), p.seniorities.join(', '), p.includeKeywords.join(', ')]
                  .filter(Boolean)
                  .join(' · ')}
              </td>
              <td className="num">{fmtInt(p.contactCount)}</td>
              <td>
                <input
                  type="checkbox"
                  aria-label={`${p.name} active`}
                  checked={p.active}
                  disabled={!canEdit}
                  onChange={(e) =>
                    void run(async () => {
                      await api(`/api/v1/personas/${p.id}`, {
                        method: 'PATCH',
                        json: { active: e.target.checked },
                      });
                      return `${p.name} ${e.target.checked ? 'activated' : 'deactivated'}.`;
                    })
                  }
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {canEdit ? (
        <>
          <form className="row" onSubmit={add} aria-label="Add a persona">
            <label>
              Name
              <input value={name} onChange={(e) => setName(e.target.value)} required />
            </label>
            <label>
              Committee role
              <select value={role} onChange={(e) => setRole(e.target.value)}>
                {ROLES.map((r) => (
                  <option key={r} value={r}>
                    {humanize(r)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Seniorities
              <select
                multiple
                value={seniority}
                onChange={(e) => setSeniority([...e.target.selectedOptions].map((o) => o.value))}
                size={3}
              >
                {SENIORITIES.map((s) => (
                  <option key={s} value={s}>
                    {humanize(s)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Title keywords (comma separated)
              <input
                value={keywords}
                onChange={(e) => setKeywords(e.target.value)}
                placeholder="procurement, purchasing"
              />
            </label>
            <button type="submit">Add persona</button>
          </form>
          <div>
            <button
              type="button"
              onClick={() =>
                void run(async () => {
                  const body = await api('/api/v1/personas/reassign', { method: 'POST', json: {} });
                  const n =
                    typeof body === 'object' && body !== null && 'contacts' in body
                      ? Number(body.contacts)
                      : 0;
                  return `Reassigned personas of ${fmtInt(n)} contacts.`;
                })
              }
            >
              Reassign all contacts
            </button>
          </div>
        </>
      ) : (
        <p className="muted">Marketers and admins edit personas.</p>
      )}
    </div>
  );
}
