import { type FormEvent, useEffect, useState } from 'react';
import { api } from '../../api.ts';
import { ErrorState } from '../../components/States.tsx';
import { describeError, useApi } from '../../hooks/useApi.ts';
import {
  Block,
  BlockList,
  type BlockT,
  PersonaList,
  type VariantT,
  type VariantWhenT,
} from './content-schemas.ts';
import { PreviewPane } from './PreviewPane.tsx';

const words = (s: string) =>
  s
    .split(',')
    .map((w) => w.trim())
    .filter(Boolean);
const list = (xs: readonly (string | number)[] | undefined) => (xs ?? []).join(', ');

/** Conditions from the editor's text fields; empty fields are no condition. */
function whenOf(fields: Record<string, string>, personaIds: string[]): VariantWhenT {
  const when: VariantWhenT = {};
  if (personaIds.length > 0) when.personaIds = personaIds;
  const stages = words(fields.stages ?? '');
  if (stages.length > 0) when.stages = stages;
  const tiers = words(fields.tiers ?? '')
    .map(Number)
    .filter(Number.isInteger);
  if (tiers.length > 0) when.tiers = tiers;
  const industries = words(fields.industries ?? '');
  if (industries.length > 0) when.industries = industries;
  const languages = words(fields.languages ?? '');
  if (languages.length > 0) when.languages = languages;
  return when;
}

