import { type Kysely, sql } from 'kysely';
import { plannedWorkspace } from '../db/planned-workspace.ts';
import type { DB } from '../db/schema.ts';
import type { Trigger } from './compile-rule.ts';
import { evaluateMembership, type MembershipChange } from './evaluate-membership.ts';
import { loadSegments, planSegments, segmentRefs } from './load-segments.ts';

/** The records a write or a batch touched. */
export interface TouchedRecords {
  accountIds?: readonly (string | null | undefined)[];
  contactIds?: readonly (string | null | undefined)[];
}

const unique = (ids: readonly (string | null | undefined)[] = []) => [
  ...new Set(ids.filter((id): id is string => typeof id === 'string' && id.length > 0)),
];

/**
 * Keep dynamic segments current after a write: re-evaluate only the touched accounts and people
 * (and, across the person–account link, the accounts of touched people and the people of touched
 * accounts), only in the segments the kind of write can move (`trigger`; `time` for the expiry
 * sweep moves every segment with a time window), in dependency order, in the caller's transaction.
 * Cost is O(touched records × segments), independent of the workspace's size.
 *
 * @example
 * await refreshSegments(trx, workspaceId, { accountIds: [id] }, 'accounts');
 */
export async function refreshSegments(
  db: Kysely<DB>,
  workspaceId: string,
  touched: TouchedRecords,
  trigger: Trigger | 'time',
  at: Date = new Date(),
): Promise<MembershipChange> {
  const total = { entered: 0, exited: 0 };
  let accountIds = unique(touched.accountIds);
  let contactIds = unique(touched.contactIds);
  if (accountIds.length === 0 && contactIds.length === 0) return total;
  const segments = await loadSegments(db, workspaceId);
  if (segments.size === 0) return total;
  const plans = planSegments(segments, workspaceId).filter((p) =>
    trigger === 'time' ? p.timed || p.daily : p.triggers.has(trigger),
  );
  if (plans.length === 0) return total;
  const ws = plannedWorkspace(workspaceId);
  if (contactIds.length > 0) {
    const rows = await sql<{ account_id: string }>`
      SELECT DISTINCT c.account_id FROM unnest(${contactIds}::uuid[]) k(id)
      CROSS JOIN LATERAL (SELECT account_id FROM contacts WHERE workspace_id = ${ws} AND id = k.id LIMIT 1) c
      WHERE c.account_id IS NOT NULL`.execute(db);
    accountIds = unique([...accountIds, ...rows.rows.map((r) => r.account_id)]);
  }
  if (accountIds.length > 0 && plans.some((p) => p.segment.kind === 'contact')) {
    const rows = await sql<{ id: string }>`
      SELECT c.id FROM unnest(${accountIds}::uuid[]) k(id)
      CROSS JOIN LATERAL (SELECT id FROM contacts WHERE workspace_id = ${ws} AND account_id = k.id) c`.execute(
      db,
    );
    contactIds = unique([...contactIds, ...rows.rows.map((r) => r.id)]);
  }
  const refs = segmentRefs(segments);
  const restrict = { accountIds, contactIds };
  for (const plan of plans) {
    const change = await evaluateMembership(
      db,
      plan.segment,
      { workspaceId, at, segments: refs, restrict },
      trigger === 'time' ? 'expiry' : trigger,
    );
    total.entered += change.entered;
    total.exited += change.exited;
  }
  return total;
}
