import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { AuthContext } from './auth-context.ts';
import { hashToken, newToken, verifyPassword } from './secrets.ts';

export const SESSION_COOKIE = 'oabm_session';
const SESSION_DAYS = 14;

export interface LoginResult {
  token: string;
  expiresAt: Date;
  workspaceId: string;
  userId: string;
}

/**
 * Check a user's password and open a session in one of their workspaces (the named one, or the first
 * they joined). Returns null for any failure, so callers cannot tell unknown users from bad passwords.
 */
export async function login(
  db: Kysely<DB>,
  input: { email: string; password: string; workspaceId?: string | undefined },
): Promise<LoginResult | null> {
  const user = await db
    .selectFrom('users')
    .select(['id', 'password_hash'])
    .where((eb) => eb(eb.fn('lower', ['email']), '=', input.email.toLowerCase()))
    .executeTakeFirst();
  if (!user?.password_hash || !(await verifyPassword(input.password, user.password_hash))) return null;
  let membership = db
    .selectFrom('workspace_members')
    .select(['workspace_id'])
    .where('user_id', '=', user.id)
    .orderBy('created_at')
    .limit(1);
  if (input.workspaceId) membership = membership.where('workspace_id', '=', input.workspaceId);
  const member = await membership.executeTakeFirst();
  if (!member) return null;
  return openSession(db, user.id, member.workspace_id);
}

/** Open a session for a user in a workspace they belong to (also used by the workspace switcher). */
export async function openSession(db: Kysely<DB>, userId: string, workspaceId: string): Promise<LoginResult> {
  const token = newToken('oabm_s', 32);
  const expiresAt = new Date(Date.now() + SESSION_DAYS * 86_400_000);
  await db
    .insertInto('sessions')
    .values({
      token_hash: hashToken(token),
      user_id: userId,
      workspace_id: workspaceId,
      expires_at: expiresAt,
    })
    .execute();
  return { token, expiresAt, workspaceId, userId };
}

/** Resolve a session cookie to the user's current role in the session's workspace. */
export async function authenticateSession(db: Kysely<DB>, token: string): Promise<AuthContext | null> {
  const row = await db
    .selectFrom('sessions as s')
    .innerJoin('workspace_members as m', (join) =>
      join.onRef('m.user_id', '=', 's.user_id').onRef('m.workspace_id', '=', 's.workspace_id'),
    )
    .select(['s.user_id', 's.workspace_id', 'm.role'])
    .where('s.token_hash', '=', hashToken(token))
    .where('s.expires_at', '>', new Date())
    .executeTakeFirst();
  if (!row) return null;
  return {
    workspaceId: row.workspace_id,
    role: row.role,
    actorType: 'user',
    actorId: row.user_id,
    userId: row.user_id,
  };
}

export async function logout(db: Kysely<DB>, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', hashToken(token)).execute();
}
