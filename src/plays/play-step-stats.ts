import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { loadPlayVersion } from './load-play-version.ts';
import type { PlayStats } from './play-stats-schema.ts';

interface Row {
  track: string;
  step: string;
  accounts: number;
  people: number;
  done: number;
  due: number;
  failed: number;
  uncertain: number;
  skipped: number;
  cancelled: number;
}

/**
 * Per-step aggregate of a play over all its runs (every version): accounts and people that reached
 * each step of each track, in the current definition's order, with their step statuses — the
 * dashboard's funnel. Steps only an older version has are listed after the track's current steps.
 */
export async function playStepStats(
  db: Kysely<DB>,
  workspaceId: string,
  playId: string,
  version: number,
): Promise<PlayStats> {
  const definition = await loadPlayVersion(db, workspaceId, playId, version);
  const runs = await sql<{ status: string; n: number }>`
    SELECT status, count(*)::int AS n FROM play_runs
    WHERE workspace_id = ${workspaceId} AND play_id = ${playId} GROUP BY status`.execute(db);
  const byStatus = new Map(runs.rows.map((r) => [r.status, r.n]));
  const rows = await sql<Row>`
    SELECT s.track, s.step, count(DISTINCT s.run_id)::int AS accounts, count(*)::int AS people,
      count(*) FILTER (WHERE s.status = 'done')::int AS done,
      count(*) FILTER (WHERE s.status IN ('due', 'running'))::int AS due,
      count(*) FILTER (WHERE s.status = 'failed')::int AS failed,
      count(*) FILTER (WHERE s.status = 'uncertain')::int AS uncertain,
      count(*) FILTER (WHERE s.status = 'skipped')::int AS skipped,
      count(*) FILTER (WHERE s.status = 'cancelled')::int AS cancelled
    FROM play_runs r
    JOIN play_steps s ON s.workspace_id = r.workspace_id AND s.run_id = r.id
    WHERE r.workspace_id = ${workspaceId} AND r.play_id = ${playId}
    GROUP BY s.track, s.step`.execute(db);
  const empty = {
    accounts: 0,
    people: 0,
    done: 0,
    due: 0,
    failed: 0,
    uncertain: 0,
    skipped: 0,
    cancelled: 0,
  };
  const counts = (track: string, step: string) => {
    const row = rows.rows.find((r) => r.track === track && r.step === step);
    if (!row) return empty;
    const { track: _t, step: _s, ...rest } = row;
    return rest;
  };
  const tracks: PlayStats['tracks'] = definition.tracks.map((track) => {
    const known = new Set(track.steps.map((s) => s.id));
    const older = rows.rows.filter((r) => r.track === track.key && !known.has(r.step));
    return {
      key: track.key,
      name: track.name,
      personaId: track.personaId ?? null,
      start: track.start.on,
      steps: [
        ...track.steps.map((s) => ({
          id: s.id,
          type: s.type,
          name: s.name ?? null,
          ...counts(track.key, s.id),
        })),
        ...older.map((r) => ({ id: r.step, type: null, name: null, ...counts(track.key, r.step) })),
      ],
    };
  });
  const n = (status: string) => byStatus.get(status) ?? 0;
  return {
    runs: {
      entered: [...byStatus.values()].reduce((a, b) => a + b, 0),
      active: n('active'),
      heldOut: n('held_out'),
      goal: n('goal'),
      exited: n('exited'),
      stopped: n('stopped'),
    },
    tracks,
  };
}
