import { useEffect, useState } from 'react';
import { api } from '../../api.ts';
import { describeError, useApi } from '../../hooks/useApi.ts';
import { ContactOptions, PersonaList, Preview, type PreviewT } from './content-schemas.ts';
import { PreviewFrame } from './PreviewFrame.tsx';

/** The parts of a template being edited (or a stored template's id). */
export type PreviewSource =
  | { template: { subject: string; preheader: string; html: string; text: string | null; locale: string } }
  | { templateId: string };

/**
 * Live preview of a template for a persona (a contact in it) or a picked contact: subject, inbox line,
 * the HTML in a sandboxed frame, the text part, the block variants chosen and the variables without a value.
 */
export function PreviewPane({ source }: { source: PreviewSource }) {
  const personas = useApi('/api/v1/personas', PersonaList);
  const [personaId, setPersonaId] = useState('');
  const [contactId, setContactId] = useState('');
  const [q, setQ] = useState('');
  const [contacts, setContacts] = useState<{ id: string; label: string }[]>([]);
  const [preview, setPreview] = useState<PreviewT | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [showText, setShowText] = useState(false);
  const sourceKey = JSON.stringify(source);

  useEffect(() => {
    if (q.trim().length < 2) return undefined;
    let live = true;
    const timer = setTimeout(() => {
      api(`/api/v1/contacts?q=${encodeURIComponent(q.trim())}&limit=8`)
        .then((body) => {
          if (!live) return;
          setContacts(
            ContactOptions.parse(body).data.map((c) => ({
              id: c.id,
              label: [c.firstName, c.lastName].filter(Boolean).join(' ') || c.email || c.id,
            })),
          );
        })
        .catch(() => live && setContacts([]));
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [q]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: sourceKey stands for source
  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      const who = contactId ? { contactId } : personaId ? { personaId } : {};
      api('/api/v1/content/preview', { method: 'POST', json: { ...source, ...who } })
        .then((body) => {
          if (!live) return;
          setPreview(Preview.parse(body));
          setError(null);
        })
        .catch((e: unknown) => live && setError(describeError(e)));
    }, 400);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [sourceKey, personaId, contactId]);

  const r = preview?.recipient;
  return (
    <section className="stack" aria-label="Preview">
      <div className="row">
        <label>
          Preview as persona
          <select
            value={personaId}
            onChange={(e) => {
              setPersonaId(e.target.value);
              setContactId('');
            }}
          >
            <option value="">(nobody)</option>
            {(personas.data?.data ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          or contact
          <input value={q} placeholder="Search name or e-mail" onChange={(e) => setQ(e.target.value)} />
        </label>
        {contacts.length > 0 && (
          <select aria-label="Contact" value={contactId} onChange={(e) => setContactId(e.target.value)}>
            <option value="">(pick)</option>
            {contacts.map((c) => (
              <option key={c.id} value={c.id}>
                {c.label}
              </option>
            ))}
          </select>
        )}
      </div>
      {error && (
        <div className="error-box" role="alert">
          {error}
        </div>
      )}
      {preview && r && (
        <>
          <p className="muted">
            For {r.name ?? 'a recipient without data'}
            {r.accountName ? ` at ${r.accountName}` : ''}
            {r.stage ? ` · stage ${r.stage}` : ''}
            {r.buyingStage ? ` (${r.buyingStage})` : ''}
            {r.tier ? ` · tier ${r.tier}` : ''}
            {r.industry ? ` · ${r.industry}` : ''}
            {r.language ? ` · ${r.language}` : ''}
          </p>
          <div className="kv">
            <span>Subject</span>
            <strong>{preview.subject}</strong>
            <span>Inbox line</span>
            <span>{preview.preheader || '—'}</span>
            <span>Blocks</span>
            <span>{preview.blocks.map((b) => `${b.key}: ${b.variant}`).join(' · ') || '—'}</span>
          </div>
          {preview.missingVariables.length > 0 ? (
            <div className="error-box" role="status">
              Without a value for this recipient: {preview.missingVariables.join(', ')}
            </div>
          ) : (
            <div className="ok-box" role="status">
              Every variable has a value.
            </div>
          )}
          <div className="tabs" role="tablist" aria-label="Part">
            <button type="button" role="tab" aria-selected={!showText} onClick={() => setShowText(false)}>
              HTML
            </button>
            <button type="button" role="tab" aria-selected={showText} onClick={() => setShowText(true)}>
              Text
            </button>
          </div>
          {showText ? (
            <pre className="preview-text">{preview.text}</pre>
          ) : (
            <PreviewFrame html={preview.html} />
          )}
        </>
      )}
    </section>
  );
}
