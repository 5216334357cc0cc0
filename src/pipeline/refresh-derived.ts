import { type Kysely, sql } from 'kysely';
import type { DB, JsonObject } from '../db/schema.ts';
import { rescoreAccounts } from '../fit/rescore-accounts.ts';
import { matchAndLinkContacts } from '../matching/match-and-link-contacts.ts';
import { assignPersonas } from '../personas/assign-personas.ts';
import { applyActivities } from '../signals/apply-activities.ts';
import { evaluateStages } from '../signals/stages/evaluate-stages.ts';

/**
 * Keeps the derived data — account matches, personas, fit scores, engagement scores and journey
 * stages — in step with writes of the core records. Every writer (single-record API, bulk API, CSV
 * import, ingestion) calls these inside its own transaction, so a committed record never has stale
 * derived data. Each is set-based over the ids it is given.
 */

/** After accounts were created or changed: fit (rules and model) and, with it, the stage (MQA uses fit). */
export async function afterAccountsWritten(
  db: Kysely<DB>,
  workspaceId: string,
  accountIds: readonly string[],
): Promise<void> {
  const ids = unique(accountIds);
  if (ids.length === 0) return;
  await rescoreAccounts(db, workspaceId, ids);
  await evaluateStages(db, workspaceId, ids, 'fit');
}

/**
 * After contacts were created or changed: link them to accounts through the matcher (explicit links
 * and manual decisions are kept) and derive function, seniority and personas from their titles.
 */
export async function afterContactsWritten(
  db: Kysely<DB>,
  workspaceId: string,
  contactIds: readonly string[],
): Promise<void> {
  const ids = unique(contactIds);
  if (ids.length === 0) return;
  await matchAndLinkContacts(db, workspaceId, ids);
  await assignPersonas(db, workspaceId, ids);
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
}

/** After activities were inserted (API or import): fold them into scores, intent and stages. */
export async function afterActivitiesInserted(
  db: Kysely<DB>,
  workspaceId: string,
  activityIds: readonly (number | string | null)[],
): Promise<void> {
  const ids = [...new Set(activityIds.flatMap((id) => (id === null ? [] : [Number(id)])))].filter(
    Number.isSafeInteger,
  );
  if (ids.length === 0) return;
  // One primary-key probe per id, whatever the statistics say: a plain `id IN (…)` can be planned
  // through the feed index (workspace_id, occurred_at, id) when the workspace looks small (young,
  // or never analysed), and that walks every activity of the workspace once per id.
  const rows = await sql<ActivityRow>`
    SELECT x.id, x.account_id, x.contact_id, x.type, x.occurred_at, x.properties
    FROM unnest(${ids}::bigint[]) AS k(id) CROSS JOIN LATERAL (
      SELECT a.id, a.account_id, a.contact_id, a.type, a.occurred_at, a.properties FROM activities a
      WHERE a.workspace_id = ${workspaceId} AND a.id = k.id ORDER BY a.workspace_id, a.id LIMIT 1
    ) x`.execute(db);
  await applyActivities(
    db,
    workspaceId,
    rows.rows.map((r) => ({
      id: r.id,
      accountId: r.account_id,
      contactId: r.contact_id,
      type: r.type,
      occurredAt: new Date(r.occurred_at),
      properties: r.properties satisfies JsonObject,
    })),
  );
}

interface ActivityRow {
  id: number;
  account_id: string | null;
  contact_id: string | null;
  type: string;
  occurred_at: Date | string;
  properties: JsonObject;
}

function unique(ids: readonly (string | null | undefined)[]): string[] {
  return [...new Set(ids.filter((id): id is string => typeof id === 'string' && id.length > 0))];
}
