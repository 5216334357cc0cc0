import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { HttpProblem } from '../http/problem.ts';

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
  const idsOf = (kind: ContentReference['kind']) => [
    ...new Set(refs.filter((r) => r.kind === kind).map((r) => r.id)),
  ];
  const known = new Set<string>();
  const personas = idsOf('persona');
  if (personas.length > 0)
    for (const r of await db
      .selectFrom('personas')
      .select('id')
      .where('workspace_id', '=', workspaceId)
      .where('id', 'in', personas)
      .execute())
      known.add(`persona:${r.id}`);
  const accounts = idsOf('account');
  if (accounts.length > 0)
    for (const r of await db
      .selectFrom('accounts')
      .select('id')
      .where('workspace_id', '=', workspaceId)
      .where('id', 'in', accounts)
      .execute())
      known.add(`account:${r.id}`);
  const members = idsOf('member');
  if (members.length > 0)
    for (const r of await db
      .selectFrom('workspace_members')
      .select('user_id')
      .where('workspace_id', '=', workspaceId)
      .where('user_id', 'in', members)
      .execute())
      known.add(`member:${r.user_id}`);
  const errors = refs
    .filter((r) => !known.has(`${r.kind}:${r.id}`))
    .map((r) => ({
      path: r.path,
      message: `no ${r.kind === 'member' ? 'user' : r.kind} ${r.id} in this workspace`,
    }));
  if (errors.length > 0) throw new HttpProblem(400, 'Bad request', { detail: errors[0]?.message, errors });
}
