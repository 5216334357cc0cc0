import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import { hasRole } from '../auth/auth-context.ts';
import { requireRole } from '../auth/auth-hook.ts';
import type { Database } from '../db/database.ts';
import { HttpProblem } from '../errors/problem.ts';
import {
  AlertKindSchema,
  AlertPreferencesSchema,
  loadPreferences,
  savePreferences,
} from './alert-preferences.ts';
import {
  callerUser,
  createWebhook,
  deleteWebhook,
  listWebhooks,
  WebhookInputSchema,
  WebhookOutSchema,
} from './webhook-store.ts';

const tags = ['alerts'];
const IdParams = z.strictObject({ id: z.uuid() });

const AlertOutSchema = z.object({
  id: z.uuid(),
  kind: z.string(),
  accountId: z.uuid(),
  accountName: z.string(),
  ownerId: z.uuid().nullable(),
  contactId: z.uuid().nullable(),
  title: z.string(),
  reason: z.string(),
  link: z.string(),
  taskId: z.uuid().nullable(),
  createdAt: z.date(),
});

const DeliveryOutSchema = z.object({
  id: z.number().int(),
  alertId: z.uuid(),
  webhookId: z.uuid(),
  webhook: z.string(),
  title: z.string(),
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number().int(),
  nextAt: z.date(),
  lastError: z.string().nullable(),
  deliveredAt: z.date().nullable(),
});

