import { type Kysely, sql } from 'kysely';
import type { JsonObject } from '../db/json.ts';
import type { DB } from '../db/schema.ts';
import { firstGoalReached } from './check-goals.ts';
import { type ClaimedStep, effectKey } from './claim-due-steps.ts';
import { loadPlayVersion } from './load-play-version.ts';
import type { PlayDefinition, Track } from './play-definition.ts';
import { startTracks } from './start-tracks.ts';
import type { StepContext, StepResult } from './step-executor.ts';
import { STEP_REGISTRY } from './step-registry.ts';
import type { Step } from './step-schemas.ts';

/** Step types that touch the account (counted by the per-account weekly cap, logged as effects). */
const TOUCHES = new Set<Step['type']>(['email', 'task', 'alert', 'webhook']);
const DAY = 86_400_000;

/** What happened to one claimed step. */
export type StepDisposition =
  | 'done'
  | 'skipped'
  | 'failed'
  | 'rechecked'
  | 'deferred'
  | 'cancelled'
  | 'uncertain'
  | 'lost';

/**
 * Execute one claimed step: checks the run is still active and no goal or exit was reached (else the
 * run ends and its remaining steps are cancelled), applies the per-account weekly cap (deferred a
 * day when reached), runs the step's executor from the registry, records the outcome and schedules
 * what follows (the next step of the track, after a wait's delay, and any tracks it triggers) — all
 * in one transaction, so a database effect and the step's completion commit together. An outside
 * effect (webhook) is recorded as started in its own transaction before it happens (execute-step
 * never repeats one whose outcome was not recorded: see recoverStaleSteps).
 */
