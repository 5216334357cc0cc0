import { type Kysely, sql } from 'kysely';
import { systemContext } from '../auth/auth-context.ts';
import type { DB } from '../db/schema.ts';
import type { ClaimedStep } from '../plays/claim-due-steps.ts';
import { executeStep } from '../plays/execute-step.ts';
import type { PlayDefinitionInput } from '../plays/play-definition.ts';
import { PlayDefinitionSchema } from '../plays/play-definition.ts';
import { createPlay } from '../plays/play-store.ts';
import { startTracks } from '../plays/start-tracks.ts';
import type { Condition } from '../plays/step-schemas.ts';
import { rngFor } from '../random/seeded-random.ts';
import { rebuildSegment } from '../segments/rebuild-segment.ts';
import { createSegment } from '../segments/segment-store.ts';
import { DEMO_PLAYS } from './generate-history.ts';
import { DEFAULT_PLANTED_LIFT, isHeldOut, quartersBack } from './planted-lift.ts';

const DAY = 86_400_000;
/** At most this many runs per demo play get a simulated history (the demo's start time stays short). */
const MAX_RUNS = 250;

export interface DemoPlaysResult {
  plays: number;
  runs: { active: number; heldOut: number; goal: number };
  steps: number;
}

/**
 * The demo's two plays, running with history: a 1:1 executive programme for Tier 1 targets (owner
 * alerts and tasks, a personalised intro to the economic buyer with a follow-up when they stay quiet,
 * a control group held out — the same accounts the world generator planted no lift for) and a 1:many
 * nurture for engaged Tier 2–3 targets whose end users' clicks trigger the approvers' track. Runs enter
 * over the history window and the real engine (executeStep) executes their steps on a simulated clock,
 * day by day up to now, so steps, tasks, alerts and queued e-mails are what the worker would have
 * produced; steps due from now on are left for the play worker of the running demo.
 */
export async function createDemoPlays(
  db: Kysely<DB>,
  workspaceId: string,
  options: { seed: number; controlShare?: number; quarters?: number; now?: Date },
): Promise<DemoPlaysResult | null> {
  const now = options.now ?? new Date();
  const controlShare = options.controlShare ?? DEFAULT_PLANTED_LIFT.controlShare;
  const start = quartersBack(now, options.quarters ?? DEFAULT_PLANTED_LIFT.historyQuarters)[0]?.start ?? now;
  const ids = await lookups(db, workspaceId);
  if (!ids) return null;
  const ctx = systemContext(workspaceId, 'demo');
  const segment = await createSegment(db, ctx, {
    name: 'Tier 1 target accounts',
    description: 'Every Tier 1 target account (the executive programme enrols them)',
    kind: 'account',
    type: 'dynamic',
    rule: {
      type: 'and',
      rules: [
        { type: 'field', field: 'isTarget', op: 'eq', value: true },
        { type: 'field', field: 'tier', op: 'eq', value: 1 },
      ],
    },
  });
  await db.transaction().execute((trx) => rebuildSegment(trx, workspaceId, segment.id, 'rebuild'));
  const executive = await createPlay(db, ctx, {
    name: DEMO_PLAYS.executive.name,
    definition: PlayDefinitionSchema.parse(executiveDefinition(segment.id, ids, controlShare)),
  });
  const nurture = await createPlay(db, ctx, {
    name: DEMO_PLAYS.nurture.name,
    definition: PlayDefinitionSchema.parse(nurtureDefinition(ids)),
  });
  await db
    .updateTable('plays')
    .set({ status: 'active', activated_at: start })
    .where('workspace_id', '=', workspaceId)
    .where('id', 'in', [executive.id, nurture.id])
    .execute();

  // Who entered when: Tier 1 targets over the first six weeks; engaged Tier 2–3 targets when they became engaged.
  const tier1 = await db
    .selectFrom('accounts')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('is_target', '=', true)
    .where('tier', '=', 1)
    .orderBy('id')
    .limit(MAX_RUNS)
    .execute();
  const entries: Entry[] = tier1.map((a) => ({
    playId: executive.id,
    accountId: a.id,
    at: new Date(start.getTime() + rngFor(options.seed, 'play-entry', a.id).next() * 42 * DAY),
    heldOut: isHeldOut(options.seed, { id: a.id, isTarget: true, tier: 1 }, { controlShare }),
  }));
  const engaged = await sql<{ account_id: string; at: Date }>`
    SELECT h.account_id, min(h.at) AS at FROM account_stage_history h
    JOIN accounts a ON a.workspace_id = h.workspace_id AND a.id = h.account_id
    WHERE h.workspace_id = ${workspaceId} AND h.to_stage = 'engaged' AND h.at >= ${start}
      AND a.is_target AND a.tier IN (2, 3)
    GROUP BY h.account_id ORDER BY h.account_id LIMIT ${MAX_RUNS}`.execute(db);
  for (const e of engaged.rows)
    entries.push({ playId: nurture.id, accountId: e.account_id, at: new Date(e.at), heldOut: false });
  await enterRuns(db, workspaceId, entries);
  const steps = await simulate(db, workspaceId, now);
  const runs = await sql<{ status: string; n: number }>`
    SELECT status, count(*)::int AS n FROM play_runs WHERE workspace_id = ${workspaceId} GROUP BY status`.execute(
    db,
  );
  const count = (s: string) => runs.rows.find((r) => r.status === s)?.n ?? 0;
  return {
    plays: 2,
    runs: { active: count('active'), heldOut: count('held_out'), goal: count('goal') },
    steps,
  };
}

