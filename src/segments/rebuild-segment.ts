import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { withoutJit } from '../signals/without-jit.ts';
import { evaluateMembership, type MembershipChange } from './evaluate-membership.ts';
import { loadSegments, planSegments, segmentRefs } from './load-segments.ts';

/** The next UTC midnight after `at`: when rules that read "this week" or momentum are rebuilt. */
export function nextDayBoundary(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate() + 1));
}

/**
 * Evaluate a dynamic segment over the whole workspace (after a rule edit, on request, or at a day
 * boundary for rules that read the current week), then every segment that refers to it, in
 * dependency order; each applies its difference as entries and exits with outbox events. Runs in
 * the caller's transaction (or its own) with JIT off and room for the hashed sets (work_mem) the
 * compiled rule reads. Returns the changes of the segment itself.
 */
export async function rebuildSegment(
  db: Kysely<DB>,
  workspaceId: string,
  segmentId: string,
  reason = 'rebuild',
  at: Date = new Date(),
): Promise<MembershipChange> {
  return withoutJit(db, async (trx) => {
    await sql`SELECT set_config('work_mem', '256MB', true)`.execute(trx);
    const segments = await loadSegments(trx, workspaceId);
    const plans = planSegments(segments, workspaceId);
    const refs = segmentRefs(segments);
    // The segment and, transitively, the segments that refer to it (plans are in dependency order).
    const affected = new Set([segmentId]);
    let own: MembershipChange = { entered: 0, exited: 0 };
    for (const plan of plans) {
      const id = plan.segment.id;
      if (!affected.has(id) && ![...plan.refs].some((r) => affected.has(r))) continue;
      affected.add(id);
      const change = await evaluateMembership(trx, plan.segment, { workspaceId, at, segments: refs }, reason);
      await trx
        .updateTable('segments')
        .set({ rebuilt_at: at, next_rebuild_at: plan.daily ? nextDayBoundary(at) : null })
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', id)
        .execute();
      if (id === segmentId) own = change;
    }
    return own;
  });
}
