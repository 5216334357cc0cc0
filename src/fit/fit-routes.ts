import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import { recordAudit } from '../audit/record-audit.ts';
import { requireRole } from '../auth/auth-hook.ts';
import type { Database } from '../db/database.ts';
import { HttpProblem } from '../errors/problem.ts';
import { explainAccount } from './explain-account.ts';
import { FitInputError } from './fit-input-error.ts';
import { IcpProfileSchema, resolveCriteria } from './icp-criteria.ts';
import { getIcpProfile, saveIcpProfile } from './icp-profile.ts';
import { findLookalikes, LookalikeRequestSchema } from './lookalikes.ts';
import { scoreAccounts } from './score-accounts.ts';
import { getActiveModel } from './stored-model.ts';
import { TrainModelOptionsSchema, trainAccountModel } from './train-account-model.ts';

const IdParams = z.strictObject({ id: z.uuid() });

/** Fit API: the ICP, scoring, the predictive model and its report, per-account fit and look-alikes. */
export async function fitRoutes(app: FastifyInstance, database: Database): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = database;

  api.get('/fit/icp', { schema: { tags: ['fit'] } }, async (request) => {
    const ctx = requireRole(request, 'sales');
    return getIcpProfile(db, ctx.workspaceId);
  });

  api.put('/fit/icp', { schema: { tags: ['fit'], body: IcpProfileSchema } }, async (request) => {
    const ctx = requireRole(request, 'marketer');
    const criteria = resolveCriteria(request.body.criteria);
    await db.transaction().execute(async (trx) => {
      await saveIcpProfile(trx, ctx.workspaceId, { name: request.body.name, criteria }, ctx.userId);
      await recordAudit(trx, ctx, {
        action: 'icp.update',
        objectType: 'icp_profile',
        changes: { criteria: criteria.length },
      });
    });
    const rescored = (await scoreAccounts(db, ctx.workspaceId)).written;
    return { ...(await getIcpProfile(db, ctx.workspaceId)), rescored };
  });

  api.post('/fit/score', { schema: { tags: ['fit'] } }, async (request) => {
    const ctx = requireRole(request, 'marketer');
    const counts = await scoreAccounts(db, ctx.workspaceId, undefined, { countChanges: true });
    return {
      ruleScoresChanged: counts.ruleChanged,
      modelScored: counts.modelChanged,
      modelVersion: counts.modelVersion,
    };
  });

  api.post(
    '/fit/model/train',
    { schema: { tags: ['fit'], body: TrainModelOptionsSchema } },
    async (request, reply) => {
      const ctx = requireRole(request, 'marketer');
      try {
        const result = await trainAccountModel(db, ctx.workspaceId, request.body, ctx.userId);
        await recordAudit(db, ctx, {
          action: 'fit_model.train',
          objectType: 'fit_model',
          objectId: String(result.version),
          changes: { auc: result.metrics.auc, rows: result.metrics.rows },
        });
        return reply.code(201).send(result);
      } catch (error) {
        if (error instanceof FitInputError)
          throw new HttpProblem(422, 'Not enough history to train', { detail: error.message });
        throw error;
      }
    },
  );

  api.get('/fit/model', { schema: { tags: ['fit'] } }, async (request) => {
    const ctx = requireRole(request, 'sales');
    const model = await getActiveModel(db, ctx.workspaceId);
    if (!model) {
      throw new HttpProblem(404, 'No fit model', {
        detail: 'No fit model has been trained; accounts use the ICP rule score',
      });
    }
    return {
      version: model.version,
      trainedAt: model.trainedAt,
      options: model.options,
      metrics: model.metrics,
    };
  });

  api.get('/fit/models', { schema: { tags: ['fit'] } }, async (request) => {
    const ctx = requireRole(request, 'sales');
    const rows = await db
      .selectFrom('fit_models')
      .select([
        'version',
        'status',
        'trained_at',
        sql<number | null>`(metrics->>'auc')::float8`.as('auc'),
        sql<number | null>`(metrics->>'rule_auc')::float8`.as('rule_auc'),
      ])
      .where('workspace_id', '=', ctx.workspaceId)
      .orderBy('version', 'desc')
      .execute();
    return {
      data: rows.map((r) => ({
        version: r.version,
        status: r.status,
        trainedAt: r.trained_at,
        auc: r.auc,
        ruleAuc: r.rule_auc,
      })),
    };
  });

  api.get('/fit/accounts/:id', { schema: { tags: ['fit'], params: IdParams } }, async (request) => {
    const ctx = requireRole(request, 'sales');
    return explainAccount(db, ctx.workspaceId, request.params.id);
  });

  api.post(
    '/fit/lookalikes',
    { schema: { tags: ['fit'], body: LookalikeRequestSchema } },
    async (request) => {
      const ctx = requireRole(request, 'sales');
      try {
        return await findLookalikes(db, ctx.workspaceId, request.body);
      } catch (error) {
        if (error instanceof FitInputError)
          throw new HttpProblem(422, 'Cannot find look-alikes', { detail: error.message });
        throw error;
      }
    },
  );
}
