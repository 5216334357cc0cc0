import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { HttpProblem } from '../errors/problem.ts';
import type { PlayDefinition } from './play-definition.ts';

/**
 * Check that what a definition names exists in the workspace — the entry's segment, target list or
 * stage, every persona, every e-mail template — so a play never starts against a missing reference.
 * 422 naming each missing field.
 */
export async function checkReferences(
  db: Kysely<DB>,
  workspaceId: string,
  definition: PlayDefinition,
  at = 'body.definition',
): Promise<void> {
  const checks: {
    path: string;
    table: 'segments' | 'target_lists' | 'personas' | 'content_templates' | 'journey_stages';
    id: string;
  }[] = [];
  const entry = definition.entry;
  if (entry.type === 'segment')
    checks.push({ path: `${at}.entry.segmentId`, table: 'segments', id: entry.segmentId });
  if (entry.type === 'target_list')
    checks.push({ path: `${at}.entry.listId`, table: 'target_lists', id: entry.listId });
  if (entry.type === 'stage')
    checks.push({ path: `${at}.entry.stage`, table: 'journey_stages', id: entry.stage });
  if (entry.type === 'activity' && entry.personaId)
    checks.push({ path: `${at}.entry.personaId`, table: 'personas', id: entry.personaId });
  definition.tracks.forEach((track, t) => {
    if (track.personaId)
      checks.push({ path: `${at}.tracks.${t}.personaId`, table: 'personas', id: track.personaId });
    if (track.start.on === 'activity' && track.start.personaId) {
      checks.push({
        path: `${at}.tracks.${t}.start.personaId`,
        table: 'personas',
        id: track.start.personaId,
      });
    }
    track.steps.forEach((step, s) => {
      if (step.type === 'email')
        checks.push({
          path: `${at}.tracks.${t}.steps.${s}.templateId`,
          table: 'content_templates',
          id: step.templateId,
        });
    });
  });
  const errors: { path: string; message: string }[] = [];
  for (const check of checks) {
    const key = check.table === 'journey_stages' ? sql`key` : sql`id::text`;
    const row = await sql<{ ok: boolean }>`
      SELECT EXISTS (SELECT 1 FROM ${sql.table(check.table)} WHERE workspace_id = ${workspaceId} AND ${key} = ${check.id}) AS ok`.execute(
      db,
    );
    if (row.rows[0]?.ok !== true)
      errors.push({
        path: check.path,
        message: `no such ${check.table.replace(/_/g, ' ').replace(/s$/, '')} in this workspace`,
      });
  }
  if (errors.length > 0) {
    throw new HttpProblem(422, 'Unknown reference', {
      detail: errors.map((e) => `${e.path}: ${e.message}`).join('; '),
      errors,
    });
  }
}