/** Sales alerts: the caller's alerts, preferences and webhooks; marketers and admins see everyone's and the delivery log. */
export async function alertsRoutes(app: FastifyInstance, database: Database): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = database;

  api.get(
    '/alerts',
    {
      schema: {
        tags,
        summary: "Sales alerts, newest first: the caller's (default), or everyone's for marketers and admins",
        querystring: z.strictObject({
          owner: z.enum(['me', 'all']).default('me'),
          kind: AlertKindSchema.optional(),
          accountId: z.uuid().optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
        response: { 200: z.object({ data: z.array(AlertOutSchema) }) },
      },
    },
    async (request) => {
      const ctx = requireRole(request, 'sales');
      const q = request.query;
      if (q.owner === 'all' && !hasRole(ctx.role, 'marketer')) throw new HttpProblem(403, 'Forbidden');
      let query = db
        .selectFrom('sales_alerts as s')
        .innerJoin('accounts as a', (j) =>
          j.onRef('a.workspace_id', '=', 's.workspace_id').onRef('a.id', '=', 's.account_id'),
        )
        .select([
          's.id',
          's.kind',
          's.account_id',
          'a.name',
          's.owner_id',
          's.contact_id',
          's.title',
          's.reason',
          's.link',
          's.task_id',
          's.created_at',
        ])
        .where('s.workspace_id', '=', ctx.workspaceId);
      if (q.owner === 'me') query = query.where('s.owner_id', '=', callerUser(ctx));
      if (q.kind) query = query.where('s.kind', '=', q.kind);
      if (q.accountId) query = query.where('s.account_id', '=', q.accountId);
      const rows = await query.orderBy('s.created_at', 'desc').limit(q.limit).execute();
      return {
        data: rows.map((r) => ({
          id: r.id,
          kind: r.kind,
          accountId: r.account_id,
          accountName: r.name,
          ownerId: r.owner_id,
          contactId: r.contact_id,
          title: r.title,
          reason: r.reason,
          link: r.link,
          taskId: r.task_id,
          createdAt: r.created_at,
        })),
      };
    },
  );

  api.get(
    '/alerts/preferences',
    {
      schema: {
        tags,
        summary: "The caller's alert preferences (kinds, inbox, digest, throttle)",
        response: { 200: AlertPreferencesSchema },
      },
    },
    async (request) => {
      const ctx = requireRole(request, 'sales');
      const user = callerUser(ctx);
      const prefs = (await loadPreferences(db, ctx.workspaceId, [user])).get(user);
      if (!prefs) throw new HttpProblem(404, 'Not found');
      return prefs;
    },
  );

  api.put(
    '/alerts/preferences',
    {
      schema: {
        tags,
        summary: "Set the caller's alert preferences",
        body: AlertPreferencesSchema,
        response: { 200: AlertPreferencesSchema },
      },
    },
    async (request) => {
      const ctx = requireRole(request, 'sales');
      return savePreferences(db, ctx.workspaceId, callerUser(ctx), request.body);
    },
  );

  api.get(
    '/alerts/webhooks',
    {
      schema: {
        tags,
        summary: "The caller's Slack-compatible webhooks and the team's",
        response: { 200: z.object({ data: z.array(WebhookOutSchema) }) },
      },
    },
    async (request) => {
      const ctx = requireRole(request, 'sales');
      return { data: await listWebhooks(db, ctx) };
    },
  );

  api.post(
    '/alerts/webhooks',
    {
      schema: {
        tags,
        summary: 'Add a Slack-compatible incoming webhook (own, or the team’s: admins)',
        body: WebhookInputSchema,
        response: { 201: WebhookOutSchema },
      },
    },
    async (request, reply) => {
      const ctx = requireRole(request, 'sales');
      return reply.code(201).send(await createWebhook(db, ctx, request.body));
    },
  );

  api.delete(
    '/alerts/webhooks/:id',
    { schema: { tags, summary: 'Remove a webhook (own, or any: admins)', params: IdParams } },
    async (request, reply) => {
      const ctx = requireRole(request, 'sales');
      await deleteWebhook(db, ctx, request.params.id);
      return reply.code(204).send();
    },
  );

  api.get(
    '/alerts/deliveries',
    {
      schema: {
        tags,
        summary: 'Webhook deliveries (the failed ones are never dropped: retry them here)',
        querystring: z.strictObject({
          status: z.enum(['pending', 'delivered', 'failed']).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
        response: { 200: z.object({ data: z.array(DeliveryOutSchema) }) },
      },
    },
    async (request) => {
      const ctx = requireRole(request, 'marketer');
      const rows = await sql<{
        id: string;
        alert_id: string;
        webhook_id: string;
        name: string;
        title: string;
        status: 'pending' | 'delivered' | 'failed';
        attempts: number;
        next_at: Date;
        last_error: string | null;
        delivered_at: Date | null;
      }>`
        SELECT d.id::text AS id, d.alert_id, d.webhook_id, w.name, s.title, d.status, d.attempts, d.next_at,
          d.last_error, d.delivered_at
        FROM alert_deliveries d
        JOIN alert_webhooks w ON w.workspace_id = d.workspace_id AND w.id = d.webhook_id
        JOIN sales_alerts s ON s.workspace_id = d.workspace_id AND s.id = d.alert_id
        WHERE d.workspace_id = ${ctx.workspaceId}
          ${request.query.status ? sql`AND d.status = ${request.query.status}` : sql``}
        ORDER BY d.id DESC LIMIT ${request.query.limit}`.execute(db);
      return {
        data: rows.rows.map((r) => ({
          id: Number(r.id),
          alertId: r.alert_id,
          webhookId: r.webhook_id,
          webhook: r.name,
          title: r.title,
          status: r.status,
          attempts: r.attempts,
          nextAt: r.next_at,
          lastError: r.last_error,
          deliveredAt: r.delivered_at,
        })),
      };
    },
  );

  api.post(
    '/alerts/deliveries/:id/retry',
    {
      schema: {
        tags,
        summary: 'Try a failed delivery again now',
        params: z.strictObject({ id: z.coerce.number().int().min(1) }),
        response: { 200: z.object({ id: z.number().int(), status: z.literal('pending') }) },
      },
    },
    async (request) => {
      const ctx = requireRole(request, 'marketer');
      const row = await db
        .updateTable('alert_deliveries')
        .set({ status: 'pending', next_at: new Date() })
        .where('workspace_id', '=', ctx.workspaceId)
        .where('id', '=', request.params.id)
        .where('status', '=', 'failed')
        .returning('id')
        .executeTakeFirst();
      if (!row) {
        throw new HttpProblem(404, 'Not found', {
          detail: `No failed delivery ${request.params.id} in this workspace`,
        });
      }
      return { id: Number(row.id), status: 'pending' as const };
    },
  );
}
