import { useState } from 'react';
import { z } from 'zod';
import { api } from '../api.ts';
import { describeError, useApi } from '../hooks/useApi.ts';

const ViewList = z.object({
  data: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      filters: z.record(z.string(), z.string()),
      sort: z.string(),
      shared: z.boolean(),
      mine: z.boolean(),
    }),
  ),
});

/** Pick, save and delete named filter + sort sets of a list page (the saved-views API). */
export function SavedViews({
  page,
  filters,
  sort,
  onOpen,
}: {
  page: string;
  filters: Record<string, string>;
  sort: string;
  onOpen: (filters: Record<string, string>, sort: string) => void;
}) {
  const views = useApi(`/api/v1/saved-views?page=${page}`, ViewList);
  const [selected, setSelected] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const current = views.data?.data.find((v) => v.id === selected);

  async function save() {
    const name = window.prompt('Name this view');
    if (!name) return;
    const shared = window.confirm('Share this view with the whole workspace? (Cancel keeps it private.)');
    try {
      const body = await api('/api/v1/saved-views', {
        method: 'POST',
        json: { page, name, filters, sort, shared },
      });
      const id = typeof body === 'object' && body !== null && 'id' in body ? String(body.id) : '';
      setSelected(id);
      setMessage(`Saved “${name}”.`);
      views.reload();
    } catch (e) {
      setMessage(describeError(e));
    }
  }

  async function remove() {
    if (!current || !window.confirm(`Delete the view “${current.name}”?`)) return;
    try {
      await api(`/api/v1/saved-views/${current.id}`, { method: 'DELETE' });
      setSelected('');
      setMessage('View deleted.');
      views.reload();
    } catch (e) {
      setMessage(describeError(e));
    }
  }

  return (
    <div className="row">
      <label>
        Saved view
        <select
          value={selected}
          onChange={(e) => {
            setSelected(e.target.value);
            const view = views.data?.data.find((v) => v.id === e.target.value);
            if (view) onOpen(view.filters, view.sort);
          }}
        >
          <option value="">{views.error ? 'Views unavailable' : '— choose —'}</option>
          {views.data?.data.map((v) => (
            <option key={v.id} value={v.id}>
              {v.name}
              {v.shared ? ' (shared)' : ''}
            </option>
          ))}
        </select>
      </label>
      <button type="button" onClick={() => void save()}>
        Save view
      </button>
      {current?.mine && (
        <button type="button" onClick={() => void remove()}>
          Delete view
        </button>
      )}
      {message && (
        <span className="muted" role="status">
          {message}
        </span>
      )}
    </div>
  );
}
