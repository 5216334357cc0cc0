import { recordAudit } from '../audit/record-audit.ts';
import type { AuthContext } from '../auth/auth-context.ts';
import type { Database } from '../db/database.ts';
import type { JsonObject } from '../db/json.ts';
import { HttpProblem } from '../errors/problem.ts';
import {
  type AccountPlan,
  type AccountPlanFields,
  getAccountPlan,
  PLAN_COLUMNS,
  PLAN_KEYS,
} from './account-plan.ts';

/**
 * Save an account plan if nobody else saved it since the caller read `expectedVersion` (0 for a plan
 * not yet written). On a stale version the save is refused with 409 and the current version named,
 * so the editor can reload and merge. The save and its audit entry (old → new of each changed section)
 * commit together.
 */
export async function saveAccountPlan(
  database: Database,
  ctx: AuthContext,
  accountId: string,
  expectedVersion: number,
  fields: AccountPlanFields,
): Promise<AccountPlan> {
  return database.db.transaction().execute(async (trx) => {
    const current = await getAccountPlan(trx, ctx.workspaceId, accountId);
    const conflict = () =>
      new HttpProblem(409, 'Edit conflict', {
        detail: `The plan was changed by someone else (now version ${current.version}, you edited version ${expectedVersion}). Reload it and apply your changes again.`,
        errors: [{ path: 'body.version', message: `current version is ${current.version}` }],
      });
    if (current.version !== expectedVersion) throw conflict();
    const values: Record<(typeof PLAN_COLUMNS)[keyof typeof PLAN_COLUMNS], string> = {
      business_situation: fields.businessSituation ?? current.businessSituation,
      goals: fields.goals ?? current.goals,
      pain_points: fields.painPoints ?? current.painPoints,
      key_people: fields.keyPeople ?? current.keyPeople,
      next_steps: fields.nextSteps ?? current.nextSteps,
    };
    const changes: JsonObject = {};
    for (const key of PLAN_KEYS) {
      const after = values[PLAN_COLUMNS[key]];
      if (after !== current[key]) changes[key] = { from: current[key], to: after };
    }
    const updatedBy = ctx.userId ?? `${ctx.actorType}:${ctx.actorId}`;
    if (expectedVersion === 0) {
      const inserted = await trx
        .insertInto('account_plans')
        .values({ workspace_id: ctx.workspaceId, account_id: accountId, ...values, updated_by: updatedBy })
        .onConflict((oc) => oc.columns(['workspace_id', 'account_id']).doNothing())
        .returning('version')
        .executeTakeFirst();
      if (!inserted) throw conflict();
    } else {
      const updated = await trx
        .updateTable('account_plans')
        .set((eb) => ({
          ...values,
          updated_by: updatedBy,
          updated_at: new Date(),
          version: eb('version', '+', 1),
        }))
        .where('workspace_id', '=', ctx.workspaceId)
        .where('account_id', '=', accountId)
        .where('version', '=', expectedVersion)
        .returning('version')
        .executeTakeFirst();
      if (!updated) throw conflict();
    }
    await recordAudit(trx, ctx, {
      action: 'account_plan.save',
      objectType: 'account',
      objectId: accountId,
      changes: { version: expectedVersion + 1, ...changes },
    });
    return getAccountPlan(trx, ctx.workspaceId, accountId);
  });
}
