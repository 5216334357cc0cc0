import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { HttpProblem } from '../errors/problem.ts';

/** An id content refers to, with the request field it came from (e.g. `body.personaIds.0`). */
export interface ContentReference {
  kind: 'persona' | 'account' | 'member';
  id: string;
  path: string;
}

/** 400 naming each field whose persona, account or member (user of the workspace) does not exist there. */
export async function assertContentReferences(
  db: Kysely<DB>,
  workspaceId: string,
  refs: readonly ContentReference[],
): Promise<void> {
  if (refs.length === 0) return;
  const known = new Set<string>();
  const lookups = {
    persona: (ids: string[]) =>
      db
        .selectFrom('personas')
        .select('id')
        .where('workspace_id', '=', workspaceId)
        .where('id', 'in', ids)
        .execute(),
    account: (ids: string[]) =>
      db
        .selectFrom('accounts')
        .select('id')
        .where('workspace_id', '=', workspaceId)
        .where('id', 'in', ids)
        .execute(),
    member: (ids: string[]) =>
      db
        .selectFrom('workspace_members')
        .select('user_id as id')
        .where('workspace_id', '=', workspaceId)
        .where('user_id', 'in', ids)
        .execute(),
  };
  for (const kind of ['persona', 'account', 'member'] as const) {
    const ids = [...new Set(refs.filter((r) => r.kind === kind).map((r) => r.id))];
    if (ids.length > 0) for (const r of await lookups[kind](ids)) known.add(`${kind}:${r.id}`);
  }
  const errors = refs
    .filter((r) => !known.has(`${r.kind}:${r.id}`))
    .map((r) => ({
      path: r.path,
      message: `no ${r.kind === 'member' ? 'user' : r.kind} ${r.id} in this workspace`,
    }));
  if (errors.length > 0) throw new HttpProblem(400, 'Bad request', { detail: errors[0]?.message, errors });
}
