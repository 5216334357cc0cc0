import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { rescoreAccounts } from '../fit/rescore-accounts.ts';
import { matchAndLinkContacts } from '../matching/match-and-link-contacts.ts';
import { assignPersonas } from '../personas/assign-personas.ts';
import { routeAccounts } from '../routing/route-accounts.ts';
import { routeContacts } from '../routing/route-contacts.ts';
import { refreshSegments } from '../segments/refresh-segments.ts';
import { applyActivities, type ScoringActivity } from '../signals/apply-activities.ts';
import { evaluateStages } from '../signals/stages/evaluate-stages.ts';

/**
 * Keeps the derived data — account matches, personas, fit scores, engagement scores and journey
 * stages — in step with writes of the core records. Every writer (single-record API, bulk API, CSV
 * import, tracking ingestion, e-mail tracking) calls these inside its own transaction, so a
 * committed record never has stale derived data, whichever door it came in by. Each is set-based
 * over the ids it is given. Activities are stored only by storeActivities (src/activities), which
 * calls afterActivitiesStored.
 */

/** After accounts were created or changed: owner routing of the unowned ones, fit (rules and model) and, with it, the stage (MQA uses fit). */
export async function afterAccountsWritten(
  db: Kysely<DB>,
  workspaceId: string,
  accountIds: readonly string[],
): Promise<void> {
  const ids = unique(accountIds);
  if (ids.length === 0) return;
  await routeAccounts(db, workspaceId, { accountIds: ids }, 'write');
  await rescoreAccounts(db, workspaceId, ids);
  await evaluateStages(db, workspaceId, ids, 'fit');
  await refreshSegments(db, workspaceId, { accountIds: ids }, 'accounts');
}

/**
 * After contacts were created or changed: link them to accounts through the matcher (explicit links
 * and manual decisions are kept), give unowned ones their account's owner (lead-to-account routing) and derive function, seniority and personas from their titles.
 */
export async function afterContactsWritten(
  db: Kysely<DB>,
  workspaceId: string,
  contactIds: readonly string[],
): Promise<void> {
  const ids = unique(contactIds);
  if (ids.length === 0) return;
  await matchAndLinkContacts(db, workspaceId, ids);
  await routeContacts(db, workspaceId, { contactIds: ids }, 'write');
  await assignPersonas(db, workspaceId, ids);
  await refreshSegments(db, workspaceId, { contactIds: ids }, 'contacts');
}

/** After opportunities were created or changed: the stages of their accounts (Opportunity, Customer). */
export async function afterOpportunitiesWritten(
  db: Kysely<DB>,
  workspaceId: string,
  accountIds: readonly (string | null)[],
): Promise<void> {
  const ids = unique(accountIds);
  if (ids.length === 0) return;
  await evaluateStages(db, workspaceId, ids, 'opportunity');
  await refreshSegments(db, workspaceId, { accountIds: ids }, 'opportunities');
}

/**
 * After activities were stored (storeActivities) or moved to another contact or account (their old
 * contribution retracted first): fold them into scores, intent and stages.
 */
export async function afterActivitiesStored(
  db: Kysely<DB>,
  workspaceId: string,
  activities: readonly ScoringActivity[],
): Promise<void> {
  if (activities.length === 0) return;
  await applyActivities(db, workspaceId, [...activities]);
  await afterActivitiesApplied(db, workspaceId, activities);
}

/**
 * After scores and stages took in activities, or lost some (history moved elsewhere): the segments
 * of the accounts and people they are, or were, about.
 */
export async function afterActivitiesApplied(
  db: Kysely<DB>,
  workspaceId: string,
  activities: readonly { accountId: string | null; contactId: string | null }[],
): Promise<void> {
  await refreshSegments(
    db,
    workspaceId,
    { accountIds: activities.map((a) => a.accountId), contactIds: activities.map((a) => a.contactId) },
    'activities',
  );
}

/**
 * After accounts or contacts were deleted (with the accounts their people were at, and the people
 * an account lost): deleted records leave their segments (exit events), and the accounts and
 * people they were linked to are re-evaluated.
 */
export async function afterRecordsDeleted(
  db: Kysely<DB>,
  workspaceId: string,
  records: { accountIds?: readonly (string | null)[]; contactIds?: readonly (string | null)[] },
): Promise<void> {
  await refreshSegments(db, workspaceId, records, 'deleted');
}

function unique(ids: readonly (string | null | undefined)[]): string[] {
  return [...new Set(ids.filter((id): id is string => typeof id === 'string' && id.length > 0))];
}
