import type { Kysely } from 'kysely';
import { type AuthContext, hasRole } from '../auth/auth-context.ts';
import type { DB } from '../db/schema.ts';
import { HttpProblem } from '../errors/problem.ts';

/**
 * Whether the caller may change a record owned by `ownerId`: marketers and admins change anything;
 * sales change only records they own, and cannot hand them to someone else.
 */
export function assertCanEdit(
  ctx: AuthContext,
  record: { ownerId: string | null },
  patch: { ownerId?: string | null | undefined },
): void {
  if (hasRole(ctx.role, 'marketer')) return;
  if (!ctx.userId || record.ownerId !== ctx.userId) {
    throw new HttpProblem(403, 'Forbidden', { detail: 'Sales can change only records they own' });
  }
  if (patch.ownerId !== undefined && patch.ownerId !== record.ownerId) {
    throw new HttpProblem(403, 'Forbidden', {
      detail: 'Sales cannot change the owner',
      errors: [{ path: 'body.ownerId', message: 'only marketers and admins reassign owners' }],
    });
  }
}

/** Checks that an owner id names a member of the workspace (422 naming the field otherwise). */
export async function assertWorkspaceMember(
  db: Kysely<DB>,
  workspaceId: string,
  userId: string | null | undefined,
  path = 'body.ownerId',
): Promise<void> {
  if (!userId) return;
  const member = await db
    .selectFrom('workspace_members')
    .select('user_id')
    .where('workspace_id', '=', workspaceId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (!member) {
    throw new HttpProblem(422, 'Unknown reference', {
      detail: `${path}: no such user in this workspace`,
      errors: [{ path, message: 'no such user in this workspace' }],
    });
  }
}

/** Checks that an account id exists in the workspace (422 naming the field otherwise). */
export async function assertAccountExists(
  db: Kysely<DB>,
  workspaceId: string,
  accountId: string,
  path = 'body.accountId',
): Promise<void> {
  const found = await db
    .selectFrom('accounts')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', accountId)
    .executeTakeFirst();
  if (!found) {
    throw new HttpProblem(422, 'Unknown reference', {
      detail: `${path}: no such account in this workspace`,
      errors: [{ path, message: 'no such account in this workspace' }],
    });
  }
}

/** 404 unless the account is in the workspace (for sub-resources such as /accounts/:id/contacts). */
export async function requireAccount(db: Kysely<DB>, workspaceId: string, accountId: string): Promise<void> {
  const found = await db
    .selectFrom('accounts')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', accountId)
    .executeTakeFirst();
  if (!found)
    throw new HttpProblem(404, 'Not found', { detail: `No account ${accountId} in this workspace` });
}
