import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';

export interface UltimateParent {
  /** The top-most ancestor (the account itself when it has no parent). */
  id: string;
  /** The account, its parent, … up to the ultimate parent. */
  path: string[];
  /** True when the parent chain loops; the walk stops before repeating an account. */
  cycle: boolean;
}

const MAX_DEPTH = 100;

/**
 * The ultimate parent of an account, walking `parent_id` upward with a recursive CTE that stops
 * on a repeated account (cycle-safe) or after 100 levels. Null when the account does not exist.
 */
export async function ultimateParentOf(
  db: Kysely<DB>,
  workspaceId: string,
  accountId: string,
): Promise<UltimateParent | null> {
  const { rows } = await sql<{ id: string; depth: number; cycle: boolean }>`
    WITH RECURSIVE up(id, parent_id, depth, path, cycle) AS (
      SELECT id, parent_id, 1, ARRAY[id], false
      FROM accounts WHERE workspace_id = ${workspaceId} AND id = ${accountId}
      UNION ALL
      SELECT a.id, a.parent_id, up.depth + 1, up.path || a.id, a.id = ANY(up.path)
      FROM accounts a JOIN up ON a.workspace_id = ${workspaceId} AND a.id = up.parent_id
      WHERE NOT up.cycle AND up.depth < ${MAX_DEPTH}
    )
    SELECT id, depth, cycle FROM up ORDER BY depth`.execute(db);
  if (rows.length === 0) return null;
  const path = rows.filter((r) => !r.cycle).map((r) => r.id);
  const top = path[path.length - 1];
  if (!top) return null;
  return { id: top, path, cycle: rows.some((r) => r.cycle) };
}
