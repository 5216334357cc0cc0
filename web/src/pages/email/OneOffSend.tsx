import { useEffect, useState } from 'react';
import { z } from 'zod';
import { api } from '../../api.ts';
import { fmtInt } from '../../format.ts';
import { describeError, useApi } from '../../hooks/useApi.ts';
import { PersonaList, TemplateList } from '../content/content-schemas.ts';

const SegmentList = z.object({
  data: z.array(z.object({ id: z.string(), name: z.string(), kind: z.string(), memberCount: z.number() })),
});
const AudiencePreview = z.object({
  segmentKind: z.string().nullable(),
  segmentMembers: z.number().nullable(),
  contacts: z.number(),
  withoutEmail: z.number(),
  sampleContactId: z.string().nullable(),
  wouldSend: z.number(),
  deferred: z.number(),
  refusals: z.array(z.object({ reason: z.string(), count: z.number() })),
});
type AudiencePreviewT = z.infer<typeof AudiencePreview>;
const Queued = z.object({ queued: z.number(), alreadyQueued: z.number(), mode: z.string() });

/**
 * A one-off send: a content-library template to a segment's people (or an account segment's contacts,
 * optionally by persona), with the count and the refusals the send policy would apply now, a test send
 * to one address, and the send itself.
 */
export function OneOffSend({ onSent }: { onSent: () => void }) {
  const templates = useApi('/api/v1/content/templates', TemplateList);
  const segments = useApi('/api/v1/segments', SegmentList);
  const personas = useApi('/api/v1/personas', PersonaList);
  const [templateId, setTemplateId] = useState('');
  const [segmentId, setSegmentId] = useState('');
  const [personaId, setPersonaId] = useState('');
  const [name, setName] = useState('');
  const [topic, setTopic] = useState('');
  const [testTo, setTestTo] = useState('');
  const [preview, setPreview] = useState<AudiencePreviewT | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const audience = segmentId ? { segmentId, ...(personaId ? { personaIds: [personaId] } : {}) } : null;
  const audienceKey = JSON.stringify([audience, topic]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: audienceKey stands for audience and topic
  useEffect(() => {
    setPreview(null);
    if (!audience) return undefined;
    let live = true;
    api('/api/v1/email/audience', { method: 'POST', json: { audience, topic: topic || null } })
      .then((body) => live && setPreview(AudiencePreview.parse(body)))
      .catch((e: unknown) => live && setMessage({ ok: false, text: describeError(e) }));
    return () => {
      live = false;
    };
  }, [audienceKey]);

  const run = async (what: () => Promise<string>) => {
    setBusy(true);
    setMessage(null);
    try {
      setMessage({ ok: true, text: await what() });
    } catch (e) {
      setMessage({ ok: false, text: describeError(e) });
    } finally {
      setBusy(false);
    }
  };
  const testSend = () =>
    run(async () => {
      const body = Queued.parse(
        await api('/api/v1/email/test', {
          method: 'POST',
          json: { templateId, to: [testTo.trim()], contactId: preview?.sampleContactId },
        }),
      );
      onSent();
      return `Test queued to ${testTo.trim()}${body.mode === 'dry-run' ? ' (dry run: no SMTP server set)' : ''}.`;
    });
  const send = () =>
    run(async () => {
      const segment = segments.data?.data.find((s) => s.id === segmentId);
      const body = Queued.parse(
        await api('/api/v1/email/sends', {
          method: 'POST',
          json: {
            name: name.trim() || `${templateName} → ${segment?.name ?? 'segment'}`,
            templateId,
            topic: topic || null,
            audience,
          },
        }),
      );
      onSent();
      return `Queued ${fmtInt(body.queued)} messages${body.alreadyQueued ? ` (${fmtInt(body.alreadyQueued)} already queued)` : ''}${body.mode === 'dry-run' ? ' — dry run: no SMTP server set' : ''}. Consent, suppressions, caps and quiet hours are checked again as each one goes out.`;
    });

  const templateName = templates.data?.data.find((t) => t.id === templateId)?.name ?? 'Template';
  const segmentKind = segments.data?.data.find((s) => s.id === segmentId)?.kind;
  return (
    <div className="stack">
      <div className="row">
        <label>
          Template
          <select value={templateId} onChange={(e) => setTemplateId(e.target.value)}>
            <option value="">(choose)</option>
            {(templates.data?.data ?? []).map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Audience segment
          <select value={segmentId} onChange={(e) => setSegmentId(e.target.value)}>
            <option value="">(choose)</option>
            {(segments.data?.data ?? []).map((s) => (
              <option key={s.id} value={s.id}>
                {s.name} ({s.kind === 'account' ? 'accounts' : 'people'}, {fmtInt(s.memberCount)})
              </option>
            ))}
          </select>
        </label>
        <label>
          Only persona
          <select value={personaId} onChange={(e) => setPersonaId(e.target.value)}>
            <option value="">(everyone)</option>
            {(personas.data?.data ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Topic
          <input value={topic} placeholder="newsletter" onChange={(e) => setTopic(e.target.value)} />
        </label>
        <label>
          Name
          <input value={name} placeholder={templateName} onChange={(e) => setName(e.target.value)} />
        </label>
      </div>
      {preview && (
        <section aria-label="Audience" className="stack">
          <p>
            <strong>{fmtInt(preview.wouldSend)}</strong> would receive it now
            {segmentKind === 'account'
              ? ` — contacts of ${fmtInt(preview.segmentMembers ?? 0)} accounts`
              : ''}
            {` (${fmtInt(preview.contacts)} contacts`}
            {preview.withoutEmail ? `, ${fmtInt(preview.withoutEmail)} without an address` : ''}
            {preview.deferred ? `, ${fmtInt(preview.deferred)} wait for the end of quiet hours` : ''}).
          </p>
          {preview.refusals.length > 0 && (
            <table className="grid" aria-label="Refusals">
              <thead>
                <tr>
                  <th scope="col">Will be refused because</th>
                  <th scope="col">People</th>
                </tr>
              </thead>
              <tbody>
                {preview.refusals.map((r) => (
                  <tr key={r.reason}>
                    <td>{r.reason}</td>
                    <td>{fmtInt(r.count)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}
      <div className="row">
        <label>
          Test to
          <input
            type="email"
            value={testTo}
            placeholder="you@company.com"
            onChange={(e) => setTestTo(e.target.value)}
          />
        </label>
        <button
          type="button"
          disabled={busy || !templateId || !testTo.includes('@') || !preview?.sampleContactId}
          onClick={testSend}
        >
          Send test
        </button>
        <button
          type="button"
          disabled={busy || !templateId || !preview || preview.wouldSend + preview.deferred === 0}
          onClick={send}
        >
          Send to {preview ? fmtInt(preview.wouldSend + preview.deferred) : '…'} people
        </button>
      </div>
      {message && (
        <div className={message.ok ? 'ok-box' : 'error-box'} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </div>
      )}
    </div>
  );
}
