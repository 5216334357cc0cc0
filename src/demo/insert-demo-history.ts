import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { DemoHistory } from './generate-history.ts';

const STAGE_POSITIONS = ['unaware', 'aware', 'engaged', 'mqa', 'opportunity', 'customer'];

/**
 * Write the backdated stage changes of a batch of accounts (`account_stage_history`, reason
 * `history`) and each account's stage after them (`account_stages`), so the period reports see the
 * stages accounts held in past quarters and the signals recompute continues from there. No outbox
 * events: these changes happened before anything consumed them.
 */
export async function insertStageHistory(
  db: Kysely<DB>,
  workspaceId: string,
  histories: readonly DemoHistory[],
): Promise<number> {
  const changes = histories.flatMap((h) => h.stageChanges);
  if (changes.length === 0) return 0;
  await sql`
    INSERT INTO account_stage_history (workspace_id, account_id, from_stage, to_stage, at, reason)
    SELECT ${workspaceId}::uuid, account_id, from_stage, to_stage, at, 'history'
    FROM unnest(${changes.map((c) => c.accountId)}::uuid[], ${changes.map((c) => c.from)}::text[],
      ${changes.map((c) => c.to)}::text[], ${changes.map((c) => c.at)}::timestamptz[])
      AS t(account_id, from_stage, to_stage, at)
    ORDER BY at`.execute(db);
  const last = histories
    .map((h) => h.stageChanges.at(-1))
    .filter((c): c is NonNullable<typeof c> => c !== undefined);
  await sql`
    INSERT INTO account_stages (workspace_id, account_id, stage, since, position)
    SELECT ${workspaceId}::uuid, account_id, stage, since, array_position(${STAGE_POSITIONS}::text[], stage) - 1
    FROM unnest(${last.map((c) => c.accountId)}::uuid[], ${last.map((c) => c.to)}::text[],
      ${last.map((c) => c.at)}::timestamptz[]) AS t(account_id, stage, since)
    ON CONFLICT (workspace_id, account_id) DO UPDATE SET
      stage = excluded.stage, since = excluded.since, position = excluded.position`.execute(db);
  return changes.length;
}