export async function executeStep(
  db: Kysely<DB>,
  claimed: ClaimedStep,
  now = new Date(),
): Promise<StepDisposition> {
  const ws = claimed.workspace_id;
  const definition = await loadPlayVersion(db, ws, claimed.play_id, claimed.version);
  const track = definition.tracks.find((t) => t.key === claimed.track);
  const step = track?.steps.find((s) => s.id === claimed.step);
  const key = effectKey(claimed);
  if (!track || !step) {
    await finish(db, claimed, 'failed', { reason: 'step not in this play version' });
    return 'failed';
  }
  const executor = STEP_REGISTRY[step.type];
  if (executor.external) {
    const started = await db
      .insertInto('play_effects')
      .values({
        workspace_id: ws,
        effect_key: key,
        run_id: claimed.run_id,
        kind: step.type,
        account_id: claimed.account_id,
        contact_id: claimed.contact_id,
        status: 'started',
      })
      .onConflict((oc) => oc.columns(['workspace_id', 'effect_key']).doNothing())
      .returning('effect_key')
      .executeTakeFirst();
    if (!started) {
      await finish(db, claimed, 'uncertain', { reason: 'an earlier attempt started this effect' });
      return 'uncertain';
    }
  }
  return db.transaction().execute(async (trx) => {
    // The run is locked first, then the step: steps of one run (run concurrently by one worker or
    // several) take turns, and ending a run, which cancels its other steps, cannot deadlock with them.
    const run = await trx
      .selectFrom('play_runs')
      .select('status')
      .where('workspace_id', '=', ws)
      .where('id', '=', claimed.run_id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const current = await trx
      .selectFrom('play_steps')
      .select(['status', 'claimed_at'])
      .where('workspace_id', '=', ws)
      .where('id', '=', claimed.id)
      .forUpdate()
      .executeTakeFirst();
    // Another worker re-claimed it after our lease ran out: theirs now.
    if (current?.status !== 'running' || current.claimed_at?.getTime() !== claimed.claimed_at.getTime()) {
      return 'lost';
    }
    if (run.status !== 'active') {
      await finish(trx, claimed, 'cancelled', { reason: `run ${run.status}` });
      return 'cancelled';
    }
    const runScope = { workspaceId: ws, accountId: claimed.account_id, enteredAt: claimed.entered_at };
    const goal = await firstGoalReached(trx, definition.goals, runScope);
    const exit = goal ? null : await firstGoalReached(trx, definition.exits, runScope);
    if (goal || exit) {
      await endRun(
        trx,
        claimed,
        goal ? 'goal' : 'exited',
        `${goal ? 'goal' : 'exit'}: ${(goal ?? exit)?.type}`,
      );
      return 'cancelled';
    }
    if (
      TOUCHES.has(step.type) &&
      (await touchesThisWeek(trx, ws, claimed.account_id)) >= definition.guardrails.accountWeeklyCap
    ) {
      await trx
        .updateTable('play_steps')
        .set({
          status: 'due',
          due_at: new Date(now.getTime() + DAY),
          outcome: { deferred: 'account weekly cap' },
        })
        .where('workspace_id', '=', ws)
        .where('id', '=', claimed.id)
        .execute();
      return 'deferred';
    }
    const ctx = {
      trx,
      workspaceId: ws,
      run: {
        id: claimed.run_id,
        playId: claimed.play_id,
        version: claimed.version,
        accountId: claimed.account_id,
        enteredAt: claimed.entered_at,
      },
      track,
      step,
      contactId: claimed.contact_id,
      row: { id: claimed.id, createdAt: claimed.created_at },
      now,
      businessDays: definition.guardrails.businessDays,
      effectKey: key,
    } satisfies StepContext;
    const result = await executor.execute(ctx);
    if ('recheckInMs' in result) {
      await trx
        .updateTable('play_steps')
        .set({
          status: 'due',
          waiting: true,
          due_at: new Date(now.getTime() + result.recheckInMs),
          outcome: result.outcome,
        })
        .where('workspace_id', '=', ws)
        .where('id', '=', claimed.id)
        .execute();
      return 'rechecked';
    }
    if (TOUCHES.has(step.type)) await recordEffect(trx, claimed, step.type, key, result);
    await finish(trx, claimed, result.status, result.outcome);
    await scheduleNext(trx, claimed, definition, track, step, result, now);
    return result.status;
  });
}

async function touchesThisWeek(db: Kysely<DB>, ws: string, accountId: string): Promise<number> {
  const row = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM play_effects WHERE workspace_id = ${ws} AND account_id = ${accountId}
      AND created_at > now() - interval '7 days' AND status <> 'failed'`.execute(db);
  return row.rows[0]?.n ?? 0;
}

async function recordEffect(
  db: Kysely<DB>,
  claimed: ClaimedStep,
  kind: string,
  key: string,
  result: StepResult,
): Promise<void> {
  const status = result.status === 'done' ? 'done' : 'failed';
  await db
    .insertInto('play_effects')
    .values({
      workspace_id: claimed.workspace_id,
      effect_key: key,
      run_id: claimed.run_id,
      kind,
      account_id: claimed.account_id,
      contact_id: claimed.contact_id,
      status,
      detail: result.outcome,
    })
    .onConflict((oc) =>
      oc.columns(['workspace_id', 'effect_key']).doUpdateSet({ status, detail: result.outcome }),
    )
    .execute();
}

async function finish(
  db: Kysely<DB>,
  claimed: ClaimedStep,
  status: 'done' | 'skipped' | 'failed' | 'cancelled' | 'uncertain',
  outcome: JsonObject,
): Promise<void> {
  await db
    .updateTable('play_steps')
    .set({ status, outcome, done_at: new Date(), waiting: false })
    .where('workspace_id', '=', claimed.workspace_id)
    .where('id', '=', claimed.id)
    .execute();
}

async function endRun(
  db: Kysely<DB>,
  claimed: ClaimedStep,
  status: 'goal' | 'exited',
  reason: string,
): Promise<void> {
  await db
    .updateTable('play_runs')
    .set({ status, ended_at: new Date(), reason })
    .where('workspace_id', '=', claimed.workspace_id)
    .where('id', '=', claimed.run_id)
    .execute();
  await db
    .updateTable('play_steps')
    .set({ status: 'cancelled', done_at: new Date(), outcome: { reason } })
    .where('workspace_id', '=', claimed.workspace_id)
    .where('run_id', '=', claimed.run_id)
    .where('status', 'in', ['due', 'running'])
    .execute();
}

async function scheduleNext(
  db: Kysely<DB>,
  claimed: ClaimedStep,
  definition: PlayDefinition,
  track: Track,
  step: Step,
  result: StepResult,
  now: Date,
): Promise<void> {
  const ws = claimed.workspace_id;
  const index = track.steps.findIndex((s) => s.id === step.id);
  const nextId = result.next ?? track.steps[index + 1]?.id ?? 'end';
  const next = nextId === 'end' ? undefined : track.steps.find((s) => s.id === nextId);
  if (next && result.status !== 'failed') {
    await db
      .insertInto('play_steps')
      .values({
        workspace_id: ws,
        run_id: claimed.run_id,
        track: track.key,
        step: next.id,
        contact_id: claimed.contact_id,
        due_at: new Date(now.getTime() + (result.delayMs ?? 0)),
        waiting: next.type === 'wait' && next.until !== undefined,
      })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  for (const key of result.startTracks ?? []) {
    const other = definition.tracks.find((t) => t.key === key);
    if (other) await startTracks(db, ws, other, [claimed.run_id]);
  }
}
