import { type Kysely, sql } from 'kysely';
import { recordAudit } from '../audit/record-audit.ts';
import type { AuthContext } from '../auth/auth-context.ts';
import type { JsonObject, JsonValue } from '../db/json.ts';
import type { DB } from '../db/schema.ts';
import { HttpProblem } from '../errors/problem.ts';
import { compileRule } from './compile-rule.ts';
import { loadSegments, refersTo, segmentRefs } from './load-segments.ts';
import { rebuildSegment } from './rebuild-segment.ts';
import { ensurePersonLinks } from './refresh-segments.ts';
import { RuleError } from './rule-error.ts';
import type { SegmentInput, SegmentOut, SegmentPatch } from './segment-fields.ts';
import type { SegmentKind, SegmentRule } from './segment-rule.ts';

type Row = {
  id: string;
  name: string;
  description: string;
  kind: SegmentKind;
  type: 'dynamic' | 'static';
  rule: JsonValue | null;
  source_view_id: string | null;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
  rebuilt_at: Date | null;
  next_rebuild_at: Date | null;
  member_count: number;
};

function toOut(r: Row): SegmentOut {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    kind: r.kind,
    type: r.type,
    rule: r.rule,
    memberCount: Number(r.member_count),
    sourceViewId: r.source_view_id,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    rebuiltAt: r.rebuilt_at,
    nextRebuildAt: r.next_rebuild_at,
  };
}

function selectSegments(db: Kysely<DB>, workspaceId: string) {
  return db
    .selectFrom('segments as s')
    .selectAll('s')
    .select(
      sql<number>`(SELECT count(*) FROM segment_memberships m WHERE m.workspace_id = s.workspace_id
        AND m.segment_id = s.id AND m.exited_at IS NULL)::int`.as('member_count'),
    )
    .where('s.workspace_id', '=', workspaceId);
}

/** The workspace's segments with their current member counts, by name. */
export async function listSegments(
  db: Kysely<DB>,
  workspaceId: string,
  kind?: SegmentKind,
): Promise<SegmentOut[]> {
  let query = selectSegments(db, workspaceId).orderBy(sql`lower(s.name)`);
  if (kind) query = query.where('s.kind', '=', kind);
  return (await query.execute()).map(toOut);
}

/** One segment, or a 404. */
export async function getSegment(db: Kysely<DB>, workspaceId: string, id: string): Promise<SegmentOut> {
  const row = await selectSegments(db, workspaceId).where('s.id', '=', id).executeTakeFirst();
  if (!row) throw new HttpProblem(404, 'Not found', { detail: `No segment ${id} in this workspace` });
  return toOut(row);
}

/** Compile a rule against the workspace's segments: a 400 naming `body.rule.<path>` when it does not fit. */
export async function checkRule(
  db: Kysely<DB>,
  workspaceId: string,
  rule: SegmentRule,
  kind: SegmentKind,
  self?: string,
): Promise<void> {
  const segments = await loadSegments(db, workspaceId);
  let refs: Set<string>;
  try {
    refs = compileRule(rule, kind, { workspaceId, at: new Date(), segments: segmentRefs(segments) }).refs;
  } catch (error) {
    if (error instanceof RuleError) throw error.toProblem('body.rule');
    throw error;
  }
  if (self && refersTo(segments, refs, self, workspaceId))
    throw new HttpProblem(400, 'Invalid segment rule', {
      detail: 'body.rule: a segment cannot refer to itself, directly or through other segments',
      errors: [
        {
          path: 'body.rule',
          message: 'a segment cannot refer to itself, directly or through other segments',
        },
      ],
    });
}