function VariantFields({
  variant,
  personas,
  canEdit,
  onChange,
  onRemove,
}: {
  variant: VariantT;
  personas: { id: string; name: string }[];
  canEdit: boolean;
  onChange: (v: VariantT) => void;
  onRemove: () => void;
}) {
  const w = variant.when;
  const [text, setText] = useState({
    stages: list(w.stages),
    tiers: list(w.tiers),
    industries: list(w.industries),
    languages: list(w.languages),
  });
  const update = (key: keyof typeof text, value: string) => {
    const next = { ...text, [key]: value };
    setText(next);
    onChange({
      ...variant,
      when: {
        ...whenOf(next, w.personaIds ?? []),
        ...(w.accountIds ? { accountIds: w.accountIds } : {}),
        ...(w.clusters ? { clusters: w.clusters } : {}),
      },
    });
  };
  return (
    <fieldset className="stack">
      <legend>{variant.name || 'Variant'}</legend>
      <div className="row">
        <label>
          Name
          <input
            value={variant.name}
            readOnly={!canEdit}
            onChange={(e) => onChange({ ...variant, name: e.target.value })}
          />
        </label>
        <label>
          Personas
          <select
            multiple
            value={w.personaIds ?? []}
            disabled={!canEdit}
            onChange={(e) => {
              const ids = [...e.target.selectedOptions].map((o) => o.value);
              onChange({ ...variant, when: { ...w, personaIds: ids.length > 0 ? ids : undefined } });
            }}
          >
            {personas.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Stages
          <input
            value={text.stages}
            placeholder="problem, engaged"
            readOnly={!canEdit}
            onChange={(e) => update('stages', e.target.value)}
          />
        </label>
        <label>
          Tiers
          <input
            value={text.tiers}
            placeholder="1, 2"
            size={6}
            readOnly={!canEdit}
            onChange={(e) => update('tiers', e.target.value)}
          />
        </label>
        <label>
          Industries
          <input
            value={text.industries}
            readOnly={!canEdit}
            onChange={(e) => update('industries', e.target.value)}
          />
        </label>
        <label>
          Languages
          <input
            value={text.languages}
            placeholder="de, is"
            size={8}
            readOnly={!canEdit}
            onChange={(e) => update('languages', e.target.value)}
          />
        </label>
        {canEdit && (
          <button type="button" onClick={onRemove}>
            Remove
          </button>
        )}
      </div>
      {w.accountIds && <p className="muted">Only for {w.accountIds.length} named account(s).</p>}
      <textarea
        rows={4}
        value={variant.body}
        readOnly={!canEdit}
        onChange={(e) => onChange({ ...variant, body: e.target.value })}
      />
    </fieldset>
  );
}

/**
 * Shared blocks: the variants of each (one default without conditions, others by persona, stage,
 * tier, industry or language) and the templates using it; a save changes every one of them.
 */
export function BlockEditor({ canEdit }: { canEdit: boolean }) {
  const blocks = useApi('/api/v1/content/blocks', BlockList);
  const personas = useApi('/api/v1/personas', PersonaList);
  const [selected, setSelected] = useState<BlockT | null>(null);
  const [draft, setDraft] = useState<{ key: string; name: string; variants: VariantT[] }>({
    key: '',
    name: '',
    variants: [],
  });
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [revision, setRevision] = useState(0);

  useEffect(() => {
    setDraft(
      selected
        ? { key: selected.key, name: selected.name, variants: selected.variants }
        : { key: '', name: '', variants: [{ name: 'Default', when: {}, body: '<p></p>' }] },
    );
    setRevision((r) => r + 1);
  }, [selected]);

  async function save(event: FormEvent) {
    event.preventDefault();
    setMessage(null);
    try {
      const saved = Block.parse(
        selected
          ? await api(`/api/v1/content/blocks/${selected.id}`, { method: 'PATCH', json: draft })
          : await api('/api/v1/content/blocks', { method: 'POST', json: { ...draft, description: '' } }),
      );
      setSelected(saved);
      setMessage({
        ok: true,
        text: `Saved (version ${saved.version}); ${saved.usedBy.length} template(s) use it.`,
      });
      blocks.reload();
    } catch (e) {
      setMessage({ ok: false, text: describeError(e) });
    }
  }

  if (blocks.error) return <ErrorState error={blocks.error} retry={blocks.reload} what="blocks" />;
  const activePersonas = (personas.data?.data ?? []).filter((p) => p.active);
  return (
    <div className="editor-split">
      <form className="stack" onSubmit={save} aria-label="Block editor">
        <div className="row">
          <label>
            Block
            <select
              value={selected?.id ?? ''}
              onChange={(e) =>
                setSelected((blocks.data?.data ?? []).find((b) => b.id === e.target.value) ?? null)
              }
            >
              <option value="">(new block)</option>
              {(blocks.data?.data ?? []).map((b) => (
                <option key={b.id} value={b.id}>
                  {b.name} ({b.key})
                </option>
              ))}
            </select>
          </label>
          <label>
            Key
            <input
              value={draft.key}
              readOnly={!canEdit}
              onChange={(e) => setDraft({ ...draft, key: e.target.value })}
            />
          </label>
          <label>
            Name
            <input
              value={draft.name}
              readOnly={!canEdit}
              onChange={(e) => setDraft({ ...draft, name: e.target.value })}
            />
          </label>
        </div>
        {selected && (
          <p className="muted">
            Used by: {selected.usedBy.map((u) => u.name).join(', ') || 'no template yet'}. Insert with{' '}
            <code>{`{% insert "${selected.key}" %}`}</code>.
          </p>
        )}
        {draft.variants.map((v, i) => (
          <VariantFields
            // biome-ignore lint/suspicious/noArrayIndexKey: variants have no id; the revision resets the fields on load
            key={`${revision}-${i}`}
            variant={v}
            personas={activePersonas}
            canEdit={canEdit}
            onChange={(next) =>
              setDraft({ ...draft, variants: draft.variants.map((x, j) => (j === i ? next : x)) })
            }
            onRemove={() => setDraft({ ...draft, variants: draft.variants.filter((_, j) => j !== i) })}
          />
        ))}
        {canEdit && (
          <div className="row">
            <button
              type="button"
              onClick={() =>
                setDraft({
                  ...draft,
                  variants: [
                    ...draft.variants,
                    { name: `Variant ${draft.variants.length + 1}`, when: {}, body: '' },
                  ],
                })
              }
            >
              Add variant
            </button>
            <button type="submit">{selected ? 'Save block' : 'Create block'}</button>
          </div>
        )}
        {message && (
          <div className={message.ok ? 'ok-box' : 'error-box'} role={message.ok ? 'status' : 'alert'}>
            {message.text}
          </div>
        )}
      </form>
      {selected?.usedBy[0] ? (
        <PreviewPane source={{ templateId: selected.usedBy[0].id }} />
      ) : (
        <p className="muted">Save the block and use it in a template to preview it.</p>
      )}
    </div>
  );
}
