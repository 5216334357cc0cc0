import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { entryPopulationSql } from './entry-population.ts';
import type { PlayDefinition } from './play-definition.ts';

export interface Simulation {
  /** Accounts the entry holds for now (null for activity and API entries, which enter on events). */
  entering: number | null;
  /** Of those, already in the play or barred by the re-entry rule. */
  alreadyIn: number;
  /** Expected control group (entering × control share). */
  heldOutExpected: number;
  /** Per track that starts on entry: the accounts with someone to start it for, and the people. */
  tracks: { key: string; name: string; accounts: number; people: number }[];
  /** Up to 20 entering accounts with the people each track would start for. */
  sample: { accountId: string; name: string; tracks: Record<string, number> }[];
}

/**
 * Which accounts would enter a play now, and which persona tracks would start — before activating
 * (nothing is written). Works for a saved play or a draft definition.
 */
export async function simulatePlay(
  db: Kysely<DB>,
  workspaceId: string,
  definition: PlayDefinition,
  playId: string | null,
): Promise<Simulation> {
  const population = entryPopulationSql(workspaceId, definition.entry);
  const entryTracks = definition.tracks.filter((t) => t.start.on === 'entry');
  if (!population) return { entering: null, alreadyIn: 0, heldOutExpected: 0, tracks: [], sample: [] };
  const open = playId
    ? sql`EXISTS (SELECT 1 FROM play_runs r WHERE r.workspace_id = ${workspaceId} AND r.play_id = ${playId}
        AND r.account_id = e.account_id AND r.status IN ('active', 'held_out'))`
    : sql`false`;
  const counts = await sql<{ entering: number; already: number }>`
    SELECT count(*)::int AS entering, count(*) FILTER (WHERE ${open})::int AS already
    FROM (${population}) e`.execute(db);
  const entering = counts.rows[0]?.entering ?? 0;
  const already = counts.rows[0]?.already ?? 0;
  const tracks: Simulation['tracks'] = [];
  for (const track of entryTracks) {
    const row = track.personaId
      ? await sql<{ accounts: number; people: number }>`
          SELECT count(DISTINCT c.account_id)::int AS accounts, count(*)::int AS people
          FROM (${population}) e
          JOIN contacts c ON c.workspace_id = ${workspaceId} AND c.account_id = e.account_id
          JOIN contact_personas p ON p.workspace_id = c.workspace_id AND p.contact_id = c.id AND p.persona_id = ${track.personaId}`.execute(
          db,
        )
      : { rows: [{ accounts: entering, people: 0 }] };
    tracks.push({
      key: track.key,
      name: track.name,
      accounts: row.rows[0]?.accounts ?? 0,
      people: row.rows[0]?.people ?? 0,
    });
  }
  const sample = await sql<{ account_id: string; name: string }>`
    SELECT a.id AS account_id, a.name FROM (${population}) e
    JOIN accounts a ON a.workspace_id = ${workspaceId} AND a.id = e.account_id
    ORDER BY a.name LIMIT 20`.execute(db);
  const perTrack: Record<string, Map<string, number>> = {};
  const ids = sample.rows.map((s) => s.account_id);
  for (const track of entryTracks) {
    const map = new Map<string, number>();
    if (track.personaId && ids.length > 0) {
      const rows = await sql<{ account_id: string; n: number }>`
        SELECT c.account_id, count(*)::int AS n FROM contacts c
        JOIN contact_personas p ON p.workspace_id = c.workspace_id AND p.contact_id = c.id AND p.persona_id = ${track.personaId}
        WHERE c.workspace_id = ${workspaceId} AND c.account_id = ANY (${ids}::uuid[]) GROUP BY c.account_id`.execute(
        db,
      );
      for (const r of rows.rows) map.set(r.account_id, r.n);
    } else {
      for (const id of ids) map.set(id, 1);
    }
    perTrack[track.key] = map;
  }
  return {
    entering,
    alreadyIn: already,
    heldOutExpected: Math.round((entering - already) * definition.guardrails.controlShare),
    tracks,
    sample: sample.rows.map((s) => ({
      accountId: s.account_id,
      name: s.name,
      tracks: Object.fromEntries(entryTracks.map((t) => [t.key, perTrack[t.key]?.get(s.account_id) ?? 0])),
    })),
  };
}
