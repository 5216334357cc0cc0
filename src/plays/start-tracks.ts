import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Track } from './play-definition.ts';

/**
 * Schedule a track's first step for runs: one step per person of the track's persona at each run's
 * account (persona tracks), or one per run (account tracks). A track already started for a run and
 * person is not started twice (play_steps_once_key). Returns the steps scheduled.
 *
 * @example
 * await startTracks(trx, ws, track, [runId]); // e.g. when the user persona clicked
 */
export async function startTracks(
  db: Kysely<DB>,
  workspaceId: string,
  track: Track,
  runIds: readonly string[],
  options: { contactIds?: readonly string[]; dueAt?: Date } = {},
): Promise<number> {
  const first = track.steps[0];
  if (!first || runIds.length === 0) return 0;
  const due = options.dueAt ?? new Date();
  const ids = [...runIds];
  const waiting = first.type === 'wait' && first.until !== undefined;
  const result = track.personaId
    ? await sql`
        INSERT INTO play_steps (workspace_id, run_id, track, step, contact_id, due_at, waiting)
        SELECT ${workspaceId}, r.id, ${track.key}, ${first.id}, c.id, ${due}, ${waiting}
        FROM play_runs r
        JOIN contacts c ON c.workspace_id = r.workspace_id AND c.account_id = r.account_id
        JOIN contact_personas p ON p.workspace_id = c.workspace_id AND p.contact_id = c.id
          AND p.persona_id = ${track.personaId}
        WHERE r.workspace_id = ${workspaceId} AND r.id = ANY (${ids}::uuid[]) AND r.status = 'active'
          ${options.contactIds ? sql`AND c.id = ANY (${[...options.contactIds]}::uuid[])` : sql``}
        ON CONFLICT DO NOTHING`.execute(db)
    : await sql`
        INSERT INTO play_steps (workspace_id, run_id, track, step, contact_id, due_at, waiting)
        SELECT ${workspaceId}, r.id, ${track.key}, ${first.id}, NULL, ${due}, ${waiting}
        FROM play_runs r
        WHERE r.workspace_id = ${workspaceId} AND r.id = ANY (${ids}::uuid[]) AND r.status = 'active'
        ON CONFLICT DO NOTHING`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}
