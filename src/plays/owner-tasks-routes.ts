import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import { hasRole } from '../auth/auth-context.ts';
import { requireRole } from '../auth/auth-hook.ts';
import type { Database } from '../db/database.ts';
import { HttpProblem } from '../errors/problem.ts';

const TaskOutSchema = z.object({
  id: z.uuid(),
  kind: z.enum(['task', 'alert']),
  accountId: z.uuid(),
  accountName: z.string(),
  ownerId: z.uuid().nullable(),
  title: z.string(),
  body: z.string(),
  reason: z.string(),
  playId: z.uuid().nullable(),
  dueAt: z.string().nullable(),
  status: z.enum(['open', 'done', 'dismissed']),
  createdAt: z.string(),
  snoozedUntil: z.string().nullable(),
});

interface TaskRow {
  id: string;
  kind: 'task' | 'alert';
  account_id: string;
  account_name: string;
  owner_id: string | null;
  title: string;
  body: string;
  reason: string;
  play_id: string | null;
  due_at: Date | null;
  status: 'open' | 'done' | 'dismissed';
  created_at: Date;
  snoozed_until: Date | null;
}

const tags = ['plays'];

/** The seller's inbox: tasks and alerts from plays, each saying why and linking to its account. */
export async function ownerTasksRoutes(app: FastifyInstance, database: Database): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = database;

  api.get(
    '/tasks',
    {
      schema: {
        tags,
        summary: "Tasks and alerts: the caller's (default), or everyone's for marketers and admins",
        querystring: z.strictObject({
          owner: z.enum(['me', 'all']).default('me'),
          status: z.enum(['open', 'done', 'dismissed']).default('open'),
          kind: z.enum(['task', 'alert']).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
          /** Open items snoozed: hidden until their time (default), or only those. */
          snoozed: z.enum(['hide', 'only']).default('hide'),
        }),
        response: { 200: z.object({ data: z.array(TaskOutSchema) }) },
      },
    },
    async (request) => {
      const ctx = requireRole(request, 'sales');
      const q = request.query;
      if (q.owner === 'all' && !hasRole(ctx.role, 'marketer')) throw new HttpProblem(403, 'Forbidden');
      const rows = await sql<TaskRow>`
        SELECT t.id, t.kind, t.account_id, a.name AS account_name, t.owner_id, t.title, t.body, t.reason, t.play_id,
          t.due_at, t.status, t.created_at, t.snoozed_until
        FROM owner_tasks t JOIN accounts a ON a.workspace_id = t.workspace_id AND a.id = t.account_id
        WHERE t.workspace_id = ${ctx.workspaceId} AND t.status = ${q.status}
          ${q.owner === 'me' ? sql`AND t.owner_id = ${ctx.userId}` : sql``}
          ${q.kind ? sql`AND t.kind = ${q.kind}` : sql``}
          ${q.status !== 'open' ? sql`` : q.snoozed === 'only' ? sql`AND t.snoozed_until > now()` : sql`AND (t.snoozed_until IS NULL OR t.snoozed_until <= now())`}
        ORDER BY t.created_at DESC LIMIT ${q.limit}`.execute(db);
      return {
        data: rows.rows.map((t) => ({
          id: t.id,
          kind: t.kind,
          accountId: t.account_id,
          accountName: t.account_name,
          ownerId: t.owner_id,
          title: t.title,
          body: t.body,
          reason: t.reason,
          playId: t.play_id,
          dueAt: t.due_at?.toISOString() ?? null,
          status: t.status,
          createdAt: t.created_at.toISOString(),
          snoozedUntil:
            t.snoozed_until && t.snoozed_until > new Date() ? t.snoozed_until.toISOString() : null,
        })),
      };
    },
  );

  api.patch(
    '/tasks/:id',
    {
      schema: {
        tags,
        summary: 'Complete, dismiss, reopen or snooze a task or alert (its owner, or a marketer or admin)',
        params: z.strictObject({ id: z.uuid() }),
        body: z
          .strictObject({
            status: z.enum(['open', 'done', 'dismissed']).optional(),
            /** Hide it from the open list until this time; null wakes it now. */
            snoozeUntil: z.iso.datetime({ offset: true }).nullable().optional(),
          })
          .refine((b) => b.status !== undefined || b.snoozeUntil !== undefined, {
            message: 'give status or snoozeUntil',
            path: ['status'],
          }),
        response: {
          200: z.object({ id: z.uuid(), status: z.string(), snoozedUntil: z.string().nullable() }),
        },
      },
    },
    async (request) => {
      const ctx = requireRole(request, 'sales');
      const task = await db
        .selectFrom('owner_tasks')
        .select(['id', 'owner_id', 'status', 'snoozed_until'])
        .where('workspace_id', '=', ctx.workspaceId)
        .where('id', '=', request.params.id)
        .executeTakeFirst();
      if (!task)
        throw new HttpProblem(404, 'Not found', { detail: `No task ${request.params.id} in this workspace` });
      if (!hasRole(ctx.role, 'marketer') && task.owner_id !== ctx.userId)
        throw new HttpProblem(403, 'Forbidden');
      const { status, snoozeUntil } = request.body;
      // Completing or dismissing ends a snooze; otherwise it is kept unless given.
      const snoozed =
        status && status !== 'open'
          ? null
          : snoozeUntil === undefined
            ? task.snoozed_until
            : snoozeUntil
              ? new Date(snoozeUntil)
              : null;
      await db
        .updateTable('owner_tasks')
        .set({
          ...(status ? { status, completed_at: status === 'open' ? null : new Date() } : {}),
          snoozed_until: snoozed,
        })
        .where('workspace_id', '=', ctx.workspaceId)
        .where('id', '=', task.id)
        .execute();
      return {
        id: task.id,
        status: status ?? task.status,
        snoozedUntil: snoozed && snoozed > new Date() ? snoozed.toISOString() : null,
      };
    },
  );
}
