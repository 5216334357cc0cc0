import type { Role } from '../db/schema.ts';

/** Who is calling, resolved once per request from an API key or a session cookie. */
export interface AuthContext {
  workspaceId: string;
  role: Role;
  actorType: 'user' | 'api_key' | 'system';
  /** user id, api key id, or a system label such as `cli`. */
  actorId: string;
  /** The signed-in user (sessions, and API keys created by a user). */
  userId: string | null;
}

const rank: Record<Role, number> = { sales: 1, marketer: 2, admin: 3 };

/** True when `role` is at least `needed` (admin > marketer > sales). */
export function hasRole(role: Role, needed: Role): boolean {
  return rank[role] >= rank[needed];
}

/** A system actor for CLI jobs and imports run on the server's own behalf. */
export function systemContext(workspaceId: string, label = 'cli'): AuthContext {
  return { workspaceId, role: 'admin', actorType: 'system', actorId: label, userId: null };
}
