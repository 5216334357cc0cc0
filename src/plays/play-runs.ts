import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import type { DB } from '../db/schema.ts';

export const RunOutSchema = z.object({
  id: z.uuid(),
  accountId: z.uuid(),
  accountName: z.string(),
  version: z.number().int(),
  status: z.string(),
  reason: z.string(),
  enteredAt: z.string(),
  endedAt: z.string().nullable(),
  steps: z.object({ done: z.number(), due: z.number(), uncertain: z.number(), failed: z.number() }),
});
export type RunOut = z.output<typeof RunOutSchema>;

const NextStepSchema = z.object({
  track: z.string(),
  step: z.string(),
  contactId: z.uuid().nullable(),
  dueAt: z.string(),
});

export const AccountPlaySchema = RunOutSchema.extend({
  playId: z.uuid(),
  playName: z.string(),
  next: z.array(NextStepSchema),
});

interface RunRow {
  id: string;
  account_id: string;
  account_name: string;
  version: number;
  status: string;
  reason: string;
  entered_at: Date;
  ended_at: Date | null;
  done: number;
  due: number;
  uncertain: number;
  failed: number;
}

function runOut(r: RunRow): RunOut {
  return {
    id: r.id,
    accountId: r.account_id,
    accountName: r.account_name,
    version: r.version,
    status: r.status,
    reason: r.reason,
    enteredAt: r.entered_at.toISOString(),
    endedAt: r.ended_at?.toISOString() ?? null,
    steps: { done: r.done, due: r.due, uncertain: r.uncertain, failed: r.failed },
  };
}

const stepCounts = sql`
  (SELECT count(*) FILTER (WHERE s.status = 'done') FROM play_steps s WHERE s.workspace_id = r.workspace_id AND s.run_id = r.id)::int AS done,
  (SELECT count(*) FILTER (WHERE s.status IN ('due', 'running')) FROM play_steps s WHERE s.workspace_id = r.workspace_id AND s.run_id = r.id)::int AS due,
  (SELECT count(*) FILTER (WHERE s.status = 'uncertain') FROM play_steps s WHERE s.workspace_id = r.workspace_id AND s.run_id = r.id)::int AS uncertain,
  (SELECT count(*) FILTER (WHERE s.status = 'failed') FROM play_steps s WHERE s.workspace_id = r.workspace_id AND s.run_id = r.id)::int AS failed`;

/** A play's runs, newest first. */
export async function listRuns(
  db: Kysely<DB>,
  workspaceId: string,
  playId: string,
  options: { status?: string | undefined; limit: number },
): Promise<RunOut[]> {
  const rows = await sql<RunRow>`
    SELECT r.id, r.account_id, a.name AS account_name, r.version, r.status, r.reason, r.entered_at, r.ended_at, ${stepCounts}
    FROM play_runs r JOIN accounts a ON a.workspace_id = r.workspace_id AND a.id = r.account_id
    WHERE r.workspace_id = ${workspaceId} AND r.play_id = ${playId}
      ${options.status ? sql`AND r.status = ${options.status}` : sql``}
    ORDER BY r.entered_at DESC, r.id LIMIT ${options.limit}`.execute(db);
  return rows.rows.map(runOut);
}

/** The plays an account is in (every run, newest first) with each run's next scheduled steps. */
export async function accountPlays(db: Kysely<DB>, workspaceId: string, accountId: string) {
  const rows = await sql<RunRow & { play_id: string; play_name: string }>`
    SELECT r.id, r.account_id, a.name AS account_name, r.version, r.status, r.reason, r.entered_at, r.ended_at,
      p.id AS play_id, p.name AS play_name, ${stepCounts}
    FROM play_runs r
    JOIN accounts a ON a.workspace_id = r.workspace_id AND a.id = r.account_id
    JOIN plays p ON p.workspace_id = r.workspace_id AND p.id = r.play_id
    WHERE r.workspace_id = ${workspaceId} AND r.account_id = ${accountId}
    ORDER BY r.entered_at DESC LIMIT 50`.execute(db);
  const ids = rows.rows.map((r) => r.id);
  const next =
    ids.length === 0
      ? []
      : await db
          .selectFrom('play_steps')
          .select(['run_id', 'track', 'step', 'contact_id', 'due_at'])
          .where('workspace_id', '=', workspaceId)
          .where('run_id', 'in', ids)
          .where('status', 'in', ['due', 'running'])
          .orderBy('due_at')
          .limit(200)
          .execute();
  return rows.rows.map((r) => ({
    ...runOut(r),
    playId: r.play_id,
    playName: r.play_name,
    next: next
      .filter((s) => s.run_id === r.id)
      .map((s) => ({ track: s.track, step: s.step, contactId: s.contact_id, dueAt: s.due_at.toISOString() })),
  }));
}
