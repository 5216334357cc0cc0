import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recordAudit } from '../audit/record-audit.ts';
import { createApiKey } from '../auth/api-keys.ts';
import { requireRole } from '../auth/auth-hook.ts';
import type { Database } from '../db/database.ts';
import { HttpProblem } from '../errors/problem.ts';
import { createUser } from './create-user.ts';
import { deleteWorkspace } from './delete-workspace.ts';

const RoleSchema = z.enum(['admin', 'marketer', 'sales']);
const IdParams = z.strictObject({ id: z.uuid() });
const UserOut = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  role: RoleSchema,
  createdAt: z.date(),
});
const ApiKeyOut = z.object({
  id: z.string(),
  name: z.string(),
  role: RoleSchema,
  prefix: z.string(),
  createdAt: z.date(),
  lastUsedAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
});

const DeletedOut = z.object({
  id: z.string(),
  slug: z.string(),
  rows: z.number(),
  tables: z.array(z.object({ table: z.string(), rows: z.number(), milliseconds: z.number() })),
  milliseconds: z.number(),
});

/**
 * Users, roles and API keys of the caller's workspace, and deleting the workspace. Admin only,
 * except listing users.
 */
export async function workspaceRoutes(app: FastifyInstance, database: Database): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = database;

  api.get(
    '/users',
    { schema: { tags: ['workspace'], response: { 200: z.object({ data: z.array(UserOut) }) } } },
    async (request) => {
      const ctx = requireRole(request, 'sales');
      const rows = await db
        .selectFrom('workspace_members as m')
        .innerJoin('users as u', 'u.id', 'm.user_id')
        .select(['u.id', 'u.email', 'u.name', 'm.role', 'm.created_at'])
        .where('m.workspace_id', '=', ctx.workspaceId)
        .orderBy('u.email')
        .execute();
      return {
        data: rows.map((r) => ({
          id: r.id,
          email: r.email,
          name: r.name,
          role: r.role,
          createdAt: r.created_at,
        })),
      };
    },
  );

  api.post(
    '/users',
    {
      schema: {
        tags: ['workspace'],
        body: z.strictObject({
          email: z.email().max(320),
          role: RoleSchema,
          password: z.string().min(8).max(1000).optional(),
          name: z.string().max(200).optional(),
        }),
        response: { 201: z.object({ id: z.string(), email: z.string(), role: RoleSchema }) },
      },
    },
    async (request, reply) => {
      const ctx = requireRole(request, 'admin');
      const user = await createUser(db, { workspaceId: ctx.workspaceId, ...request.body });
      await recordAudit(db, ctx, {
        action: 'user.add',
        objectType: 'user',
        objectId: user.id,
        changes: { role: user.role },
      });
      return reply.code(201).send({ id: user.id, email: user.email, role: user.role });
    },
  );

  api.patch(
    '/users/:id',
    { schema: { tags: ['workspace'], params: IdParams, body: z.strictObject({ role: RoleSchema }) } },
    async (request) => {
      const ctx = requireRole(request, 'admin');
      const result = await db
        .updateTable('workspace_members')
        .set({ role: request.body.role })
        .where('workspace_id', '=', ctx.workspaceId)
        .where('user_id', '=', request.params.id)
        .executeTakeFirst();
      if (result.numUpdatedRows === 0n)
        throw new HttpProblem(404, 'Not found', { detail: 'No such user in this workspace' });
      await recordAudit(db, ctx, {
        action: 'user.role',
        objectType: 'user',
        objectId: request.params.id,
        changes: { role: request.body.role },
      });
      return { id: request.params.id, role: request.body.role };
    },
  );

  api.delete('/users/:id', { schema: { tags: ['workspace'], params: IdParams } }, async (request, reply) => {
    const ctx = requireRole(request, 'admin');
    if (request.params.id === ctx.userId)
      throw new HttpProblem(409, 'Conflict', { detail: 'You cannot remove yourself' });
    const result = await db
      .deleteFrom('workspace_members')
      .where('workspace_id', '=', ctx.workspaceId)
      .where('user_id', '=', request.params.id)
      .executeTakeFirst();
    if (result.numDeletedRows === 0n)
      throw new HttpProblem(404, 'Not found', { detail: 'No such user in this workspace' });
    await recordAudit(db, ctx, { action: 'user.remove', objectType: 'user', objectId: request.params.id });
    return reply.code(204).send();
  });

  api.get(
    '/api-keys',
    { schema: { tags: ['workspace'], response: { 200: z.object({ data: z.array(ApiKeyOut) }) } } },
    async (request) => {
      const ctx = requireRole(request, 'admin');
      const rows = await db
        .selectFrom('api_keys')
        .select(['id', 'name', 'role', 'prefix', 'created_at', 'last_used_at', 'revoked_at'])
        .where('workspace_id', '=', ctx.workspaceId)
        .orderBy('created_at', 'desc')
        .execute();
      return {
        data: rows.map((r) => ({
          id: r.id,
          name: r.name,
          role: r.role,
          prefix: r.prefix,
          createdAt: r.created_at,
          lastUsedAt: r.last_used_at,
          revokedAt: r.revoked_at,
        })),
      };
    },
  );

  api.post(
    '/api-keys',
    {
      schema: {
        tags: ['workspace'],
        body: z.strictObject({ name: z.string().min(1).max(200), role: RoleSchema }),
        response: {
          201: z.object({ id: z.string(), key: z.string(), prefix: z.string(), role: RoleSchema }),
        },
      },
    },
    async (request, reply) => {
      const ctx = requireRole(request, 'admin');
      const created = await createApiKey(db, {
        workspaceId: ctx.workspaceId,
        ...request.body,
        createdBy: ctx.userId,
      });
      await recordAudit(db, ctx, {
        action: 'api_key.create',
        objectType: 'api_key',
        objectId: created.id,
        changes: { role: request.body.role },
      });
      return reply.code(201).send({ ...created, role: request.body.role });
    },
  );

  api.delete(
    '/api-keys/:id',
    { schema: { tags: ['workspace'], params: IdParams } },
    async (request, reply) => {
      const ctx = requireRole(request, 'admin');
      const result = await db
        .updateTable('api_keys')
        .set({ revoked_at: new Date() })
        .where('workspace_id', '=', ctx.workspaceId)
        .where('id', '=', request.params.id)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      if (result.numUpdatedRows === 0n)
        throw new HttpProblem(404, 'Not found', { detail: 'No such active API key in this workspace' });
      await recordAudit(db, ctx, {
        action: 'api_key.revoke',
        objectType: 'api_key',
        objectId: request.params.id,
      });
      return reply.code(204).send();
    },
  );

  api.delete(
    '/workspace',
    {
      schema: {
        tags: ['workspace'],
        description:
          "Delete the caller's workspace and everything in it: records, scores, users' memberships, " +
          'API keys, sessions and write keys (users themselves stay). `confirm` must be the workspace slug.',
        querystring: z.strictObject({ confirm: z.string().min(1).max(200) }),
        response: { 200: DeletedOut },
      },
    },
    async (request) => {
      const ctx = requireRole(request, 'admin');
      const ws = await db
        .selectFrom('workspaces')
        .select(['id', 'slug'])
        .where('id', '=', ctx.workspaceId)
        .executeTakeFirst();
      if (!ws) throw new HttpProblem(404, 'Not found', { detail: 'The workspace no longer exists' });
      if (request.query.confirm !== ws.slug)
        throw new HttpProblem(400, 'Bad request', {
          detail: `querystring.confirm: must be this workspace's slug "${ws.slug}"`,
          errors: [{ path: 'querystring.confirm', message: `must be this workspace's slug "${ws.slug}"` }],
        });
      const deleted = await deleteWorkspace(db, ws.id);
      if (!deleted) throw new HttpProblem(404, 'Not found', { detail: 'The workspace no longer exists' });
      request.log.info(
        {
          workspaceId: ws.id,
          slug: ws.slug,
          actor: ctx.actorId,
          rows: deleted.rows,
          ms: deleted.milliseconds,
        },
        'workspace deleted',
      );
      return {
        id: deleted.workspaceId,
        slug: deleted.slug,
        rows: deleted.rows,
        tables: deleted.tables,
        milliseconds: deleted.milliseconds,
      };
    },
  );
}
