import type { Kysely } from 'kysely';
import type { JsonObject } from '../../db/json.ts';
import type { DB } from '../../db/schema.ts';
import { applyActivities, type ScoringActivity } from '../apply-activities.ts';

export interface TestActivity {
  type: string;
  at: Date;
  contactId?: string | null;
  accountId?: string | null;
  properties?: JsonObject;
}

/**
 * Insert activities straight into the store and fold them into the signals, as the ingestion
 * writer does (in one transaction). For tests and benchmarks.
 */
export async function insertActivities(
  db: Kysely<DB>,
  workspaceId: string,
  activities: TestActivity[],
): Promise<ScoringActivity[]> {
  return db.transaction().execute(async (trx) => {
    const rows = await trx
      .insertInto('activities')
      .values(
        activities.map((a) => ({
          workspace_id: workspaceId,
          type: a.type,
          occurred_at: a.at,
          contact_id: a.contactId ?? null,
          account_id: a.accountId ?? null,
          properties: a.properties ?? {},
        })),
      )
      .returning(['id', 'account_id', 'contact_id'])
      .execute();
    const scoring = rows.map((r) => ({ id: r.id, accountId: r.account_id, contactId: r.contact_id }));
    await applyActivities(trx, workspaceId, scoring);
    return scoring;
  });
}

/** A time `days` days before now. */
export function daysAgo(days: number): Date {
  return new Date(Date.now() - days * 86_400_000);
}
