import { type FormEvent, useState } from 'react';
import { api } from '../../api.ts';
import { describeError } from '../../hooks/useApi.ts';
import { StaticChange } from './segment-schemas.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A static segment's members editor: add records by id, or upload a CSV (column id, email or domain). */
export function StaticMembers({ segmentId, onChanged }: { segmentId: string; onChanged: () => void }) {
  const [ids, setIds] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  async function run(call: () => Promise<unknown>) {
    setMessage(null);
    try {
      const change = StaticChange.parse(await call());
      const extra = [
        change.unknown && change.unknown.length > 0 ? `${change.unknown.length} unknown id(s) skipped` : '',
        change.unmatchedRows && change.unmatchedRows.length > 0
          ? `${change.unmatchedRows.length} CSV row(s) matched no record`
          : '',
      ].filter(Boolean);
      setMessage({ ok: true, text: `Added ${change.added}.${extra.length ? ` ${extra.join('; ')}.` : ''}` });
      onChanged();
    } catch (e) {
      setMessage({ ok: false, text: describeError(e) });
    }
  }

  function addIds(event: FormEvent) {
    event.preventDefault();
    const list = ids.split(/[\s,;]+/).filter((s) => s !== '');
    const bad = list.filter((s) => !UUID.test(s));
    if (bad.length > 0) {
      setMessage({ ok: false, text: `Not record ids: ${bad.slice(0, 3).join(', ')}` });
      return;
    }
    if (list.length === 0) return;
    void run(() =>
      api(`/api/v1/segments/${segmentId}/members`, { method: 'POST', json: { add: list } }),
    ).then(() => setIds(''));
  }

  async function upload(file: File) {
    const text = await file.text();
    await run(() =>
      api(`/api/v1/segments/${segmentId}/members/csv`, {
        method: 'POST',
        headers: { 'content-type': 'text/csv' },
        body: text,
      }),
    );
  }

  return (
    <div className="stack">
      <form className="row" onSubmit={addIds} aria-label="Add members">
        <label style={{ flex: 1 }}>
          Record ids (one per line or comma-separated)
          <textarea rows={2} value={ids} onChange={(e) => setIds(e.target.value)} />
        </label>
        <button type="submit">Add</button>
      </form>
      <label>
        Upload a CSV (a column <code>id</code>, or <code>email</code> for people, <code>domain</code> for
        accounts)
        <input
          type="file"
          accept=".csv,text/csv"
          onChange={(e) => e.target.files?.[0] && void upload(e.target.files[0])}
        />
      </label>
      {message && (
        <div className={message.ok ? 'ok-box' : 'error-box'} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </div>
      )}
    </div>
  );
}
