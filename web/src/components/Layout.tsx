import type { ReactNode } from 'react';
import { Link, useLocation } from 'wouter';
import { api } from '../api.ts';
import { useSession } from '../session.ts';

const nav = [
  { href: '/', label: 'Home' },
  { href: '/accounts', label: 'Accounts' },
  { href: '/segments', label: 'Segments' },
  { href: '/imports', label: 'Import' },
  { href: '/matching', label: 'Matching review' },
  { href: '/targets', label: 'ICP & targets' },
  { href: '/content', label: 'Content' },
  { href: '/email', label: 'E-mail' },
  { href: '/reports', label: 'Reports' },
  { href: '/plays', label: 'Plays' },
  { href: '/inbox', label: 'Inbox' },
  { href: '/settings', label: 'Settings' },
];

/** The app shell: navigation, workspace switcher, the signed-in user, and the page. */
export function Layout({
  children,
  onSignOut,
  onSwitched,
}: {
  children: ReactNode;
  onSignOut: () => void;
  onSwitched: () => Promise<void>;
}) {
  const session = useSession();
  const [location] = useLocation();

  async function signOut() {
    await api('/api/v1/auth/logout', { method: 'POST' });
    onSignOut();
  }

  async function switchWorkspace(workspaceId: string) {
    await api('/api/v1/auth/switch', { method: 'POST', json: { workspaceId } });
    await onSwitched();
  }

  return (
    <div className="shell">
      <nav className="sidebar" aria-label="Main">
        <div className="brand">openabm</div>
        {session.workspaces.length > 1 ? (
          <label className="switcher">
            <span className="sr-only">Workspace</span>
            <select value={session.workspace.id} onChange={(e) => void switchWorkspace(e.target.value)}>
              {session.workspaces.map((w) => (
                <option key={w.id} value={w.id}>
                  {w.name}
                </option>
              ))}
            </select>
          </label>
        ) : (
          <div className="switcher">{session.workspace.name}</div>
        )}
        <ul>
          {nav.map((item) => (
            <li key={item.href}>
              <Link
                href={item.href}
                className={
                  location === item.href || (item.href !== '/' && location.startsWith(`${item.href}/`))
                    ? 'active'
                    : ''
                }
                aria-current={location === item.href ? 'page' : undefined}
              >
                {item.label}
              </Link>
            </li>
          ))}
        </ul>
        <div className="me">
          <div>{session.email ?? 'API key'}</div>
          <div className="role">{session.role}</div>
          <button type="button" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </nav>
      <main className="content">{children}</main>
    </div>
  );
}