interface Entry {
  playId: string;
  accountId: string;
  at: Date;
  heldOut: boolean;
}

interface Ids {
  economicBuyer: string;
  approver: string;
  endUser: string;
  intro: string;
  nurture: [string, string, string];
}

async function lookups(db: Kysely<DB>, workspaceId: string): Promise<Ids | null> {
  const personas = new Map(
    (
      await db.selectFrom('personas').select(['id', 'name']).where('workspace_id', '=', workspaceId).execute()
    ).map((p) => [p.name, p.id]),
  );
  const templates = new Map(
    (
      await db
        .selectFrom('content_templates')
        .select(['id', 'name'])
        .where('workspace_id', '=', workspaceId)
        .execute()
    ).map((t) => [t.name, t.id]),
  );
  const economicBuyer = personas.get('Executive Sponsor');
  const approver = personas.get('Finance Leader');
  const endUser = personas.get('End Users');
  const intro = templates.get('Executive intro');
  const n1 = templates.get('Nurture 1: the problem');
  const n2 = templates.get('Nurture 2: comparing solutions');
  const n3 = templates.get('Nurture 3: the choice');
  if (!economicBuyer || !approver || !endUser || !intro || !n1 || !n2 || !n3) return null;
  return { economicBuyer, approver, endUser, intro, nurture: [n1, n2, n3] };
}

function executiveDefinition(segmentId: string, ids: Ids, controlShare: number): PlayDefinitionInput {
  return {
    description:
      'One-to-one programme for Tier 1 targets: the owner researches the account and books an executive ' +
      'briefing; the economic buyer gets a personal intro and, when quiet, a follow-up; the owner is alerted ' +
      'when they respond. A fifth of entering accounts is held out as a control group.',
    entry: { type: 'segment', segmentId },
    goals: [{ type: 'opportunity_created' }],
    tracks: [
      {
        key: 'owner',
        name: 'Account owner',
        steps: [
          { id: 'welcome', type: 'alert', title: 'Your account joined the Tier 1 executive programme' },
          {
            id: 'research',
            type: 'task',
            title: 'Research the account and map its buying committee',
            body: 'Check the dossier: committee gaps, recent activity, open intent topics.',
            dueDays: 3,
          },
          { id: 'wait-2w', type: 'wait', days: 14 },
          { id: 'briefing', type: 'task', title: 'Book an executive briefing', dueDays: 5 },
          { id: 'wait-5w', type: 'wait', days: 35 },
          { id: 'review', type: 'task', title: 'Review the account plan with marketing', dueDays: 5 },
        ],
      },
      {
        key: 'economic-buyer',
        name: 'Economic buyer',
        personaId: ids.economicBuyer,
        steps: [
          { id: 'intro', type: 'email', templateId: ids.intro },
          {
            id: 'await-reply',
            type: 'wait',
            until: {
              type: 'responded',
              who: 'contact',
              activityTypes: ['email_click', 'meeting', 'form_fill'],
            },
            timeoutDays: 10,
          },
          { id: 'replied', type: 'branch', condition: responded, ifTrue: 'tell-owner', ifFalse: 'follow-up' },
          { id: 'follow-up', type: 'email', templateId: ids.nurture[2] },
          { id: 'wait-1w', type: 'wait', days: 7 },
          { id: 'replied-late', type: 'branch', condition: responded, ifTrue: 'tell-owner', ifFalse: 'end' },
          { id: 'tell-owner', type: 'alert', title: 'The economic buyer responded to the executive intro' },
          { id: 'call', type: 'task', title: 'Call the economic buyer this week', dueDays: 3 },
        ],
      },
    ],
    guardrails: { controlShare, accountWeeklyCap: 12, businessDays: true },
  };
}