/** Create a segment; a dynamic one is evaluated over the workspace at once (entries with reason `created`). */
export async function createSegment(
  db: Kysely<DB>,
  ctx: AuthContext,
  input: SegmentInput,
  sourceViewId: string | null = null,
): Promise<SegmentOut> {
  const id = await db.transaction().execute(async (trx) => {
    if (input.rule) await checkRule(trx, ctx.workspaceId, input.rule, input.kind);
    await assertFreeName(trx, ctx.workspaceId, input.name);
    const row = await trx
      .insertInto('segments')
      .values({
        workspace_id: ctx.workspaceId,
        name: input.name,
        description: input.description,
        kind: input.kind,
        type: input.type,
        rule: input.rule ? JSON.stringify(input.rule) : null,
        source_view_id: sourceViewId,
        created_by: ctx.userId ?? `${ctx.actorType}:${ctx.actorId}`,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, ctx, {
      action: 'segment.create',
      objectType: 'segment',
      objectId: row.id,
      changes: { name: { old: null, new: input.name }, rule: { old: null, new: ruleJson(input.rule) } },
    });
    if (input.type === 'dynamic') {
      await ensurePersonLinks(trx, ctx.workspaceId, row.id);
      await rebuildSegment(trx, ctx.workspaceId, row.id, 'created');
    }
    return row.id;
  });
  return getSegment(db, ctx.workspaceId, id);
}

/** Rename, describe or change the rule of a segment; a new rule rebuilds it (reason `rule_changed`). */
export async function updateSegment(
  db: Kysely<DB>,
  ctx: AuthContext,
  id: string,
  patch: SegmentPatch,
): Promise<SegmentOut> {
  await db.transaction().execute(async (trx) => {
    const current = await getSegment(trx, ctx.workspaceId, id);
    if (patch.rule && current.type === 'static')
      throw new HttpProblem(400, 'Invalid segment', {
        detail: 'body.rule: a static segment has no rule',
        errors: [{ path: 'body.rule', message: 'a static segment has no rule' }],
      });
    if (patch.rule) await checkRule(trx, ctx.workspaceId, patch.rule, current.kind, id);
    if (patch.name && patch.name.toLowerCase() !== current.name.toLowerCase())
      await assertFreeName(trx, ctx.workspaceId, patch.name);
    await trx
      .updateTable('segments')
      .set({
        ...(patch.name ? { name: patch.name } : {}),
        ...(patch.description !== undefined ? { description: patch.description } : {}),
        ...(patch.rule ? { rule: JSON.stringify(patch.rule) } : {}),
        updated_at: new Date(),
      })
      .where('workspace_id', '=', ctx.workspaceId)
      .where('id', '=', id)
      .execute();
    const changes: JsonObject = {};
    if (patch.name) changes.name = { old: current.name, new: patch.name };
    if (patch.rule) changes.rule = { old: ruleJson(current.rule), new: ruleJson(patch.rule) };
    await recordAudit(trx, ctx, { action: 'segment.update', objectType: 'segment', objectId: id, changes });
    if (patch.rule) {
      await ensurePersonLinks(trx, ctx.workspaceId, id);
      await rebuildSegment(trx, ctx.workspaceId, id, 'rule_changed');
    }
  });
  return getSegment(db, ctx.workspaceId, id);
}

/** Delete a segment and its membership history; refused (409) while another segment's rule refers to it. */
export async function deleteSegment(db: Kysely<DB>, ctx: AuthContext, id: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const current = await getSegment(trx, ctx.workspaceId, id);
    const segments = await loadSegments(trx, ctx.workspaceId);
    const users = [...segments.values()].filter(
      (s) => s.id !== id && refersTo(segments, [s.id], id, ctx.workspaceId),
    );
    if (users.length > 0)
      throw new HttpProblem(409, 'Segment in use', {
        detail: `Segments ${users.map((u) => `"${u.name}"`).join(', ')} refer to this segment`,
      });
    await trx
      .deleteFrom('segments')
      .where('workspace_id', '=', ctx.workspaceId)
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, ctx, {
      action: 'segment.delete',
      objectType: 'segment',
      objectId: id,
      changes: { name: { old: current.name, new: null } },
    });
  });
}

async function assertFreeName(db: Kysely<DB>, workspaceId: string, name: string): Promise<void> {
  const taken = await db
    .selectFrom('segments')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where(sql`lower(name)`, '=', name.toLowerCase())
    .executeTakeFirst();
  if (taken)
    throw new HttpProblem(409, 'Conflict', {
      detail: `A segment named "${name}" exists`,
      errors: [{ path: 'body.name', message: 'is taken by another segment' }],
    });
}

function ruleJson(rule: unknown): JsonValue {
  return rule === undefined || rule === null ? null : JSON.stringify(rule);
}
