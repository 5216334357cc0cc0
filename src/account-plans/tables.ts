import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

/** One account's plan; `version` goes up by one on every save (optimistic concurrency). */
export interface AccountPlansTable {
  workspace_id: string;
  account_id: string;
  business_situation: Generated<string>;
  goals: Generated<string>;
  pain_points: Generated<string>;
  key_people: Generated<string>;
  next_steps: Generated<string>;
  version: Generated<number>;
  updated_by: string | null;
  updated_at: Timestamp;
}

/** Tables of the account-plans module. */
export interface AccountPlansTables {
  account_plans: AccountPlansTable;
}

declare module '../db/schema.ts' {
  interface DB extends AccountPlansTables {}
}
