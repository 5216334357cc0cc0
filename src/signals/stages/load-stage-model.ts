import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { DEFAULT_STAGE_MODEL, type Stage, StageModelSchema } from './stage-model.ts';

const TTL_MS = 5_000;
/** Keyed by workspace id (transaction handles differ per call). */
const cache = new Map<string, { model: Stage[]; at: number }>();

/**
 * The workspace's ordered stage model (shallowest first). Cached in-process for a few seconds;
 * `forgetStageModel` drops the cache after a change in this process.
 */
export async function loadStageModel(db: Kysely<DB>, workspaceId: string): Promise<Stage[]> {
  const hit = cache.get(workspaceId);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.model;
  const rows = await db
    .selectFrom('journey_stages')
    .select(['key', 'name', 'conditions'])
    .where('workspace_id', '=', workspaceId)
    .orderBy('position')
    .execute();
  const parsed = StageModelSchema.safeParse(
    rows.map((r) => ({ key: r.key, name: r.name, when: r.conditions })),
  );
  const model = parsed.success ? parsed.data : DEFAULT_STAGE_MODEL;
  cache.set(workspaceId, { model, at: Date.now() });
  return model;
}

/** Drop the cached model of a workspace (after it was replaced). */
export function forgetStageModel(workspaceId: string): void {
  cache.delete(workspaceId);
}
