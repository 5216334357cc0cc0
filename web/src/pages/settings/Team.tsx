import { type FormEvent, useState } from 'react';
import { z } from 'zod';
import { api } from '../../api.ts';
import { ErrorState } from '../../components/States.tsx';
import { fmtDateTime } from '../../format.ts';
import { describeError, useApi } from '../../hooks/useApi.ts';
import { Users } from '../../schemas.ts';

const ROLES = ['admin', 'marketer', 'sales'] as const;
const Keys = z.object({
  data: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      role: z.string(),
      prefix: z.string(),
      createdAt: z.string(),
      lastUsedAt: z.string().nullable(),
      revokedAt: z.string().nullable(),
    }),
  ),
});

/** Users and roles, and API keys (admin only; the page is read-only for other roles). */
export function Team({ isAdmin }: { isAdmin: boolean }) {
  const users = useApi('/api/v1/users', Users);
  const keys = useApi(isAdmin ? '/api/v1/api-keys' : null, Keys);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<string>('sales');
  const [password, setPassword] = useState('');
  const [keyName, setKeyName] = useState('');
  const [keyRole, setKeyRole] = useState<string>('marketer');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  async function run(fn: () => Promise<string>) {
    setMessage(null);
    try {
      setMessage({ ok: true, text: await fn() });
    } catch (e) {
      setMessage({ ok: false, text: describeError(e) });
    }
  }

  function addUser(e: FormEvent) {
    e.preventDefault();
    void run(async () => {
      await api('/api/v1/users', {
        method: 'POST',
        json: { email, role, ...(password ? { password } : {}) },
      });
      users.reload();
      setEmail('');
      setPassword('');
      return `Added ${email} as ${role}.`;
    });
  }

  function addKey(e: FormEvent) {
    e.preventDefault();
    void run(async () => {
      const body = await api('/api/v1/api-keys', { method: 'POST', json: { name: keyName, role: keyRole } });
      keys.reload();
      const key = typeof body === 'object' && body !== null && 'key' in body ? String(body.key) : '';
      return `New key (copy it now, it is shown once): ${key}`;
    });
  }

  return (
    <div className="stack">
      {message && (
        <div
          className={message.ok ? 'ok-box' : 'error-box'}
          role={message.ok ? 'status' : 'alert'}
          style={{ wordBreak: 'break-all' }}
        >
          {message.text}
        </div>
      )}
      <h2>Users and roles</h2>
      {users.error && <ErrorState error={users.error} retry={users.reload} what="users" />}
      <table className="grid" aria-label="Users">
        <thead>
          <tr>
            <th scope="col">Email</th>
            <th scope="col">Name</th>
            <th scope="col">Role</th>
            <th scope="col">Added</th>
          </tr>
        </thead>
        <tbody>
          {users.data?.data.map((u) => (
            <tr key={u.id}>
              <td>{u.email}</td>
              <td>{u.name}</td>
              <td>
                {isAdmin ? (
                  <select
                    aria-label={`Role of ${u.email}`}
                    value={u.role}
                    onChange={(e) =>
                      void run(async () => {
                        await api(`/api/v1/users/${u.id}`, {
                          method: 'PATCH',
                          json: { role: e.target.value },
                        });
                        users.reload();
                        return `${u.email} is now ${e.target.value}.`;
                      })
                    }
                  >
                    {ROLES.map((r) => (
                      <option key={r}>{r}</option>
                    ))}
                  </select>
                ) : (
                  u.role
                )}
              </td>
              <td>{fmtDateTime(u.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {isAdmin ? (
        <form className="row" onSubmit={addUser} aria-label="Add a user">
          <label>
            Email
            <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} required />
          </label>
          <label>
            Role
            <select value={role} onChange={(e) => setRole(e.target.value)}>
              {ROLES.map((r) => (
                <option key={r}>{r}</option>
              ))}
            </select>
          </label>
          <label>
            Initial password (optional)
            <input
              type="password"
              minLength={8}
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              autoComplete="new-password"
            />
          </label>
          <button type="submit">Add user</button>
        </form>
      ) : (
        <p className="muted">Only admins add users, change roles and manage API keys.</p>
      )}
      {isAdmin && (
        <>
          <h2>API keys</h2>
          {keys.error && <ErrorState error={keys.error} retry={keys.reload} what="API keys" />}
          <table className="grid" aria-label="API keys">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col">Prefix</th>
                <th scope="col">Last used</th>
                <th scope="col">
                  <span className="sr-only">Revoke</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {keys.data?.data.map((k) => (
                <tr key={k.id}>
                  <td>{k.name}</td>
                  <td>{k.role}</td>
                  <td>
                    <code>{k.prefix}…</code>
                  </td>
                  <td>
                    {k.revokedAt
                      ? `revoked ${fmtDateTime(k.revokedAt)}`
                      : fmtDateTime(k.lastUsedAt) || 'never'}
                  </td>
                  <td>
                    {!k.revokedAt && (
                      <button
                        type="button"
                        onClick={() =>
                          window.confirm(`Revoke the key “${k.name}”? Integrations using it stop working.`) &&
                          void run(async () => {
                            await api(`/api/v1/api-keys/${k.id}`, { method: 'DELETE' });
                            keys.reload();
                            return `Revoked ${k.name}.`;
                          })
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
          <form className="row" onSubmit={addKey} aria-label="Create an API key">
            <label>
              Key name
              <input
                value={keyName}
                onChange={(e) => setKeyName(e.target.value)}
                required
                placeholder="CRM sync"
              />
            </label>
            <label>
              Role
              <select value={keyRole} onChange={(e) => setKeyRole(e.target.value)}>
                {ROLES.map((r) => (
                  <option key={r}>{r}</option>
                ))}
              </select>
            </label>
            <button type="submit">Create API key</button>
          </form>
        </>
      )}
    </div>
  );
}