const responded: Condition = {
  type: 'responded',
  who: 'contact',
  activityTypes: ['email_click', 'meeting', 'form_fill'],
};

function nurtureDefinition(ids: Ids): PlayDefinitionInput {
  return {
    description:
      'One-to-many nurture for engaged accounts: end users get a three-step sequence; when an end user ' +
      'clicks, the approvers at that account get their own track and the owner is alerted.',
    entry: { type: 'stage', stage: 'engaged' },
    goals: [{ type: 'opportunity_created' }],
    tracks: [
      {
        key: 'users',
        name: 'End users',
        personaId: ids.endUser,
        steps: [
          { id: 'n1', type: 'email', templateId: ids.nurture[0] },
          {
            id: 'await-click',
            type: 'wait',
            until: { type: 'responded', who: 'contact', activityTypes: ['email_click'] },
            timeoutDays: 7,
          },
          {
            id: 'clicked',
            type: 'branch',
            condition: { type: 'responded', who: 'contact', activityTypes: ['email_click'] },
            ifTrue: 'approvers',
            ifFalse: 'n2',
          },
          { id: 'approvers', type: 'trigger_track', track: 'approvers' },
          { id: 'n2', type: 'email', templateId: ids.nurture[1] },
          { id: 'wait-1w', type: 'wait', days: 7 },
          { id: 'n3', type: 'email', templateId: ids.nurture[2] },
        ],
      },
      {
        key: 'approvers',
        name: 'Approvers (after an end user clicks)',
        personaId: ids.approver,
        start: { on: 'activity', activityType: 'email_click', personaId: ids.endUser },
        steps: [
          { id: 'alert', type: 'alert', title: 'An end user clicked: the approvers now get the nurture' },
          { id: 'intro', type: 'email', templateId: ids.intro },
          { id: 'wait-1w', type: 'wait', days: 7 },
          { id: 'choice', type: 'email', templateId: ids.nurture[2] },
        ],
      },
    ],
    guardrails: { controlShare: 0, accountWeeklyCap: 10, businessDays: true },
  };
}

/** Insert the runs (held out or active, entered in the past) and start their entry tracks then. */
async function enterRuns(db: Kysely<DB>, workspaceId: string, entries: readonly Entry[]): Promise<void> {
  if (entries.length === 0) return;
  const rows = await sql<{ id: string; play_id: string; status: string; entered_at: Date }>`
    INSERT INTO play_runs (workspace_id, play_id, version, account_id, status, entered_at, reason)
    SELECT ${workspaceId}::uuid, play_id, 1, account_id, CASE WHEN held_out THEN 'held_out' ELSE 'active' END,
      entered_at, 'demo history'
    FROM unnest(${entries.map((e) => e.playId)}::uuid[], ${entries.map((e) => e.accountId)}::uuid[],
      ${entries.map((e) => e.at.toISOString())}::timestamptz[], ${entries.map((e) => e.heldOut)}::bool[])
      AS t(play_id, account_id, entered_at, held_out)
    RETURNING id, play_id, status, entered_at`.execute(db);
  const plays = await db
    .selectFrom('play_versions')
    .select(['play_id', 'definition'])
    .where('workspace_id', '=', workspaceId)
    .execute();
  const definitions = new Map(plays.map((p) => [p.play_id, PlayDefinitionSchema.parse(p.definition)]));
  for (const run of rows.rows) {
    if (run.status !== 'active') continue;
    for (const track of definitions.get(run.play_id)?.tracks ?? []) {
      if (track.start.on === 'entry')
        await startTracks(db, workspaceId, track, [run.id], { dueAt: new Date(run.entered_at) });
    }
  }
}

/**
 * Run the engine over the past: claim this workspace's steps due by the simulated time, execute them
 * with that time, and stamp what they wrote (done, ended, effects, tasks) with it; tracks started by a
 * trigger (due "now") move to the simulated time. Stops a day before now. Returns steps executed.
 */
