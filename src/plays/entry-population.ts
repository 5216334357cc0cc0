import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { enrollAccounts } from './enroll-accounts.ts';
import { loadPlayVersion } from './load-play-version.ts';
import type { Entry } from './play-definition.ts';

/**
 * The accounts a play's entry holds for now, as a relation of `account_id`: a segment's current
 * members (the accounts of a people segment's members), a target list's accounts (of some tiers), the
 * accounts at a stage. Activity and API entries have no standing population (they enter on events).
 */
export function entryPopulationSql(
  workspaceId: string,
  entry: Entry,
): RawBuilder<{ account_id: string }> | null {
  switch (entry.type) {
    case 'segment':
      return sql`
        SELECT DISTINCT a.id AS account_id
        FROM segment_memberships m
        LEFT JOIN contacts c ON c.workspace_id = m.workspace_id AND c.id = m.member_id
        JOIN accounts a ON a.workspace_id = m.workspace_id AND a.id = coalesce(c.account_id, m.member_id)
        WHERE m.workspace_id = ${workspaceId} AND m.segment_id = ${entry.segmentId} AND m.exited_at IS NULL`;
    case 'target_list':
      return sql`
        SELECT t.account_id FROM target_list_members t
        WHERE t.workspace_id = ${workspaceId} AND t.list_id = ${entry.listId}
          ${entry.tiers ? sql`AND t.tier = ANY (${entry.tiers}::int[])` : sql``}`;
    case 'stage':
      return sql`
        SELECT s.account_id FROM account_stages s WHERE s.workspace_id = ${workspaceId} AND s.stage = ${entry.stage}`;
    case 'activity':
    case 'api':
      return null;
  }
}

/** On activation: enroll, in batches, every account the entry holds for now. Returns the runs opened. */
export async function activatePlayPopulation(
  db: Kysely<DB>,
  workspaceId: string,
  playId: string,
): Promise<number> {
  const play = await db
    .selectFrom('plays')
    .select('version')
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', playId)
    .executeTakeFirstOrThrow();
  const definition = await loadPlayVersion(db, workspaceId, playId, play.version);
  const population = entryPopulationSql(workspaceId, definition.entry);
  if (!population) return 0;
  const rows = await sql<{
    account_id: string;
  }>`SELECT account_id FROM (${population}) p ORDER BY account_id`.execute(db);
  const ids = rows.rows.map((r) => r.account_id);
  let opened = 0;
  for (let i = 0; i < ids.length; i += 5000) {
    const result = await enrollAccounts(
      db,
      workspaceId,
      playId,
      ids.slice(i, i + 5000),
      `entry: ${definition.entry.type}`,
    );
    opened += result.entered + result.heldOut;
  }
  return opened;
}
