import type { Kysely } from 'kysely';
import { storeActivities } from '../activities/store-activities.ts';
import type { JsonObject } from '../db/json.ts';
import type { DB } from '../db/schema.ts';
import type { ScoringActivity } from '../signals/apply-activities.ts';

export interface TestActivity {
  type: string;
  at: Date;
  contactId?: string | null;
  accountId?: string | null;
  properties?: JsonObject;
}

/**
 * Store activities as given (no reference resolution) through storeActivities, so the signals follow
 * in the same transaction. For tests.
 */
export async function insertActivities(
  db: Kysely<DB>,
  workspaceId: string,
  activities: TestActivity[],
): Promise<ScoringActivity[]> {
  return db.transaction().execute(async (trx) => {
    const stored = await storeActivities(
      trx,
      workspaceId,
      activities.map((a) => ({
        type: a.type,
        occurredAt: a.at,
        contactId: a.contactId ?? null,
        accountId: a.accountId ?? null,
        properties: a.properties ?? {},
        source: 'api',
        messageId: null,
      })),
    );
    return stored.flatMap((s) => (s ? [{ id: s.id, accountId: s.accountId, contactId: s.contactId }] : []));
  });
}

/** A time `days` days before now. */
export function daysAgo(days: number): Date {
  return new Date(Date.now() - days * 86_400_000);
}
