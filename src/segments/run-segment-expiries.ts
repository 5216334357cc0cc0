import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { rebuildSegment } from './rebuild-segment.ts';
import { refreshSegments } from './refresh-segments.ts';

export interface ExpiryResult {
  /** Records re-evaluated because a time window of theirs ran out. */
  reevaluated: number;
  entered: number;
  exited: number;
  /** Segments rebuilt at a day boundary (rules reading the current week or momentum). */
  rebuilt: number;
}

/**
 * Apply what time alone changes, for every workspace: (1) the records whose due time has come
 * (`segment_due`, at most `limit` per call, oldest first) are taken off the due list and
 * re-evaluated in every timed segment — which stores their next due time — with reason `expiry`;
 * (2) segments whose rule reads the current week (surge, momentum) and whose day has ended are
 * rebuilt. One transaction per workspace. No segment is rescanned for (1).
 */
export async function runSegmentExpiries(
  db: Kysely<DB>,
  at: Date = new Date(),
  limit = 20_000,
): Promise<ExpiryResult> {
  const result: ExpiryResult = { reevaluated: 0, entered: 0, exited: 0, rebuilt: 0 };
  const due = await sql<{ workspace_id: string; kind: 'account' | 'contact'; ids: string[] }>`
    SELECT d.workspace_id, s.kind, array_agg(DISTINCT d.member_id) AS ids
    FROM (SELECT workspace_id, segment_id, member_id FROM segment_due
          WHERE due_at <= ${at.toISOString()}::timestamptz ORDER BY due_at LIMIT ${limit}) d
    JOIN segments s ON s.workspace_id = d.workspace_id AND s.id = d.segment_id
    GROUP BY d.workspace_id, s.kind`.execute(db);
  const byWorkspace = new Map<string, { accountIds: string[]; contactIds: string[] }>();
  for (const row of due.rows) {
    const entry = byWorkspace.get(row.workspace_id) ?? { accountIds: [], contactIds: [] };
    if (row.kind === 'account') entry.accountIds.push(...row.ids);
    else entry.contactIds.push(...row.ids);
    byWorkspace.set(row.workspace_id, entry);
  }
  for (const [workspaceId, touched] of byWorkspace) {
    await db.transaction().execute(async (trx) => {
      const ids = [...touched.accountIds, ...touched.contactIds];
      await sql`DELETE FROM segment_due WHERE workspace_id = ${workspaceId}
        AND member_id = ANY (${ids}::uuid[]) AND due_at <= ${at.toISOString()}::timestamptz`.execute(trx);
      const change = await refreshSegments(trx, workspaceId, touched, 'time', at);
      result.reevaluated += ids.length;
      result.entered += change.entered;
      result.exited += change.exited;
    });
  }
  const stale = await db
    .selectFrom('segments')
    .select(['workspace_id', 'id'])
    .where('next_rebuild_at', '<=', at)
    .execute();
  for (const s of stale) {
    const change = await db
      .transaction()
      .execute((trx) => rebuildSegment(trx, s.workspace_id, s.id, 'day', at));
    result.entered += change.entered;
    result.exited += change.exited;
    result.rebuilt += 1;
  }
  return result;
}
