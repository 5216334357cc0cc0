import { type FormEvent, useState } from 'react';
import { api } from '../../api.ts';
import { EmptyState, ErrorState } from '../../components/States.tsx';
import { fmtDateTime } from '../../format.ts';
import { describeError, useApi } from '../../hooks/useApi.ts';
import { ChoiceField } from './ChoiceField.tsx';
import { ASSET_KINDS, AssetList, BUYING_STAGES, FUNCTIONS, PersonaList } from './content-schemas.ts';

const KIND_OPTIONS = ASSET_KINDS.map((k) => ({ value: k.key, label: k.label }));
const STAGE_OPTIONS = BUYING_STAGES.map((s) => ({ value: s.key, label: s.label }));
const FUNCTION_OPTIONS = FUNCTIONS.map((f) => ({ value: f, label: f }));
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
  const personaOptions = (personas.data?.data ?? []).map((p) => ({ value: p.id, label: p.name }));
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
        <ChoiceField
          label="Kind"
          value={filters.kind}
          options={KIND_OPTIONS}
          empty="All"
          onChange={(v) => setFilters({ ...filters, kind: v })}
        />
        <ChoiceField
          label="Persona"
          value={filters.personaId}
          options={personaOptions}
          empty="All"
          onChange={(v) => setFilters({ ...filters, personaId: v })}
        />
        <ChoiceField
          label="Function"
          value={filters.function}
          options={FUNCTION_OPTIONS}
          empty="All"
          onChange={(v) => setFilters({ ...filters, function: v })}
        />
        <ChoiceField
          label="Buying stage"
          value={filters.buyingStage}
          options={STAGE_OPTIONS}
          empty="All"
          onChange={(v) => setFilters({ ...filters, buyingStage: v })}
        />
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
            <ChoiceField
              label="Kind"
              value={form.kind}
              options={KIND_OPTIONS}
              onChange={(v) => setForm({ ...form, kind: v })}
            />
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
            <ChoiceField
              label="Persona"
              value={form.personaId}
              options={personaOptions}
              empty="(any)"
              onChange={(v) => setForm({ ...form, personaId: v })}
            />
            <ChoiceField
              label="Buying stage"
              value={form.buyingStage}
              options={STAGE_OPTIONS}
              empty="(any)"
              onChange={(v) => setForm({ ...form, buyingStage: v })}
            />
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
