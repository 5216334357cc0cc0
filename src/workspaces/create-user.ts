import type { Kysely } from 'kysely';
import { hashPassword } from '../auth/secrets.ts';
import type { DB, Role } from '../db/schema.ts';

export interface CreatedUser {
  id: string;
  email: string;
  role: Role;
  workspaceId: string;
}

/**
 * Create a user (or find the existing one with that email) and add them to a workspace with a role.
 * A password, when given, is stored as an scrypt hash. Re-running with the same email updates the role.
 */
export async function createUser(
  db: Kysely<DB>,
  input: {
    workspaceId: string;
    email: string;
    role: Role;
    password?: string | undefined;
    name?: string | null;
  },
): Promise<CreatedUser> {
  const email = input.email.trim().toLowerCase();
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  return db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('users')
      .select('id')
      .where((eb) => eb(eb.fn('lower', ['email']), '=', email))
      .executeTakeFirst();
    let userId: string;
    if (existing) {
      userId = existing.id;
      if (passwordHash)
        await trx
          .updateTable('users')
          .set({ password_hash: passwordHash })
          .where('id', '=', userId)
          .execute();
    } else {
      const row = await trx
        .insertInto('users')
        .values({ email, name: input.name ?? null, password_hash: passwordHash })
        .returning('id')
        .executeTakeFirstOrThrow();
      userId = row.id;
    }
    await trx
      .insertInto('workspace_members')
      .values({ workspace_id: input.workspaceId, user_id: userId, role: input.role })
      .onConflict((oc) => oc.columns(['workspace_id', 'user_id']).doUpdateSet({ role: input.role }))
      .execute();
    return { id: userId, email, role: input.role, workspaceId: input.workspaceId };
  });
}
