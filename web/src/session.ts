import { createContext, useContext } from 'react';

export type Role = 'admin' | 'marketer' | 'sales';

export interface Session {
  userId: string | null;
  email: string | null;
  role: Role;
  workspace: { id: string; name: string; slug: string };
  workspaces: { id: string; name: string; slug: string; role: string }[];
}

function isRole(value: unknown): value is Role {
  return value === 'admin' || value === 'marketer' || value === 'sales';
}

function isWorkspace(value: unknown): value is { id: string; name: string; slug: string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    'id' in value &&
    typeof value.id === 'string' &&
    'name' in value &&
    typeof value.name === 'string' &&
    'slug' in value &&
    typeof value.slug === 'string'
  );
}

/** Narrow the `/api/v1/auth/me` answer to a Session (the API is the contract; this checks it). */
export function parseSession(value: unknown): Session | null {
  if (typeof value !== 'object' || value === null) return null;
  if (!('role' in value) || !isRole(value.role)) return null;
  if (!('workspace' in value) || !isWorkspace(value.workspace)) return null;
  const workspaces =
    'workspaces' in value && Array.isArray(value.workspaces)
      ? value.workspaces.filter(isWorkspace).map((w) => ({ ...w, role: 'role' in w ? String(w.role) : '' }))
      : [];
  return {
    userId: 'userId' in value && typeof value.userId === 'string' ? value.userId : null,
    email: 'email' in value && typeof value.email === 'string' ? value.email : null,
    role: value.role,
    workspace: value.workspace,
    workspaces,
  };
}

export const SessionContext = createContext<Session | null>(null);

/** The signed-in session; only used below the sign-in gate. */
export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in page');
  return session;
}

/** What the role may do, mirrored from the server's rules (the server still enforces them). */
export function can(session: Session, action: 'write' | 'admin'): boolean {
  if (action === 'admin') return session.role === 'admin';
  return session.role === 'admin' || session.role === 'marketer';
}
