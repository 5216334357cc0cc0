import type { Kysely } from 'kysely';
import { z } from 'zod';
import { accountPlanSchema } from '../contracts/account-plan-contract.ts';
import type { DB } from '../db/schema.ts';

const Text = z.string().max(20_000);

/** The editable sections of an account plan (camelCase, as the API speaks them). */
export const AccountPlanFieldsSchema = z.strictObject({
  businessSituation: Text.optional(),
  goals: Text.optional(),
  painPoints: Text.optional(),
  keyPeople: Text.optional(),
  nextSteps: Text.optional(),
});
export type AccountPlanFields = z.infer<typeof AccountPlanFieldsSchema>;

/** An account plan as the API returns it. `version` 0 means nobody has written the plan yet. */
export const AccountPlanSchema = accountPlanSchema(z.date());
export type AccountPlan = z.infer<typeof AccountPlanSchema>;

/** Column of each plan section. */
export const PLAN_COLUMNS = {
  businessSituation: 'business_situation',
  goals: 'goals',
  painPoints: 'pain_points',
  keyPeople: 'key_people',
  nextSteps: 'next_steps',
} as const;

/** The plan sections, in display order. */
export const PLAN_KEYS = ['businessSituation', 'goals', 'painPoints', 'keyPeople', 'nextSteps'] as const;

/** The plan of an account, or an empty version-0 plan when none was saved yet. */
export async function getAccountPlan(
  db: Kysely<DB>,
  workspaceId: string,
  accountId: string,
): Promise<AccountPlan> {
  const row = await db
    .selectFrom('account_plans')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  if (!row) {
    return {
      accountId,
      businessSituation: '',
      goals: '',
      painPoints: '',
      keyPeople: '',
      nextSteps: '',
      version: 0,
      updatedBy: null,
      updatedAt: null,
    };
  }
  return {
    accountId,
    businessSituation: row.business_situation,
    goals: row.goals,
    painPoints: row.pain_points,
    keyPeople: row.key_people,
    nextSteps: row.next_steps,
    version: row.version,
    updatedBy: row.updated_by,
    updatedAt: row.updated_at,
  };
}
