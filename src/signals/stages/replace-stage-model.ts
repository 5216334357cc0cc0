import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { ensureSignalSettings } from '../signal-config.ts';
import { evaluateStages } from './evaluate-stages.ts';
import { forgetStageModel } from './load-stage-model.ts';
import type { Stage } from './stage-model.ts';

/**
 * Replace a workspace's stage model (validated with StageModelSchema by the caller) and re-evaluate
 * every account under it; accounts whose stage key no longer exists move like any other change.
 * Accounts that keep their stage get its new position (account_stages.position) when the model
 * reordered or inserted stages. Returns how many accounts changed stage.
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
  const changed = await evaluateStages(db, workspaceId, 'all', 'model_change');
  const keys = model.map((s) => s.key);
  await sql`UPDATE account_stages SET position = array_position(${keys}::text[], stage) - 1
    WHERE workspace_id = ${workspaceId}
      AND position IS DISTINCT FROM array_position(${keys}::text[], stage) - 1`.execute(db);
  return changed;
}
