import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { HttpProblem } from '../errors/problem.ts';

function invalid(message: string): HttpProblem {
  return new HttpProblem(422, 'Invalid parent', {
    detail: `body.parentId: ${message}`,
    errors: [{ path: 'body.parentId', message }],
  });
}

/**
 * Checks that `parentId` is an account of the same workspace and that making it the parent of
 * `accountId` (null for a new account) creates no cycle. 422 naming body.parentId otherwise.
 */
export async function assertAccountParent(
  db: Kysely<DB>,
  workspaceId: string,
  accountId: string | null,
  parentId: string | null | undefined,
): Promise<void> {
  if (!parentId) return;
  if (parentId === accountId) throw invalid('an account cannot be its own parent');
  const found = await db
    .selectFrom('accounts')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', parentId)
    .executeTakeFirst();
  if (!found) throw invalid('no such account in this workspace');
  if (!accountId) return;
  const cycle = await sql<{ id: string }>`
    WITH RECURSIVE up(id, parent_id, depth) AS (
      SELECT id, parent_id, 1 FROM accounts WHERE workspace_id = ${workspaceId} AND id = ${parentId}
      UNION
      SELECT a.id, a.parent_id, up.depth + 1 FROM accounts a
      JOIN up ON a.workspace_id = ${workspaceId} AND a.id = up.parent_id
      WHERE up.depth < 10000
    )
    SELECT id FROM up WHERE id = ${accountId} LIMIT 1`.execute(db);
  if (cycle.rows.length > 0) throw invalid('this parent would make the account its own ancestor');
}
