import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { ensureSignalSettings } from '../signal-config.ts';
import { evaluateStages } from './evaluate-stages.ts';
import { forgetStageModel } from './load-stage-model.ts';
import type { Stage } from './stage-model.ts';

/**
 * Replace a workspace's stage model (validated with StageModelSchema by the caller) and re-evaluate
 * every account under it; accounts whose stage key no longer exists move like any other change.
 * Returns how many accounts changed stage.
 */
export async function replaceStageModel(
  db: Kysely<DB>,
  workspaceId: string,
  model: Stage[],
): Promise<number> {
  await ensureSignalSettings(db, workspaceId);
  await db.deleteFrom('journey_stages').where('workspace_id', '=', workspaceId).execute();
  await db
    .insertInto('journey_stages')
    .values(
      model.map((s, i) => ({
        workspace_id: workspaceId,
        key: s.key,
        position: i,
        name: s.name,
        conditions: JSON.stringify(s.when),
      })),
    )
    .execute();
  forgetStageModel(workspaceId);
  return evaluateStages(db, workspaceId, 'all', 'model_change');
}
