import { type Kysely, sql } from 'kysely';
import type { DB, JsonObject } from '../db/schema.ts';
import { contactColumns, hasColumn } from './optional-columns.ts';
import { scoreUpsertCtes } from './score-upserts-sql.ts';
import { ensureSignalSettings } from './signal-config.ts';
import { evaluateStages } from './stages/evaluate-stages.ts';
import {
  attributesFor,
  relatedAccountIds,
  signalsLockKey,
  weightedActivitiesSql,
} from './weighted-activities-sql.ts';
import { withoutJit } from './without-jit.ts';

/** An activity just written to the store, as the scoring pipeline needs it. */
export interface ScoringActivity {
  id: number;
  accountId: string | null;
  contactId: string | null;
  type: string;
  occurredAt: Date;
  properties: JsonObject;
}

/**
 * Fold freshly inserted activities into the decayed engagement scores (contact, account, persona),
 * the weekly activity buckets and the intent topic weeks, then re-evaluate the journey stage of the
 * touched accounts. Call inside the writer's transaction right after the insert.
 *
 * Set-based and O(batch): one primary-key lookup finds the contacts' accounts, one statement reads
 * the batch back by primary key, weights it and upserts every aggregate (with the accounts' score
 * key and momentum), and one evaluates the stages of the touched accounts, reading only their rows
 * and the weeks their conditions cover. Cost does not depend on how many activities, accounts or
 * weeks are already stored; JIT is off for these statements (see withoutJit), so batches of
 * thousands stay linear. Holds the workspace's signals lock in shared mode, so a concurrent full
 * recompute waits for (and then includes) this batch.
 *
 * @example
 * const ids = await trx.insertInto('activities').values(rows).returning([...]).execute();
 * await applyActivities(trx, workspaceId, ids.map(toScoringActivity));
 */
export async function applyActivities(
  db: Kysely<DB>,
  workspaceId: string,
  activities: ScoringActivity[],
): Promise<void> {
  if (activities.length === 0) return;
  await ensureSignalSettings(db, workspaceId);
  const columns = await contactColumns(db);
  const personaMemberships = await hasColumn(db, 'contact_personas', 'persona_id');
  const ids = [...new Set(activities.map((a) => a.id))];
  const contactIds = [...new Set(activities.flatMap((a) => (a.contactId ? [a.contactId] : [])))];
  await withoutJit(db, async (trx) => {
    const accountIds = await relatedAccountIds(
      trx,
      workspaceId,
      contactIds,
      activities.flatMap((a) => (a.accountId ? [a.accountId] : [])),
    );
    // One primary-key probe per id: the planner then knows the batch's size (`id = ANY (…)` over
    // the whole table is estimated at a row or so, which makes it nest loops over the batch).
    const batch = sql`
      SELECT a.* FROM unnest(${ids}::bigint[]) AS k(id)
      CROSS JOIN LATERAL (
        SELECT * FROM activities x WHERE x.workspace_id = ${workspaceId} AND x.id = k.id LIMIT 1
      ) a, lk`;
    const weighted = weightedActivitiesSql({
      workspaceId,
      activities: batch,
      ...attributesFor(workspaceId, columns, contactIds, accountIds),
    });
    const touched = await sql<{ account_id: string }>`
      WITH lk AS (SELECT pg_advisory_xact_lock_shared(${signalsLockKey(workspaceId)})),
      b AS MATERIALIZED (${weighted}),
      ${scoreUpsertCtes(workspaceId, { scores: true, topics: true, personaMemberships })}
      SELECT DISTINCT account_id FROM b WHERE account_id IS NOT NULL`.execute(trx);
    await evaluateStages(
      trx,
      workspaceId,
      touched.rows.map((r) => r.account_id),
      'activity',
    );
  });
}