async function simulate(db: Kysely<DB>, workspaceId: string, now: Date): Promise<number> {
  const realStart = new Date();
  const end = new Date(now.getTime() - DAY);
  let executed = 0;
  let at = await nextDue(db, workspaceId, realStart);
  while (at && at < end) {
    for (;;) {
      const claimed = await claimAsOf(db, workspaceId, at);
      if (claimed.length === 0) break;
      for (const step of claimed) await executeStep(db, step, at);
      executed += claimed.length;
      await stamp(db, workspaceId, at, realStart);
    }
    // The clock moves a day at a time at least (waits re-check daily in the past, hourly when live).
    const next = await nextDue(db, workspaceId, realStart);
    if (!next) break;
    at = new Date(Math.max(next.getTime(), at.getTime() + DAY));
  }
  // What the owners did with the past: tasks due over a week ago are done, alerts over two weeks old read.
  await sql`
    UPDATE owner_tasks SET status = 'done', completed_at = coalesce(due_at, created_at) + interval '1 day'
    WHERE workspace_id = ${workspaceId} AND status = 'open'
      AND coalesce(due_at, created_at + interval '7 days') < ${now}::timestamptz - interval '7 days'`.execute(
    db,
  );
  // Goals reached: the run ended when the opportunity was created.
  await sql`
    UPDATE play_runs r SET ended_at = greatest(r.entered_at, o.first_at)
    FROM (SELECT r2.id, min(o.created_at) AS first_at FROM play_runs r2
      JOIN opportunities o ON o.workspace_id = r2.workspace_id AND o.account_id = r2.account_id
        AND o.created_at >= r2.entered_at
      WHERE r2.workspace_id = ${workspaceId} AND r2.status = 'goal' GROUP BY r2.id) o
    WHERE r.workspace_id = ${workspaceId} AND r.id = o.id`.execute(db);
  // The e-mails of the past went out when they were due.
  await sql`
    UPDATE email_sends SET status = 'sent', sent_at = due_at
    WHERE workspace_id = ${workspaceId} AND status = 'queued' AND due_at < ${end}::timestamptz`.execute(db);
  return executed;
}

async function nextDue(db: Kysely<DB>, workspaceId: string, before: Date): Promise<Date | null> {
  const row = await sql<{ at: Date | null }>`
    SELECT min(due_at) AS at FROM play_steps
    WHERE workspace_id = ${workspaceId} AND status = 'due' AND due_at < ${before}`.execute(db);
  const at = row.rows[0]?.at;
  return at ? new Date(at) : null;
}

/** claimDueSteps for one workspace and a simulated time. */
async function claimAsOf(db: Kysely<DB>, workspaceId: string, at: Date): Promise<ClaimedStep[]> {
  const rows = await sql<ClaimedStep>`
    WITH due AS (
      SELECT s.workspace_id, s.id FROM play_steps s
      WHERE s.workspace_id = ${workspaceId} AND s.status = 'due' AND s.due_at <= ${at}
      ORDER BY s.due_at LIMIT 500 FOR UPDATE OF s SKIP LOCKED
    )
    UPDATE play_steps s SET status = 'running', claimed_at = clock_timestamp(), attempts = s.attempts + 1
    FROM due, play_runs r
    WHERE s.workspace_id = due.workspace_id AND s.id = due.id
      AND r.workspace_id = s.workspace_id AND r.id = s.run_id
    RETURNING s.workspace_id, s.id, s.run_id, s.track, s.step, s.contact_id, s.created_at, s.claimed_at,
      r.play_id, r.version, r.account_id, r.entered_at`.execute(db);
  return rows.rows;
}

/** Stamp rows the engine wrote with the real clock since `realStart` with the simulated time. */
async function stamp(db: Kysely<DB>, workspaceId: string, at: Date, realStart: Date): Promise<void> {
  const ws = workspaceId;
  await sql`UPDATE play_steps SET done_at = ${at} WHERE workspace_id = ${ws} AND done_at >= ${realStart}`.execute(
    db,
  );
  await sql`UPDATE play_steps SET due_at = ${at} WHERE workspace_id = ${ws} AND status = 'due'
    AND due_at >= ${realStart} AND due_at - created_at < interval '30 seconds'`.execute(db);
  await sql`UPDATE play_runs SET ended_at = ${at} WHERE workspace_id = ${ws} AND ended_at >= ${realStart}`.execute(
    db,
  );
  await sql`UPDATE play_effects SET created_at = ${at} WHERE workspace_id = ${ws} AND created_at >= ${realStart}`.execute(
    db,
  );
  await sql`UPDATE owner_tasks SET created_at = ${at} WHERE workspace_id = ${ws} AND created_at >= ${realStart}`.execute(
    db,
  );
}
