import { type FormEvent, useEffect, useState } from 'react';
import { ApiError, api } from '../../api.ts';
import { ErrorState } from '../../components/States.tsx';
import { describeError, useApi } from '../../hooks/useApi.ts';
import { Template, TemplateList } from './content-schemas.ts';
import { PreviewPane } from './PreviewPane.tsx';

interface Draft {
  name: string;
  locale: string;
  subject: string;
  preheader: string;
  html: string;
  text: string;
}

const EMPTY: Draft = {
  name: '',
  locale: 'en-US',
  subject: '{{ account.name }}: ',
  preheader: '',
  html: '<html><body>\n{% insert "greeting" %}\n<p></p>\n{% insert "signature" %}\n</body></html>',
  text: '',
};

/**
 * Templates: pick one or start a new one, edit subject, inbox line, HTML and an optional text part
 * in Liquid, and watch the preview for a persona or contact as you type. Saving changed parts makes
 * a new version; errors name the part.
 */
export function TemplateEditor({ canEdit }: { canEdit: boolean }) {
  const list = useApi('/api/v1/content/templates', TemplateList);
  const [selected, setSelected] = useState<string | null>(null);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [version, setVersion] = useState<number | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  useEffect(() => {
    if (!selected) {
      setDraft(EMPTY);
      setVersion(null);
      return;
    }
    api(`/api/v1/content/templates/${selected}`)
      .then((body) => {
        const t = Template.parse(body);
        setDraft({
          name: t.name,
          locale: t.locale,
          subject: t.subject,
          preheader: t.preheader,
          html: t.html,
          text: t.text ?? '',
        });
        setVersion(t.currentVersion);
      })
      .catch((e: unknown) => setMessage({ ok: false, text: describeError(e) }));
  }, [selected]);

  async function save(event: FormEvent) {
    event.preventDefault();
    setMessage(null);
    const parts = { ...draft, text: draft.text.trim() === '' ? null : draft.text };
    try {
      const saved = Template.parse(
        selected
          ? await api(`/api/v1/content/templates/${selected}`, {
              method: 'PATCH',
              json: { ...parts, baseVersion: version },
            })
          : await api('/api/v1/content/templates', { method: 'POST', json: parts }),
      );
      setSelected(saved.id);
      setVersion(saved.currentVersion);
      setMessage({ ok: true, text: `Saved as version ${saved.currentVersion}.` });
      list.reload();
    } catch (e) {
      const conflict = e instanceof ApiError && e.status === 409;
      setMessage({
        ok: false,
        text: conflict ? `${describeError(e)} (reload the template)` : describeError(e),
      });
    }
  }

  const set = (key: keyof Draft) => (e: { target: { value: string } }) =>
    setDraft({ ...draft, [key]: e.target.value });
  if (list.error) return <ErrorState error={list.error} retry={list.reload} what="templates" />;
  return (
    <div className="editor-split">
      <form className="stack" onSubmit={save} aria-label="Template editor">
        <div className="row">
          <label>
            Template
            <select value={selected ?? ''} onChange={(e) => setSelected(e.target.value || null)}>
              <option value="">(new template)</option>
              {(list.data?.data ?? []).map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name} (v{t.currentVersion})
                </option>
              ))}
            </select>
          </label>
          <label>
            Name
            <input value={draft.name} onChange={set('name')} readOnly={!canEdit} required />
          </label>
          <label>
            Locale
            <input value={draft.locale} onChange={set('locale')} readOnly={!canEdit} size={8} />
          </label>
        </div>
        <label>
          Subject
          <input value={draft.subject} onChange={set('subject')} readOnly={!canEdit} />
        </label>
        <label>
          Inbox line (preheader)
          <input value={draft.preheader} onChange={set('preheader')} readOnly={!canEdit} />
        </label>
        <label>
          HTML
          <textarea rows={14} value={draft.html} onChange={set('html')} readOnly={!canEdit} />
        </label>
        <label>
          Text part (empty: generated from the HTML)
          <textarea rows={5} value={draft.text} onChange={set('text')} readOnly={!canEdit} />
        </label>
        <p className="muted">
          Variables: <code>contact.first_name</code>, <code>account.name</code>,{' '}
          <code>account.plan.goals</code>, <code>owner.name</code>, <code>play.name</code>,{' '}
          <code>unsubscribe_url</code>… Blocks: <code>{'{% insert "key" %}'}</code>. Filters:{' '}
          <code>money</code>, <code>format_date</code>, <code>format_number</code>, <code>default</code>.
        </p>
        {canEdit && (
          <div className="row">
            <button type="submit">{selected ? 'Save new version' : 'Create template'}</button>
            {version !== null && <span className="muted">Current version {version}</span>}
          </div>
        )}
        {message && (
          <div className={message.ok ? 'ok-box' : 'error-box'} role={message.ok ? 'status' : 'alert'}>
            {message.text}
          </div>
        )}
      </form>
      <PreviewPane
        source={{
          template: {
            subject: draft.subject || ' ',
            preheader: draft.preheader,
            html: draft.html || ' ',
            text: draft.text.trim() === '' ? null : draft.text,
            locale: draft.locale || 'en-US',
          },
        }}
      />
    </div>
  );
}
