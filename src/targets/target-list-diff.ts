import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { HttpProblem } from '../errors/problem.ts';

interface DiffRow {
  account_id: string;
  name: string;
  old_tier: number | null;
  new_tier: number | null;
}

/**
 * Compare a list with another (default: the latest list of an earlier period that was approved,
 * active or archived; else the latest other list created before it): accounts added, removed, and
 * whose tier changed.
 */
export async function diffTargetLists(db: Kysely<DB>, workspaceId: string, id: string, againstId?: string) {
  const list = await db
    .selectFrom('target_lists')
    .select(['id', 'period', 'created_at'])
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!list) throw new HttpProblem(404, 'Not found', { detail: `No target list ${id} in this workspace` });
  let previousId = againstId;
  if (againstId === undefined) {
    const previous = await sql<{ id: string }>`SELECT id FROM target_lists
      WHERE workspace_id = ${workspaceId} AND id <> ${id}::uuid
      ORDER BY (period < ${list.period} AND status IN ('approved', 'active', 'archived')) DESC,
        (created_at < ${list.created_at}) DESC, period DESC, created_at DESC
      LIMIT 1`.execute(db);
    previousId = previous.rows[0]?.id;
  } else {
    const exists = await db
      .selectFrom('target_lists')
      .select('id')
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', againstId)
      .executeTakeFirst();
    if (!exists)
      throw new HttpProblem(404, 'Not found', { detail: `No target list ${againstId} in this workspace` });
  }
  if (!previousId)
    return { listId: id, againstListId: null, added: [], removed: [], tierChanged: [], unchanged: 0 };
  const rows = await sql<DiffRow>`
    SELECT coalesce(n.account_id, o.account_id) AS account_id, a.name, o.tier AS old_tier, n.tier AS new_tier
    FROM (SELECT account_id, tier FROM target_list_members WHERE workspace_id = ${workspaceId} AND list_id = ${id}::uuid) n
    FULL JOIN (SELECT account_id, tier FROM target_list_members WHERE workspace_id = ${workspaceId} AND list_id = ${previousId}::uuid) o
      ON o.account_id = n.account_id
    JOIN accounts a ON a.workspace_id = ${workspaceId} AND a.id = coalesce(n.account_id, o.account_id)
    WHERE n.tier IS DISTINCT FROM o.tier
    ORDER BY a.name, a.id`.execute(db);
  const total = await sql<{
    n: number;
  }>`SELECT count(*)::int AS n FROM target_list_members WHERE workspace_id = ${workspaceId} AND list_id = ${id}::uuid`.execute(
    db,
  );
  const added = rows.rows
    .filter((r) => r.old_tier === null)
    .map((r) => ({ accountId: r.account_id, name: r.name, tier: r.new_tier }));
  const removed = rows.rows
    .filter((r) => r.new_tier === null)
    .map((r) => ({ accountId: r.account_id, name: r.name, tier: r.old_tier }));
  const tierChanged = rows.rows
    .filter((r) => r.old_tier !== null && r.new_tier !== null)
    .map((r) => ({ accountId: r.account_id, name: r.name, from: r.old_tier, to: r.new_tier }));
  return {
    listId: id,
    againstListId: previousId,
    added,
    removed,
    tierChanged,
    unchanged: Number(total.rows[0]?.n ?? 0) - added.length - tierChanged.length,
  };
}

/** A page of a list's members (by tier, then name). */
export async function listMembers(
  db: Kysely<DB>,
  workspaceId: string,
  id: string,
  limit: number,
  offset: number,
) {
  const rows = await sql<{
    account_id: string;
    name: string;
    tier: number;
    reason: string | null;
    fit_score: number | null;
    owner_id: string | null;
  }>`
    SELECT m.account_id, a.name, m.tier, m.reason, f.score AS fit_score, a.owner_id
    FROM target_list_members m JOIN accounts a ON a.workspace_id = m.workspace_id AND a.id = m.account_id
    LEFT JOIN account_fit f ON f.workspace_id = m.workspace_id AND f.account_id = m.account_id
    WHERE m.workspace_id = ${workspaceId} AND m.list_id = ${id}::uuid
    ORDER BY m.tier, f.score DESC NULLS LAST, a.name, a.id
    LIMIT ${limit} OFFSET ${offset}`.execute(db);
  return rows.rows.map((r) => ({
    accountId: r.account_id,
    name: r.name,
    tier: Number(r.tier),
    reason: r.reason,
    fitScore: r.fit_score,
    ownerId: r.owner_id,
  }));
}
