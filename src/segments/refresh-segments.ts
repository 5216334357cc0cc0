import { type Kysely, sql } from 'kysely';
import { plannedWorkspace } from '../db/planned-workspace.ts';
import type { DB } from '../db/schema.ts';
import { SIGNAL_EVENTS_CHANNEL } from '../signals/stages/evaluate-stages.ts';
import { withoutJit } from '../signals/without-jit.ts';
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
 * sweep moves every segment with a time window; `deleted` every segment), in dependency order, in the caller's transaction.
 * Cost is O(touched records × segments), independent of the workspace's size.
 *
 * @example
 * await refreshSegments(trx, workspaceId, { accountIds: [id] }, 'accounts');
 */
export async function refreshSegments(
  db: Kysely<DB>,
  workspaceId: string,
  touched: TouchedRecords,
  trigger: Trigger | 'time' | 'deleted',
  at: Date = new Date(),
): Promise<MembershipChange> {
  const total = { entered: 0, exited: 0 };
  let accountIds = unique(touched.accountIds);
  const contactIds = unique(touched.contactIds);
  if (accountIds.length === 0 && contactIds.length === 0) return total;
  const segments = await loadSegments(db, workspaceId);
  if (segments.size === 0) return total;
  const all = planSegments(segments, workspaceId);
  // People's account links are tracked while any segment reads across them (see personAccounts).
  if (contactIds.length > 0 && all.some((p) => p.triggers.has('contacts')))
    accountIds = unique([...accountIds, ...(await personAccounts(db, workspaceId, contactIds))]);
  const plans = all.filter((p) =>
    trigger === 'deleted' ? true : trigger === 'time' ? p.timed || p.daily : p.triggers.has(trigger),
  );
  if (plans.length === 0) return total;
  // People segments are evaluated for the people touched; those whose rule reads the person's
  // account also for every person of the touched accounts (looked up only when such a segment runs).
  let accountsPeople = contactIds;
  if (accountIds.length > 0 && plans.some((p) => p.segment.kind === 'contact' && p.readsAccounts)) {
    const ws = plannedWorkspace(workspaceId);
    const rows = await sql<{ id: string }>`
      SELECT c.id FROM unnest(${accountIds}::uuid[]) k(id)
      CROSS JOIN LATERAL (SELECT id FROM contacts WHERE workspace_id = ${ws} AND account_id = k.id) c`.execute(
      db,
    );
    accountsPeople = unique([...contactIds, ...rows.rows.map((r) => r.id)]);
  }
  const refs = segmentRefs(segments);
  // The correlated probes' estimated cost crosses the JIT thresholds; compiling saves nothing here.
  await withoutJit(db, async (trx) => {
    for (const plan of plans) {
      const people = plan.segment.kind === 'contact' && plan.readsAccounts ? accountsPeople : contactIds;
      const change = await evaluateMembership(
        trx,
        plan.segment,
        { workspaceId, at, segments: refs, restrict: { accountIds, contactIds: people } },
        trigger === 'time' ? 'expiry' : trigger,
        false,
      );
      total.entered += change.entered;
      total.exited += change.exited;
    }
  });
  if (total.entered + total.exited > 0)
    await sql`SELECT pg_notify(${SIGNAL_EVENTS_CHANNEL}, ${workspaceId})`.execute(db);
  return total;
}

/**
 * The accounts of these people now and as segments last saw them (a person who moved or was
 * deleted touches the account they left), recording the current link. Primary-key probes only;
 * only changed links are written.
 */
async function personAccounts(db: Kysely<DB>, workspaceId: string, contactIds: string[]): Promise<string[]> {
  const ws = plannedWorkspace(workspaceId);
  const rows = await sql<{ account_id: string }>`
    WITH now_at AS MATERIALIZED (
      SELECT k.id, c.account_id FROM unnest(${contactIds}::uuid[]) k(id)
      LEFT JOIN LATERAL (SELECT account_id FROM contacts WHERE workspace_id = ${ws} AND id = k.id LIMIT 1) c ON true
    ), before AS MATERIALIZED (
      SELECT p.account_id FROM unnest(${contactIds}::uuid[]) k(id)
      CROSS JOIN LATERAL (
        SELECT account_id FROM segment_person_accounts WHERE workspace_id = ${ws} AND contact_id = k.id LIMIT 1
      ) p
    ), linked AS (
      INSERT INTO segment_person_accounts AS t (workspace_id, contact_id, account_id)
      SELECT ${workspaceId}::uuid, id, account_id FROM now_at WHERE account_id IS NOT NULL
      ON CONFLICT (workspace_id, contact_id) DO UPDATE SET account_id = excluded.account_id
      WHERE t.account_id <> excluded.account_id
    ), unlinked AS (
      DELETE FROM segment_person_accounts
      WHERE workspace_id = ${workspaceId} AND contact_id IN (SELECT id FROM now_at WHERE account_id IS NULL)
    )
    SELECT account_id FROM now_at WHERE account_id IS NOT NULL UNION SELECT account_id FROM before`.execute(
    db,
  );
  return rows.rows.map((r) => r.account_id);
}

/**
 * When `segmentId` is the only segment reading across the person–account link, record every
 * person's current account (changed links only): links written while no segment needed them
 * become known. Call after a segment's rule is stored, before it is rebuilt.
 */
export async function ensurePersonLinks(
  db: Kysely<DB>,
  workspaceId: string,
  segmentId: string,
): Promise<void> {
  const readers = planSegments(await loadSegments(db, workspaceId), workspaceId).filter((p) =>
    p.triggers.has('contacts'),
  );
  if (readers.length === 1 && readers[0]?.segment.id === segmentId) await syncPersonAccounts(db, workspaceId);
}

async function syncPersonAccounts(db: Kysely<DB>, workspaceId: string): Promise<void> {
  await sql`
    WITH linked AS (
      INSERT INTO segment_person_accounts AS t (workspace_id, contact_id, account_id)
      SELECT workspace_id, id, account_id FROM contacts WHERE workspace_id = ${workspaceId} AND account_id IS NOT NULL
      ON CONFLICT (workspace_id, contact_id) DO UPDATE SET account_id = excluded.account_id
      WHERE t.account_id <> excluded.account_id
    )
    DELETE FROM segment_person_accounts p WHERE p.workspace_id = ${workspaceId}
      AND NOT EXISTS (SELECT 1 FROM contacts c WHERE c.workspace_id = p.workspace_id AND c.id = p.contact_id
        AND c.account_id IS NOT NULL)`.execute(db);
}
