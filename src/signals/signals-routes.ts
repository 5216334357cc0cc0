import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recordAudit } from '../audit/record-audit.ts';
import { requireRole } from '../auth/auth-hook.ts';
import type { Database } from '../db/database.ts';
import type { JsonObject } from '../db/json.ts';
import { HttpProblem } from '../errors/problem.ts';
import { getAccountEngagement } from './account-engagement.ts';
import { getAccountTimeline, TimelineCursorError } from './account-timeline.ts';
import { intentRoutes } from './intent/intent-routes.ts';
import { recomputeWorkspace } from './recompute-workspace.ts';
import { ipRangeRoutes } from './reverse-ip/ip-range-routes.ts';
import { getSignalSettings, SignalSettingsInputSchema, updateSignalSettings } from './signal-settings.ts';
import { loadStageModel } from './stages/load-stage-model.ts';
import { replaceStageModel } from './stages/replace-stage-model.ts';
import { StageModelSchema } from './stages/stage-model.ts';

const IdParams = z.strictObject({ id: z.uuid() });
const notFound = () => new HttpProblem(404, 'Not found', { detail: 'No such account in this workspace' });

/**
 * Signals API: weights and recompute, stage model, the internal event outbox, per-account
 * engagement and timeline, intent, and reverse-IP ranges. Registered in its own scope so its CSV/TSV
 * body parsers stay local.
 */
export async function signalsRoutes(app: FastifyInstance, database: Database): Promise<void> {
  await app.register(async (scope) => {
    scope.addContentTypeParser(
      ['text/csv', 'text/tab-separated-values'],
      { parseAs: 'string' },
      (_request, body, done) => done(null, body),
    );
    await ipRangeRoutes(scope, database);
    await intentRoutes(scope, database);
    await coreRoutes(scope, database);
  });
}

async function coreRoutes(app: FastifyInstance, database: Database): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = database;

  api.get('/signals/weights', { schema: { tags: ['signals'] } }, async (request) => {
    const ctx = requireRole(request, 'marketer');
    return getSignalSettings(db, ctx.workspaceId);
  });

  api.put(
    '/signals/weights',
    {
      schema: {
        tags: ['signals'],
        description:
          'Change weights, multipliers, half-life or key pages; every score and stage is recomputed.',
        body: SignalSettingsInputSchema,
      },
    },
    async (request) => {
      const ctx = requireRole(request, 'marketer');
      return db.transaction().execute(async (trx) => {
        const settings = await updateSignalSettings(trx, ctx.workspaceId, request.body);
        const recompute = await recomputeWorkspace(trx, ctx.workspaceId);
        const changes: JsonObject = JSON.parse(JSON.stringify(request.body));
        await recordAudit(trx, ctx, { action: 'signals.weights', objectType: 'signal_settings', changes });
        return { ...settings, recompute };
      });
    },
  );

  api.post(
    '/signals/recompute',
    {
      schema: {
        tags: ['signals'],
        description:
          'Rebuild scores, buckets and stages from history; topics=true also recounts topic weeks.',
        querystring: z.strictObject({ topics: z.enum(['true', 'false']).optional() }),
      },
    },
    async (request) => {
      const ctx = requireRole(request, 'marketer');
      const result = await recomputeWorkspace(db, ctx.workspaceId, {
        topics: request.query.topics === 'true',
      });
      await recordAudit(db, ctx, {
        action: 'signals.recompute',
        objectType: 'signal_settings',
        changes: { activities: result.activities, stageChanges: result.stageChanges },
      });
      return result;
    },
  );

  api.get('/signals/stages', { schema: { tags: ['signals'] } }, async (request) => {
    const ctx = requireRole(request, 'sales');
    return { stages: await loadStageModel(db, ctx.workspaceId) };
  });

  api.put(
    '/signals/stages',
    { schema: { tags: ['signals'], body: z.strictObject({ stages: StageModelSchema }) } },
    async (request) => {
      const ctx = requireRole(request, 'marketer');
      return db.transaction().execute(async (trx) => {
        const changed = await replaceStageModel(trx, ctx.workspaceId, request.body.stages);
        await recordAudit(trx, ctx, {
          action: 'signals.stages',
          objectType: 'journey_stages',
          changes: { stages: request.body.stages.map((s) => s.key), changed },
        });
        return { stages: request.body.stages, changed };
      });
    },
  );

  api.get(
    '/signals/events',
    {
      schema: {
        tags: ['signals'],
        description: 'The internal event outbox (stage_changed, …) in id order, for plays and alerts.',
        querystring: z.strictObject({
          after: z.coerce.number().int().min(0).default(0),
          type: z.string().max(100).optional(),
          limit: z.coerce.number().int().min(1).max(1000).default(100),
        }),
      },
    },
    async (request) => {
      const ctx = requireRole(request, 'sales');
      const { after, type, limit } = request.query;
      let q = db
        .selectFrom('signal_events')
        .select(['id', 'type', 'account_id', 'payload', 'created_at'])
        .where('workspace_id', '=', ctx.workspaceId)
        .where('id', '>', after)
        .orderBy('id')
        .limit(limit);
      if (type) q = q.where('type', '=', type);
      const rows = await q.execute();
      return {
        data: rows.map((r) => ({
          id: r.id,
          type: r.type,
          accountId: r.account_id,
          payload: r.payload,
          createdAt: r.created_at,
        })),
        next: rows.length === limit ? (rows[rows.length - 1]?.id ?? null) : null,
      };
    },
  );

  api.get(
    '/accounts/:id/engagement',
    {
      schema: {
        tags: ['signals'],
        params: IdParams,
        querystring: z.strictObject({ weeks: z.coerce.number().int().min(4).max(260).default(26) }),
      },
    },
    async (request) => {
      const ctx = requireRole(request, 'sales');
      const result = await getAccountEngagement(db, ctx.workspaceId, request.params.id, request.query.weeks);
      if (!result) throw notFound();
      return result;
    },
  );

  api.get(
    '/accounts/:id/timeline',
    {
      schema: {
        tags: ['signals'],
        params: IdParams,
        querystring: z.strictObject({
          limit: z.coerce.number().int().min(1).max(500).default(50),
          cursor: z.string().max(500).optional(),
        }),
      },
    },
    async (request) => {
      const ctx = requireRole(request, 'sales');
      try {
        const result = await getAccountTimeline(db, ctx.workspaceId, request.params.id, request.query);
        if (!result) throw notFound();
        return result;
      } catch (error) {
        if (error instanceof TimelineCursorError)
          throw new HttpProblem(400, 'Validation failed', {
            detail: `querystring.cursor: ${error.message}`,
            errors: [{ path: 'querystring.cursor', message: error.message }],
          });
        throw error;
      }
    },
  );
}
