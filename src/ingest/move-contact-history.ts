import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { IdentityState } from './identity-state.ts';

/**
 * A contact now belongs to `accountId` (group call, or identify linking a contact that had no
 * account): its activities without an account of their own (stored, and pending in this batch) are
 * given that account, and the stored ones recorded as moved — they were scored with the contact's previous account (`before`), so the batch
 * retracts that and scores them for the new one.
 */
export async function moveContactHistory(
  db: Kysely<DB>,
  state: IdentityState,
  contactId: string,
  before: string | null,
  accountId: string,
): Promise<void> {
  const rows = await sql<{ id: number }>`
    UPDATE activities SET account_id = ${accountId}::uuid
    WHERE workspace_id = ${state.workspaceId} AND contact_id = ${contactId}::uuid AND account_id IS NULL
    RETURNING id`.execute(db);
  for (const row of state.pending) {
    if (row.contactId === contactId && row.accountId === null) row.accountId = accountId;
  }
  // Scored through the contact's account already: nothing to re-score.
  if (before === accountId) return;
  state.moved.record(rows.rows.map((r) => ({ id: r.id, before: { contactId, accountId: before } })));
}
