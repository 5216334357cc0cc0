import { type FormEvent, useState } from 'react';
import { z } from 'zod';
import { api } from '../../api.ts';
import { EmptyState, ErrorState } from '../../components/States.tsx';
import { fmtDateTime } from '../../format.ts';
import { describeError, useApi } from '../../hooks/useApi.ts';

const WriteKeys = z.object({
  data: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      prefix: z.string(),
      createdAt: z.string(),
      revokedAt: z.string().nullable(),
    }),
  ),
});

/** Write keys for website tracking, with the snippet to paste into the site. Admin only. */
export function Tracking({ isAdmin }: { isAdmin: boolean }) {
  const keys = useApi(isAdmin ? '/api/v1/write-keys' : null, WriteKeys);
  const [name, setName] = useState('');
  const [created, setCreated] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const origin = window.location.origin;
  const snippetKey = created ?? 'YOUR_WRITE_KEY';

  async function create(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      const body = await api('/api/v1/write-keys', { method: 'POST', json: { name } });
      setCreated(typeof body === 'object' && body !== null && 'key' in body ? String(body.key) : null);
      setName('');
      keys.reload();
    } catch (err) {
      setError(describeError(err));
    }
  }

  if (!isAdmin)
    return <EmptyState>Only admins create write keys. Ask an admin for the website snippet.</EmptyState>;
  return (
    <div className="stack">
      <h2>Install the website snippet</h2>
      <ol>
        <li>Create a write key below (one per website or source). The key is shown once.</li>
        <li>
          Paste this into every page, just before <code>&lt;/head&gt;</code>:
        </li>
      </ol>
      <pre className="snippet">{`<script src="${origin}/t.js" data-write-key="${snippetKey}" async></script>`}</pre>
      <ol start={3}>
        <li>
          Identify people when you know them:{' '}
          <code>{`openabm('identify', 'user-42', { email: 'ana@acme.com' })`}</code>, or add{' '}
          <code>data-openabm-identify</code> to a form with an email field.
        </li>
        <li>
          Server-side sources (Segment, RudderStack) send to {origin}/v1/batch with the write key as the
          basic-auth user.
        </li>
      </ol>
      {created && (
        <div className="ok-box" role="status" style={{ wordBreak: 'break-all' }}>
          New write key: <code>{created}</code> — copy it now; the snippet above uses it.
        </div>
      )}
      {error && (
        <div className="error-box" role="alert">
          {error}
        </div>
      )}
      <form className="row" onSubmit={create} aria-label="Create a write key">
        <label>
          Source name
          <input
            value={name}
            onChange={(e) => setName(e.target.value)}
            required
            placeholder="www.example.com"
          />
        </label>
        <button type="submit">Create write key</button>
      </form>
      {keys.error && <ErrorState error={keys.error} retry={keys.reload} what="write keys" />}
      {keys.data && keys.data.data.length > 0 && (
        <table className="grid" aria-label="Write keys">
          <thead>
            <tr>
              <th scope="col">Source</th>
              <th scope="col">Prefix</th>
              <th scope="col">Created</th>
              <th scope="col">
                <span className="sr-only">Revoke</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {keys.data.data.map((k) => (
              <tr key={k.id}>
                <td>{k.name}</td>
                <td>
                  <code>{k.prefix}…</code>
                </td>
                <td>{k.revokedAt ? `revoked ${fmtDateTime(k.revokedAt)}` : fmtDateTime(k.createdAt)}</td>
                <td>
                  {!k.revokedAt && (
                    <button
                      type="button"
                      onClick={() =>
                        window.confirm(`Revoke ${k.name}? Tracking from it stops.`) &&
                        void api(`/api/v1/write-keys/${k.id}`, { method: 'DELETE' }).then(
                          keys.reload,
                          (err: unknown) => setError(describeError(err)),
                        )
                      }
                    >
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
