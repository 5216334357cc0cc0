import { type FormEvent, useState } from 'react';
import { api } from '../../api.ts';
import { EmptyState, ErrorState } from '../../components/States.tsx';
import { fmtDateTime } from '../../format.ts';
import { describeError, useApi } from '../../hooks/useApi.ts';
import { ASSET_KINDS, AssetList, BUYING_STAGES, FUNCTIONS, PersonaList } from './content-schemas.ts';

const stageLabel = new Map<string, string>(BUYING_STAGES.map((s) => [s.key, s.label]));
const kindLabel = new Map<string, string>(ASSET_KINDS.map((k) => [k.key, k.label]));

/** The content library: assets filtered by kind, persona, function, buying stage, industry or title; marketers add them. */
export function AssetLibrary({ canEdit }: { canEdit: boolean }) {
  const [filters, setFilters] = useState({
    kind: '',
    personaId: '',
    function: '',
    buyingStage: '',
    industry: '',
    q: '',
  });
  const qs = new URLSearchParams(Object.entries(filters).filter(([, v]) => v !== '')).toString();
  const assets = useApi(`/api/v1/content/assets${qs ? `?${qs}` : ''}`, AssetList);
  const personas = useApi('/api/v1/personas', PersonaList);
  const personaName = new Map((personas.data?.data ?? []).map((p) => [p.id, p.name]));
  const [form, setForm] = useState({
    kind: 'email',
    title: '',
    url: '',
    body: '',
    personaId: '',
    buyingStage: '',
    industry: '',
  });
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const setFilter = (key: keyof typeof filters) => (e: { target: { value: string } }) =>
    setFilters({ ...filters, [key]: e.target.value });

  async function add(event: FormEvent) {
    event.preventDefault();
    setMessage(null);
    try {
      await api('/api/v1/content/assets', {
        method: 'POST',
        json: {
          kind: form.kind,
          title: form.title,
          body: form.body,
          url: form.url.trim() === '' ? null : form.url.trim(),
          personaIds: form.personaId ? [form.personaId] : [],
          buyingStages: form.buyingStage ? [form.buyingStage] : [],
          industries: form.industry.trim() ? [form.industry.trim()] : [],
          status: 'published',
        },
      });
      setForm({ ...form, title: '', url: '', body: '' });
      setMessage({ ok: true, text: 'Added to the library.' });
      assets.reload();
    } catch (e) {
      setMessage({ ok: false, text: describeError(e) });
    }
  }

  return (
    <div className="stack">
      <search className="filters row" aria-label="Asset filters">
        <label>
          Kind
          <select value={filters.kind} onChange={setFilter('kind')}>
            <option value="">All</option>
            {ASSET_KINDS.map((k) => (
              <option key={k.key} value={k.key}>
                {k.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Persona
          <select value={filters.personaId} onChange={setFilter('personaId')}>
            <option value="">All</option>
            {(personas.data?.data ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Function
          <select value={filters.function} onChange={setFilter('function')}>
            <option value="">All</option>
            {FUNCTIONS.map((f) => (
              <option key={f} value={f}>
                {f}
              </option>
            ))}
          </select>
        </label>
        <label>
          Buying stage
          <select value={filters.buyingStage} onChange={setFilter('buyingStage')}>
            <option value="">All</option>
            {BUYING_STAGES.map((s) => (
              <option key={s.key} value={s.key}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Industry
          <input value={filters.industry} onChange={setFilter('industry')} size={14} />
        </label>
        <label>
          Title
          <input value={filters.q} onChange={setFilter('q')} size={16} />
        </label>
      </search>
      {assets.error && <ErrorState error={assets.error} retry={assets.reload} what="the content library" />}
      {assets.data && assets.data.data.length === 0 && (
        <EmptyState>No asset matches. Clear a filter or add one below.</EmptyState>
      )}
      {assets.data && assets.data.data.length > 0 && (
        <table className="grid">
          <thead>
            <tr>
              <th>Title</th>
              <th>Kind</th>
              <th>Personas</th>
              <th>Buying stage</th>
              <th>Industries</th>
              <th>Version</th>
              <th>Changed</th>
            </tr>
          </thead>
          <tbody>
            {assets.data.data.map((a) => (
              <tr key={a.id}>
                <td>{a.url ? <a href={a.url}>{a.title}</a> : a.title}</td>
                <td>{kindLabel.get(a.kind) ?? a.kind}</td>
                <td>{a.personaIds.map((id) => personaName.get(id) ?? 'unknown').join(', ')}</td>
                <td>{a.buyingStages.map((s) => stageLabel.get(s) ?? s).join(', ')}</td>
                <td>{a.industries.join(', ')}</td>
                <td>{a.version}</td>
                <td>{fmtDateTime(a.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canEdit && (
        <form className="stack panel" onSubmit={add} aria-label="Add asset">
          <h3>Add an asset</h3>
          <div className="row">
            <label>
              Kind
              <select value={form.kind} onChange={(e) => setForm({ ...form, kind: e.target.value })}>
                {ASSET_KINDS.map((k) => (
                  <option key={k.key} value={k.key}>
                    {k.label}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Title
              <input
                value={form.title}
                onChange={(e) => setForm({ ...form, title: e.target.value })}
                required
              />
            </label>
            <label>
              URL
              <input
                value={form.url}
                onChange={(e) => setForm({ ...form, url: e.target.value })}
                placeholder="https://…"
              />
            </label>
            <label>
              Persona
              <select
                value={form.personaId}
                onChange={(e) => setForm({ ...form, personaId: e.target.value })}
              >
                <option value="">(any)</option>
                {(personas.data?.data ?? []).map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Buying stage
              <select
                value={form.buyingStage}
                onChange={(e) => setForm({ ...form, buyingStage: e.target.value })}
              >
                <option value="">(any)</option>
                {BUYING_STAGES.map((s) => (
                  <option key={s.key} value={s.key}>
                    {s.label}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Industry
              <input
                value={form.industry}
                onChange={(e) => setForm({ ...form, industry: e.target.value })}
                size={14}
              />
            </label>
          </div>
          <label>
            Content
            <textarea
              rows={3}
              value={form.body}
              onChange={(e) => setForm({ ...form, body: e.target.value })}
            />
          </label>
          <div className="row">
            <button type="submit">Add</button>
          </div>
          {message && (
            <div className={message.ok ? 'ok-box' : 'error-box'} role={message.ok ? 'status' : 'alert'}>
              {message.text}
            </div>
          )}
        </form>
      )}
    </div>
  );
}
