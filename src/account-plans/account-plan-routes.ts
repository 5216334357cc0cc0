import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireRole } from '../auth/auth-hook.ts';
import type { Database } from '../db/database.ts';
import { HttpProblem } from '../errors/problem.ts';
import { assertCanEdit } from '../records/record-access.ts';
import { AccountPlanFieldsSchema, AccountPlanSchema, getAccountPlan } from './account-plan.ts';
import { saveAccountPlan } from './save-account-plan.ts';

const Params = z.strictObject({ id: z.uuid() });
const SaveBody = AccountPlanFieldsSchema.extend({
  /** The version the editor started from (0 for a new plan); a stale version answers 409. */
  version: z.number().int().min(0),
});

/** GET/PUT /accounts/:id/plan — the account plan sales and marketing write together. */
export async function accountPlanRoutes(app: FastifyInstance, database: Database): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = database;

  async function accountOwner(workspaceId: string, id: string): Promise<string | null> {
    const row = await db
      .selectFrom('accounts')
      .select('owner_id')
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw new HttpProblem(404, 'Not found', { detail: `No account ${id} in this workspace` });
    return row.owner_id;
  }

  api.get(
    '/accounts/:id/plan',
    {
      schema: {
        tags: ['account plans'],
        summary: "An account's plan (version 0 and empty sections when none was written)",
        params: Params,
        response: { 200: AccountPlanSchema },
      },
    },
    async (request) => {
      const ctx = requireRole(request, 'sales');
      await accountOwner(ctx.workspaceId, request.params.id);
      return getAccountPlan(db, ctx.workspaceId, request.params.id);
    },
  );

  api.put(
    '/accounts/:id/plan',
    {
      schema: {
        tags: ['account plans'],
        summary: 'Save the plan if `version` is still current (409 otherwise); sales: accounts they own',
        params: Params,
        body: SaveBody,
        response: { 200: AccountPlanSchema },
      },
    },
    async (request) => {
      const ctx = requireRole(request, 'sales');
      const ownerId = await accountOwner(ctx.workspaceId, request.params.id);
      assertCanEdit(ctx, { ownerId }, {});
      const { version, ...fields } = request.body;
      return saveAccountPlan(database, ctx, request.params.id, version, fields);
    },
  );
}
