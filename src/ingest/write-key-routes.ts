import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recordAudit } from '../audit/record-audit.ts';
import { requireRole } from '../auth/auth-hook.ts';
import type { Database } from '../db/database.ts';
import { HttpProblem } from '../errors/problem.ts';
import { createWriteKey, listWriteKeys, revokeWriteKey } from './write-keys.ts';

const WriteKeyOut = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  createdAt: z.date(),
  revokedAt: z.date().nullable(),
});

/** Write keys for the tracking API (/v1/*): create (the key is shown once), list, revoke. Admin only. */
export async function writeKeyRoutes(app: FastifyInstance, database: Database): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = database;

  api.get(
    '/write-keys',
    { schema: { tags: ['tracking'], response: { 200: z.object({ data: z.array(WriteKeyOut) }) } } },
    async (request) => {
      const ctx = requireRole(request, 'admin');
      return { data: await listWriteKeys(db, ctx.workspaceId) };
    },
  );

  api.post(
    '/write-keys',
    {
      schema: {
        tags: ['tracking'],
        body: z.strictObject({ name: z.string().trim().min(1).max(100) }),
        response: { 201: WriteKeyOut.extend({ key: z.string() }) },
      },
    },
    async (request, reply) => {
      const ctx = requireRole(request, 'admin');
      const created = await db.transaction().execute(async (trx) => {
        const key = await createWriteKey(trx, {
          workspaceId: ctx.workspaceId,
          name: request.body.name,
          createdBy: ctx.actorId,
        });
        await recordAudit(trx, ctx, {
          action: 'write_key.create',
          objectType: 'write_key',
          objectId: key.id,
          changes: { name: key.name },
        });
        return key;
      });
      reply.code(201);
      return created;
    },
  );

  api.delete(
    '/write-keys/:id',
    { schema: { tags: ['tracking'], params: z.strictObject({ id: z.uuid() }) } },
    async (request, reply) => {
      const ctx = requireRole(request, 'admin');
      const revoked = await db.transaction().execute(async (trx) => {
        const ok = await revokeWriteKey(trx, ctx.workspaceId, request.params.id);
        if (ok) {
          await recordAudit(trx, ctx, {
            action: 'write_key.revoke',
            objectType: 'write_key',
            objectId: request.params.id,
          });
        }
        return ok;
      });
      if (!revoked)
        throw new HttpProblem(404, 'Write key not found', {
          detail: `No active write key ${request.params.id}`,
        });
      return reply.code(204).send();
    },
  );
}
