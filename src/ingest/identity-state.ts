import type { JsonObject } from '../db/json.ts';
import type { MovedHistory } from './moved-history.ts';

/** An event of the batch being processed, attributed as of its place in the stream; inserted at the end. */
export interface PendingActivity {
  properties: JsonObject;
  messageId: string;
  type: string;
  occurredAt: Date;
  contactId: string | null;
  accountId: string | null;
  /** Confidence of the reverse-IP range when the account is an IP guess. */
  ipConfidence: number | null;
  anonymousId: string | null;
  userId: string | null;
}

/**
 * What one processing batch knows about identities: anonymous ids and user ids → contact, and each
 * contact's account. Filled by the bulk look-ups and updated by identify/alias/group calls in stream
 * order. Those calls re-attribute stored history (recorded in `moved`, re-scored at the end of the
 * batch) and, the same way, the batch's `pending` activities that came before them.
 */
export interface IdentityState {
  workspaceId: string;
  anonymous: Map<string, string | null>;
  users: Map<string, string | null>;
  contactAccount: Map<string, string | null>;
  moved: MovedHistory;
  pending: PendingActivity[];
  /**
   * Contacts identify or group wrote in this batch: they get the same follow-up as a contact written
   * through the API (afterContactsWritten: matching, function, seniority, personas) before the
   * batch's activities are scored.
   */
  contacts: Set<string>;
  /** Accounts group created in this batch: fit and stage follow (afterAccountsWritten). */
  accounts: Set<string>;
}

/** The contact an event belongs to: its user id's contact, else its anonymous id's. */
export function contactOf(
  state: IdentityState,
  userId: string | null,
  anonymousId: string | null,
): string | null {
  return (userId && state.users.get(userId)) || (anonymousId && state.anonymous.get(anonymousId)) || null;
}
