import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { loadPlayVersion } from './load-play-version.ts';
import { startTracks } from './start-tracks.ts';

export interface EnrollResult {
  entered: number;
  heldOut: number;
  /** Already in the play, or not allowed back yet by the re-entry rule. */
  skipped: number;
}

/**
 * Enter accounts into a play's current version, set-based: one run per account (none for an account
 * with an open run, or whose last run ended within the re-entry period — or ever, with `never`).
 * The play's control share is held out at random and recorded (`held_out`, no steps), so measurement
 * can compare; the others get the tracks that start on entry. Only an active play enrolls.
 *
 * @example
 * await enrollAccounts(db, ws, playId, accountIds, 'segment entered');
 */
export async function enrollAccounts(
  db: Kysely<DB>,
  workspaceId: string,
  playId: string,
  accountIds: readonly string[],
  reason: string,
): Promise<EnrollResult> {
  const ids = [...new Set(accountIds)];
  if (ids.length === 0) return { entered: 0, heldOut: 0, skipped: 0 };
  const run = async (trx: Kysely<DB>): Promise<EnrollResult> => {
    const play = await trx
      .selectFrom('plays')
      .select(['version', 'status'])
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', playId)
      .forUpdate()
      .executeTakeFirst();
    if (play?.status !== 'active') return { entered: 0, heldOut: 0, skipped: ids.length };
    const definition = await loadPlayVersion(trx, workspaceId, playId, play.version);
    const reentry =
      definition.reentry.type === 'never'
        ? sql`true`
        : sql`p.ended_at > now() - make_interval(days => ${definition.reentry.days})`;
    const rows = await sql<{ id: string; status: 'active' | 'held_out' }>`
      INSERT INTO play_runs (workspace_id, play_id, version, account_id, status, reason)
      SELECT ${workspaceId}, ${playId}, ${play.version}, a.id,
        CASE WHEN random() < ${definition.guardrails.controlShare} THEN 'held_out' ELSE 'active' END, ${reason}
      FROM accounts a
      WHERE a.workspace_id = ${workspaceId} AND a.id = ANY (${ids}::uuid[])
        AND NOT EXISTS (SELECT 1 FROM play_runs p WHERE p.workspace_id = a.workspace_id AND p.play_id = ${playId}
          AND p.account_id = a.id AND (p.status IN ('active', 'held_out') OR ${reentry}))
      ORDER BY a.id
      ON CONFLICT DO NOTHING
      RETURNING id, status`.execute(trx);
    const active = rows.rows.filter((r) => r.status === 'active').map((r) => r.id);
    for (const track of definition.tracks) {
      if (track.start.on === 'entry') await startTracks(trx, workspaceId, track, active);
    }
    return {
      entered: active.length,
      heldOut: rows.rows.length - active.length,
      skipped: ids.length - rows.rows.length,
    };
  };
  return db.isTransaction ? run(db) : db.transaction().execute(run);
}
