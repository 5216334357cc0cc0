import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { globsToRegex } from './glob-regex.ts';
import { DEFAULT_STAGE_MODEL } from './stages/stage-model.ts';

/** Default points per activity type (Demandbase-style engagement minutes). */
export const DEFAULT_WEIGHTS: ReadonlyArray<{ type: string; points: number; perMinute?: boolean }> = [
  { type: 'page_view', points: 1 },
  { type: 'key_page', points: 5 },
  { type: 'form_fill', points: 10 },
  { type: 'email_open', points: 0.1 },
  { type: 'email_click', points: 3 },
  { type: 'ad_click', points: 2 },
  { type: 'webinar_registered', points: 8 },
  { type: 'webinar_attended', points: 15 },
  { type: 'meeting', points: 20 },
  { type: 'intent_signal', points: 5 },
  { type: 'unsubscribe', points: -10 },
  { type: 'bounce', points: -5 },
];

/** Default key pages: a page view whose URL contains one of these scores `key_page` points. */
export const DEFAULT_KEY_PAGE_PATTERNS = ['/pricing', '/demo', '/contact-sales'];

export const DEFAULT_SENIORITY_MULTIPLIERS = { c_level: 2, vp: 1.5, director: 1.25, manager: 1, other: 0.5 };

/** Workspaces already set up in this process (keyed by id: transaction handles differ per call). */
const ensured = new Set<string>();

/**
 * Make sure a workspace has its signal settings, default weights and default stage model. One
 * statement the first time per process and workspace; free afterwards.
 */
export async function ensureSignalSettings(db: Kysely<DB>, workspaceId: string): Promise<void> {
  if (ensured.has(workspaceId)) return;
  const weights = JSON.stringify(
    DEFAULT_WEIGHTS.map((w) => ({ type: w.type, points: w.points, per_minute: w.perMinute ?? false })),
  );
  const stages = JSON.stringify(
    DEFAULT_STAGE_MODEL.map((s, i) => ({ key: s.key, name: s.name, position: i, conditions: s.when })),
  );
  await sql`
    WITH s AS (
      INSERT INTO signal_settings (workspace_id, key_page_patterns, key_page_regex)
      VALUES (${workspaceId}, ${DEFAULT_KEY_PAGE_PATTERNS}::text[], ${globsToRegex(DEFAULT_KEY_PAGE_PATTERNS)})
      ON CONFLICT DO NOTHING RETURNING 1
    ), w AS (
      INSERT INTO activity_weights (workspace_id, activity_type, points, per_minute)
      SELECT ${workspaceId}, x.type, x.points, x.per_minute
      FROM s, jsonb_to_recordset(${weights}::jsonb) AS x(type text, points float8, per_minute boolean)
      ON CONFLICT DO NOTHING
    ), st AS (
      INSERT INTO journey_stages (workspace_id, key, position, name, conditions)
      SELECT ${workspaceId}, x.key, x.position, x.name, x.conditions
      FROM s, jsonb_to_recordset(${stages}::jsonb) AS x(key text, position int, name text, conditions jsonb)
      WHERE NOT EXISTS (SELECT 1 FROM journey_stages j WHERE j.workspace_id = ${workspaceId})
      ON CONFLICT DO NOTHING
    )
    SELECT 1`.execute(db);
  ensured.add(workspaceId);
}
