import { type Kysely, sql } from 'kysely';
import { recordAudit } from '../audit/record-audit.ts';
import type { AuthContext } from '../auth/auth-context.ts';
import type { JsonValue } from '../db/json.ts';
import type { DB } from '../db/schema.ts';
import { HttpProblem } from '../errors/problem.ts';
import { activatePlayPopulation } from './entry-population.ts';
import { type PlayDefinition, PlayDefinitionSchema } from './play-definition.ts';
import type { PlayStatus } from './tables.ts';

export interface PlayOut {
  id: string;
  name: string;
  status: PlayStatus;
  version: number;
  definition: PlayDefinition;
  createdAt: string;
  activatedAt: string | null;
  runs: { active: number; heldOut: number; goal: number; exited: number };
}

/** Create a play (a draft at version 1). 409 when the name is taken. */
export async function createPlay(
  db: Kysely<DB>,
  ctx: AuthContext,
  input: { name: string; definition: PlayDefinition },
): Promise<PlayOut> {
  const id = await db.transaction().execute(async (trx) => {
    const taken = await trx
      .selectFrom('plays')
      .select('id')
      .where('workspace_id', '=', ctx.workspaceId)
      .where(sql<boolean>`lower(name) = lower(${input.name})`)
      .executeTakeFirst();
    if (taken)
      throw new HttpProblem(409, 'Conflict', {
        errors: [{ path: 'body.name', message: 'a play has this name' }],
      });
    const play = await trx
      .insertInto('plays')
      .values({ workspace_id: ctx.workspaceId, name: input.name, created_by: ctx.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('play_versions')
      .values({
        workspace_id: ctx.workspaceId,
        play_id: play.id,
        version: 1,
        definition: JSON.stringify(input.definition),
      })
      .execute();
    await recordAudit(trx, ctx, {
      action: 'play.create',
      objectType: 'play',
      objectId: play.id,
      changes: { name: input.name },
    });
    return play.id;
  });
  return getPlayOrThrow(db, ctx.workspaceId, id);
}

/**
 * Save a new version of a play's definition (and its name). New runs take the new version; running
 * ones keep theirs until migrated (`migrateRuns`).
 */
export async function updatePlay(
  db: Kysely<DB>,
  ctx: AuthContext,
  id: string,
  input: { name?: string | undefined; definition?: PlayDefinition | undefined },
): Promise<PlayOut> {
  await db.transaction().execute(async (trx) => {
    const play = await lockPlay(trx, ctx.workspaceId, id);
    const version = input.definition ? play.version + 1 : play.version;
    if (input.definition) {
      await trx
        .insertInto('play_versions')
        .values({
          workspace_id: ctx.workspaceId,
          play_id: id,
          version,
          definition: JSON.stringify(input.definition),
        })
        .execute();
    }
    await trx
      .updateTable('plays')
      .set({ name: input.name ?? play.name, version, updated_at: new Date() })
      .where('workspace_id', '=', ctx.workspaceId)
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, ctx, {
      action: 'play.update',
      objectType: 'play',
      objectId: id,
      changes: { version: { old: play.version, new: version } },
    });
  });
  return getPlayOrThrow(db, ctx.workspaceId, id);
}

/**
 * Change a play's status: `active` (from draft: enrolls the accounts its entry holds for now;
 * from paused: resumes, steps due meanwhile run), `paused` (steps wait), `stopped` (runs end, their
 * steps are cancelled).
 */
export async function setPlayStatus(
  db: Kysely<DB>,
  ctx: AuthContext,
  id: string,
  status: PlayStatus,
): Promise<PlayOut> {
  let enrollFromDraft = false;
  await db.transaction().execute(async (trx) => {
    const play = await lockPlay(trx, ctx.workspaceId, id);
    if (play.status === 'stopped')
      throw new HttpProblem(409, 'Conflict', { detail: 'A stopped play cannot change status' });
    if (status === 'draft')
      throw new HttpProblem(400, 'Bad request', {
        errors: [{ path: 'body.status', message: 'a play cannot go back to draft' }],
      });
    enrollFromDraft = play.status === 'draft' && status === 'active';
    await trx
      .updateTable('plays')
      .set({ status, updated_at: new Date(), ...(enrollFromDraft ? { activated_at: new Date() } : {}) })
      .where('workspace_id', '=', ctx.workspaceId)
      .where('id', '=', id)
      .execute();
    if (status === 'stopped') {
      await sql`UPDATE play_steps s SET status = 'cancelled', done_at = now(), outcome = '{"reason":"play stopped"}'
        FROM play_runs r WHERE r.workspace_id = ${ctx.workspaceId} AND r.play_id = ${id} AND s.workspace_id = r.workspace_id
          AND s.run_id = r.id AND s.status IN ('due', 'running')`.execute(trx);
      await sql`UPDATE play_runs SET status = 'stopped', ended_at = now(), reason = 'play stopped'
        WHERE workspace_id = ${ctx.workspaceId} AND play_id = ${id} AND status IN ('active', 'held_out')`.execute(
        trx,
      );
    }
    await recordAudit(trx, ctx, {
      action: `play.${status === 'active' ? (enrollFromDraft ? 'activate' : 'resume') : status === 'paused' ? 'pause' : 'stop'}`,
      objectType: 'play',
      objectId: id,
      changes: { status: { old: play.status, new: status } },
    });
  });
  if (enrollFromDraft) await activatePlayPopulation(db, ctx.workspaceId, id);
  return getPlayOrThrow(db, ctx.workspaceId, id);
}

async function lockPlay(db: Kysely<DB>, workspaceId: string, id: string) {
  const play = await db
    .selectFrom('plays')
    .select(['name', 'status', 'version'])
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!play) throw new HttpProblem(404, 'Not found', { detail: `No play ${id} in this workspace` });
  return play;
}

