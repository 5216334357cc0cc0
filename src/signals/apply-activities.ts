import { type Kysely, sql } from 'kysely';
import { plannedWorkspace } from '../db/planned-workspace.ts';
import type { DB } from '../db/schema.ts';
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

/**
 * An activity just written to the store, as the scoring pipeline needs it: its id and who it is
 * about. Everything else (type, time, properties) is read back from the store with the batch.
 */
export interface ScoringActivity {
  id: number;
  accountId: string | null;
  contactId: string | null;
  /**
   * The row's physical address, from the INSERT's RETURNING ctid in the same transaction (only for
   * rows inserted for this workspace): the batch is then read back with one TID scan instead of a
   * primary-key probe per row.
   */
  ctid?: string;
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
 * const rows = await trx.insertInto('activities').values(values).returning(['id', 'account_id', 'contact_id']).execute();
 * await applyActivities(trx, workspaceId, rows.map((r) => ({ id: r.id, accountId: r.account_id, contactId: r.contact_id })));
 */
export async function applyActivities(
  db: Kysely<DB>,
  workspaceId: string,
  activities: ScoringActivity[],
): Promise<void> {
  if (activities.length === 0) return;
  await ensureSignalSettings(db, workspaceId);
  const ids = [...new Set(activities.map((a) => a.id))];
  const contactIds = [...new Set(activities.flatMap((a) => (a.contactId ? [a.contactId] : [])))];
  await withoutJit(db, async (trx) => {
    const accountIds = await relatedAccountIds(
      trx,
      workspaceId,
      contactIds,
      activities.flatMap((a) => (a.accountId ? [a.accountId] : [])),
    );
    // Rows just inserted by this transaction are read by address (a TID scan: no index at all).
    // The others with one primary-key probe per id: the planner then knows the batch's size (`id =
    // ANY (…)` over the whole table is estimated at a row or so, which makes it nest loops over it).
    const addressed = new Map(activities.flatMap((a) => (a.ctid ? [[a.id, a.ctid] as const] : [])));
    const probed = ids.filter((id) => !addressed.has(id));
    const parts = [
      ...(addressed.size > 0
        ? [
            // No workspace test here: these addresses come from this transaction's INSERT of this
            // workspace's rows, and the test would make the planner guess the batch's size from the
            // workspace's statistics (a young workspace looks tiny to it, and it nests loops).
            sql`SELECT * FROM activities WHERE ctid = ANY (${[...addressed.values()]}::tid[])`,
          ]
        : []),
      ...(probed.length > 0
        ? [
            sql`SELECT a.* FROM unnest(${probed}::bigint[]) AS k(id)
              CROSS JOIN LATERAL (
                SELECT * FROM activities x
                WHERE x.workspace_id = ${plannedWorkspace(workspaceId)} AND x.id = k.id LIMIT 1
              ) a`,
          ]
        : []),
    ];
    const batch = sql`SELECT u.* FROM (${sql.join(parts, sql` UNION ALL `)}) u, lk`;
    const weighted = weightedActivitiesSql({
      workspaceId,
      activities: batch,
      ...attributesFor(workspaceId, contactIds, accountIds),
    });
    const touched = await sql<{ account_id: string }>`
      WITH lk AS (SELECT pg_advisory_xact_lock_shared(${signalsLockKey(workspaceId)})),
      b AS MATERIALIZED (${weighted}),
      ${scoreUpsertCtes(workspaceId, { scores: true, topics: true })}
      SELECT DISTINCT account_id FROM b WHERE account_id IS NOT NULL`.execute(trx);
    await evaluateStages(
      trx,
      workspaceId,
      touched.rows.map((r) => r.account_id),
      'activity',
    );
  });
}

/**
 * The stored activities with these ids (of this workspace) as scoring needs them, for writers that
 * know only the ids. One primary-key probe per id, whatever the statistics say: a plain `id IN (…)`
 * can be planned through the feed index (workspace_id, occurred_at, id) when the workspace looks
 * small (young, or never analysed), and that walks every activity of the workspace once per id.
 *
 * @example
 * await applyActivities(trx, workspaceId, await readScoringActivities(trx, workspaceId, ids));
 */
export async function readScoringActivities(
  db: Kysely<DB>,
  workspaceId: string,
  ids: readonly number[],
): Promise<ScoringActivity[]> {
  if (ids.length === 0) return [];
  const rows = await sql<{ id: number; account_id: string | null; contact_id: string | null }>`
    SELECT x.id, x.account_id, x.contact_id
    FROM unnest(${[...ids]}::bigint[]) AS k(id) CROSS JOIN LATERAL (
      SELECT a.id, a.account_id, a.contact_id FROM activities a
      WHERE a.workspace_id = ${plannedWorkspace(workspaceId)} AND a.id = k.id LIMIT 1
    ) x`.execute(db);
  return rows.rows.map((r) => ({ id: r.id, accountId: r.account_id, contactId: r.contact_id }));
}
