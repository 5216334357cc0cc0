import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import { recordAudit } from '../audit/record-audit.ts';
import type { AuthContext } from '../auth/auth-context.ts';
import type { DB } from '../db/schema.ts';
import { HttpProblem } from '../errors/problem.ts';

export const NoteKinds = ['heard', 'change', 'worked', 'other'] as const;

export const PeriodNoteInputSchema = z.strictObject({
  /** Whose note: default from the author's role (sales → sales, else marketing). */
  team: z.enum(['sales', 'marketing']).optional(),
  /** heard: what the sellers heard; change: what to change; worked: what worked. */
  kind: z.enum(NoteKinds).default('other'),
  body: z.string().trim().min(1).max(10_000),
});

export const PeriodNotePatchSchema = z.strictObject({
  kind: z.enum(NoteKinds).optional(),
  body: z.string().trim().min(1).max(10_000).optional(),
});

export interface PeriodNote {
  id: string;
  period: string;
  team: 'sales' | 'marketing';
  kind: (typeof NoteKinds)[number];
  body: string;
  authorId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

const COLUMNS = [
  'id',
  'period',
  'team',
  'kind',
  'body',
  'author_id',
  'author_actor',
  'created_at',
  'updated_at',
] as const;
type Row = {
  id: string;
  period: string;
  team: 'sales' | 'marketing';
  kind: (typeof NoteKinds)[number];
  body: string;
  author_id: string | null;
  author_actor: string;
  created_at: Date;
  updated_at: Date;
};
const out = (r: Row): PeriodNote => ({
  id: r.id,
  period: r.period,
  team: r.team,
  kind: r.kind,
  body: r.body,
  authorId: r.author_id,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** A period's retrospective notes, oldest first. */
export async function listPeriodNotes(
  db: Kysely<DB>,
  workspaceId: string,
  period: string,
): Promise<PeriodNote[]> {
  const rows = await db
    .selectFrom('report_notes')
    .select(COLUMNS)
    .where('workspace_id', '=', workspaceId)
    .where('period', '=', period)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(out);
}

/** Add a note to a period's review; both teams write (any role). */
export async function createPeriodNote(
  db: Kysely<DB>,
  ctx: AuthContext,
  period: string,
  input: z.infer<typeof PeriodNoteInputSchema>,
): Promise<PeriodNote> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('report_notes')
      .values({
        workspace_id: ctx.workspaceId,
        period,
        team: input.team ?? (ctx.role === 'sales' ? 'sales' : 'marketing'),
        kind: input.kind,
        body: input.body,
        author_id: ctx.userId,
        author_actor: `${ctx.actorType}:${ctx.actorId}`,
      })
      .returning(COLUMNS)
      .executeTakeFirstOrThrow();
    await recordAudit(trx, ctx, {
      action: 'report_note.create',
      objectType: 'report_note',
      objectId: row.id,
      changes: { period },
    });
    return out(row);
  });
}

/** Edit (patch) or delete (null) a note: its author or an admin. */
export async function changePeriodNote(
  db: Kysely<DB>,
  ctx: AuthContext,
  id: string,
  patch: z.infer<typeof PeriodNotePatchSchema> | null,
): Promise<PeriodNote | null> {
  return db.transaction().execute(async (trx) => {
    const note = await trx
      .selectFrom('report_notes')
      .select(COLUMNS)
      .where('workspace_id', '=', ctx.workspaceId)
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!note) throw new HttpProblem(404, 'Not found', { detail: `No note ${id}` });
    if (ctx.role !== 'admin' && note.author_actor !== `${ctx.actorType}:${ctx.actorId}`) {
      throw new HttpProblem(403, 'Forbidden', { detail: 'Only the author or an admin changes a note' });
    }
    if (patch === null) {
      await trx
        .deleteFrom('report_notes')
        .where('workspace_id', '=', ctx.workspaceId)
        .where('id', '=', id)
        .execute();
      await recordAudit(trx, ctx, { action: 'report_note.delete', objectType: 'report_note', objectId: id });
      return null;
    }
    const row = await trx
      .updateTable('report_notes')
      .set({
        ...(patch.kind && { kind: patch.kind }),
        ...(patch.body && { body: patch.body }),
        updated_at: sql`now()`,
      })
      .where('workspace_id', '=', ctx.workspaceId)
      .where('id', '=', id)
      .returning(COLUMNS)
      .executeTakeFirstOrThrow();
    await recordAudit(trx, ctx, { action: 'report_note.update', objectType: 'report_note', objectId: id });
    return out(row);
  });
}