/** Plays of the workspace with their run counts, newest first. */
export async function listPlays(db: Kysely<DB>, workspaceId: string): Promise<PlayOut[]> {
  const ids = await db
    .selectFrom('plays')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .orderBy('created_at', 'desc')
    .execute();
  return Promise.all(ids.map((p) => getPlayOrThrow(db, workspaceId, p.id)));
}

/** One play with its current definition and run counts; 404 when not in the workspace. */
export async function getPlayOrThrow(db: Kysely<DB>, workspaceId: string, id: string): Promise<PlayOut> {
  const row = await sql<{
    id: string;
    name: string;
    status: PlayStatus;
    version: number;
    definition: JsonValue;
    created_at: Date;
    activated_at: Date | null;
    active: number;
    held_out: number;
    goal: number;
    exited: number;
  }>`
    SELECT p.id, p.name, p.status, p.version, v.definition, p.created_at, p.activated_at,
      (SELECT count(*) FILTER (WHERE r.status = 'active') FROM play_runs r WHERE r.workspace_id = p.workspace_id AND r.play_id = p.id)::int AS active,
      (SELECT count(*) FILTER (WHERE r.status = 'held_out') FROM play_runs r WHERE r.workspace_id = p.workspace_id AND r.play_id = p.id)::int AS held_out,
      (SELECT count(*) FILTER (WHERE r.status = 'goal') FROM play_runs r WHERE r.workspace_id = p.workspace_id AND r.play_id = p.id)::int AS goal,
      (SELECT count(*) FILTER (WHERE r.status IN ('exited', 'stopped')) FROM play_runs r WHERE r.workspace_id = p.workspace_id AND r.play_id = p.id)::int AS exited
    FROM plays p JOIN play_versions v ON v.workspace_id = p.workspace_id AND v.play_id = p.id AND v.version = p.version
    WHERE p.workspace_id = ${workspaceId} AND p.id = ${id}`.execute(db);
  const p = row.rows[0];
  if (!p) throw new HttpProblem(404, 'Not found', { detail: `No play ${id} in this workspace` });
  return {
    id: p.id,
    name: p.name,
    status: p.status,
    version: p.version,
    definition: PlayDefinitionSchema.parse(p.definition),
    createdAt: p.created_at.toISOString(),
    activatedAt: p.activated_at?.toISOString() ?? null,
    runs: { active: p.active, heldOut: p.held_out, goal: p.goal, exited: p.exited },
  };
}
