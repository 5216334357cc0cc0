import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recordAudit } from '../audit/record-audit.ts';
import { requireRole } from '../auth/auth-hook.ts';
import type { Database } from '../db/database.ts';
import { HttpProblem } from '../errors/problem.ts';
import { FitInputError } from '../fit/fit-input-error.ts';
import { ClusterRequestSchema, proposeClusters } from './propose-clusters.ts';
import { diffTargetLists, listMembers } from './target-list-diff.ts';
import {
  ApproveSchema,
  activateTargetList,
  approveTargetList,
  archiveTargetList,
  CreateTargetListSchema,
  createTargetList,
  editMembers,
  getTargetList,
  MemberEditSchema,
  PeriodSchema,
} from './target-lists.ts';
import { setTierOverride } from './tier-override.ts';
import { getTierRules, proposeTiers, saveTierRules, TierRulesSchema } from './tier-rules.ts';

const IdParams = z.strictObject({ id: z.uuid() });

/** Tiers (rules, proposal, overrides, Tier 2 clusters) and target account lists per planning period. */
export async function targetRoutes(app: FastifyInstance, database: Database): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = database;

  api.get('/fit/tier-rules', { schema: { tags: ['tiers'] } }, async (request) => {
    const ctx = requireRole(request, 'sales');
    return getTierRules(db, ctx.workspaceId);
  });

  api.put('/fit/tier-rules', { schema: { tags: ['tiers'], body: TierRulesSchema } }, async (request) => {
    const ctx = requireRole(request, 'marketer');
    await saveTierRules(db, ctx.workspaceId, request.body);
    await recordAudit(db, ctx, {
      action: 'tier_rules.update',
      objectType: 'tier_settings',
      changes: { ...request.body },
    });
    return getTierRules(db, ctx.workspaceId);
  });

  api.get(
    '/fit/tiers/proposal',
    {
      schema: {
        tags: ['tiers'],
        querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(10_000).default(500) }),
      },
    },
    async (request) => {
      const ctx = requireRole(request, 'sales');
      const proposal = await proposeTiers(db, ctx.workspaceId);
      const counts = { tier1: 0, tier2: 0, tier3: 0 };
      for (const p of proposal) {
        if (p.tier === 1) counts.tier1++;
        else if (p.tier === 2) counts.tier2++;
        else if (p.tier === 3) counts.tier3++;
      }
      return { counts, data: proposal.slice(0, request.query.limit) };
    },
  );

  api.put(
    '/fit/accounts/:id/tier-override',
    {
      schema: {
        tags: ['tiers'],
        params: IdParams,
        body: z.strictObject({
          tier: z.number().int().min(1).max(3).nullable(),
          reason: z.string().trim().max(500).optional(),
        }),
      },
    },
    async (request) => {
      const ctx = requireRole(request, 'sales');
      return setTierOverride(db, ctx, request.params.id, request.body.tier, request.body.reason);
    },
  );

  api.post('/fit/clusters', { schema: { tags: ['tiers'], body: ClusterRequestSchema } }, async (request) => {
    const ctx = requireRole(request, 'marketer');
    try {
      return await proposeClusters(db, ctx.workspaceId, request.body);
    } catch (error) {
      if (error instanceof FitInputError)
        throw new HttpProblem(422, 'Cannot propose clusters', { detail: error.message });
      throw error;
    }
  });

  api.get('/fit/clusters', { schema: { tags: ['tiers'] } }, async (request) => {
    const ctx = requireRole(request, 'sales');
    const rows = await db
      .selectFrom('tier_clusters')
      .select(['id', 'label', 'size', 'dominant_features', 'created_at'])
      .where('workspace_id', '=', ctx.workspaceId)
      .orderBy('id')
      .execute();
    return {
      data: rows.map((r) => ({
        id: r.id,
        label: r.label,
        size: r.size,
        dominantFeatures: r.dominant_features,
        createdAt: r.created_at,
      })),
    };
  });

  api.post(
    '/target-lists',
    { schema: { tags: ['target lists'], body: CreateTargetListSchema } },
    async (request, reply) => {
      const ctx = requireRole(request, 'sales');
      const id = await createTargetList(db, ctx, request.body);
      return reply.code(201).send(await getTargetList(db, ctx.workspaceId, id));
    },
  );

  api.get(
    '/target-lists',
    { schema: { tags: ['target lists'], querystring: z.strictObject({ period: PeriodSchema.optional() }) } },
    async (request) => {
      const ctx = requireRole(request, 'sales');
      let query = db
        .selectFrom('target_lists')
        .select('id')
        .where('workspace_id', '=', ctx.workspaceId)
        .orderBy('period', 'desc')
        .orderBy('created_at', 'desc');
      if (request.query.period) query = query.where('period', '=', request.query.period);
      const rows = await query.execute();
      return { data: await Promise.all(rows.map((r) => getTargetList(db, ctx.workspaceId, r.id))) };
    },
  );

  api.get('/target-lists/:id', { schema: { tags: ['target lists'], params: IdParams } }, async (request) => {
    const ctx = requireRole(request, 'sales');
    return getTargetList(db, ctx.workspaceId, request.params.id);
  });

  api.get(
    '/target-lists/:id/members',
    {
      schema: {
        tags: ['target lists'],
        params: IdParams,
        querystring: z.strictObject({
          limit: z.coerce.number().int().min(1).max(1000).default(100),
          offset: z.coerce.number().int().min(0).default(0),
        }),
      },
    },
    async (request) => {
      const ctx = requireRole(request, 'sales');
      await getTargetList(db, ctx.workspaceId, request.params.id);
      return {
        data: await listMembers(
          db,
          ctx.workspaceId,
          request.params.id,
          request.query.limit,
          request.query.offset,
        ),
      };
    },
  );

  api.patch(
    '/target-lists/:id/members',
    { schema: { tags: ['target lists'], params: IdParams, body: MemberEditSchema } },
    async (request) => {
      const ctx = requireRole(request, 'sales');
      return editMembers(db, ctx, request.params.id, request.body);
    },
  );

  api.post(
    '/target-lists/:id/approve',
    { schema: { tags: ['target lists'], params: IdParams, body: ApproveSchema } },
    async (request) => {
      const ctx = requireRole(request, 'sales');
      return approveTargetList(db, ctx, request.params.id, request.body);
    },
  );

  api.post(
    '/target-lists/:id/activate',
    { schema: { tags: ['target lists'], params: IdParams } },
    async (request) => {
      const ctx = requireRole(request, 'sales');
      return activateTargetList(db, ctx, request.params.id);
    },
  );

  api.post(
    '/target-lists/:id/archive',
    { schema: { tags: ['target lists'], params: IdParams } },
    async (request) => {
      const ctx = requireRole(request, 'marketer');
      return archiveTargetList(db, ctx, request.params.id);
    },
  );

  api.get(
    '/target-lists/:id/diff',
    {
      schema: {
        tags: ['target lists'],
        params: IdParams,
        querystring: z.strictObject({ against: z.uuid().optional() }),
      },
    },
    async (request) => {
      const ctx = requireRole(request, 'sales');
      return diffTargetLists(db, ctx.workspaceId, request.params.id, request.query.against);
    },
  );
}
