import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { type PlayDefinition, PlayDefinitionSchema } from './play-definition.ts';

const cache = new Map<string, PlayDefinition>();

/**
 * A play version's definition, parsed once per process (versions never change once written).
 * Throws when the version does not exist.
 */
export async function loadPlayVersion(
  db: Kysely<DB>,
  workspaceId: string,
  playId: string,
  version: number,
): Promise<PlayDefinition> {
  const key = `${workspaceId}:${playId}:${version}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const row = await db
    .selectFrom('play_versions')
    .select('definition')
    .where('workspace_id', '=', workspaceId)
    .where('play_id', '=', playId)
    .where('version', '=', version)
    .executeTakeFirstOrThrow();
  const definition = PlayDefinitionSchema.parse(row.definition);
  if (cache.size > 10_000) cache.clear();
  cache.set(key, definition);
  return definition;
}
