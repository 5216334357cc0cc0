import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Goal } from './play-definition.ts';

/**
 * The first goal (or exit) that holds for a run's account, or null. Checked before every step, so an
 * account whose opportunity was created mid-play gets no more of it.
 */
export async function firstGoalReached(
  db: Kysely<DB>,
  goals: readonly Goal[],
  run: { workspaceId: string; accountId: string; enteredAt: Date },
): Promise<Goal | null> {
  for (const goal of goals) {
    if (await goalHolds(db, goal, run)) return goal;
  }
  return null;
}

async function goalHolds(
  db: Kysely<DB>,
  goal: Goal,
  run: { workspaceId: string; accountId: string; enteredAt: Date },
): Promise<boolean> {
  const ws = run.workspaceId;
  const account = run.accountId;
  let query: ReturnType<typeof sql<{ ok: boolean }>>;
  switch (goal.type) {
    case 'opportunity_created':
      query = sql<{ ok: boolean }>`SELECT EXISTS (SELECT 1 FROM opportunities WHERE workspace_id = ${ws}
        AND account_id = ${account} AND created_at >= ${run.enteredAt}) AS ok`;
      break;
    case 'meeting_booked':
      query = sql<{ ok: boolean }>`SELECT EXISTS (SELECT 1 FROM activities WHERE workspace_id = ${ws}
        AND account_id = ${account} AND type = 'meeting' AND occurred_at >= ${run.enteredAt}) AS ok`;
      break;
    case 'stage_reached':
      // At that stage or a later one of the journey.
      query = sql<{ ok: boolean }>`SELECT EXISTS (SELECT 1 FROM account_stages s
        JOIN journey_stages j ON j.workspace_id = s.workspace_id AND j.key = s.stage
        JOIN journey_stages g ON g.workspace_id = s.workspace_id AND g.key = ${goal.stage}
        WHERE s.workspace_id = ${ws} AND s.account_id = ${account} AND j.position >= g.position) AS ok`;
      break;
    case 'left_segment':
      query = sql<{ ok: boolean }>`SELECT NOT EXISTS (SELECT 1 FROM segment_memberships m
        WHERE m.workspace_id = ${ws} AND m.segment_id = ${goal.segmentId} AND m.exited_at IS NULL
          AND (m.member_id = ${account} OR m.member_id IN (SELECT c.id FROM contacts c
            WHERE c.workspace_id = ${ws} AND c.account_id = ${account}))) AS ok`;
      break;
  }
  const row = await query.execute(db);
  return row.rows[0]?.ok === true;
}
