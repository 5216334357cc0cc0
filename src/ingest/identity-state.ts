/**
 * What one ingestion request knows about identities: anonymous ids and user ids → contact, and each
 * contact's account. Filled by the bulk look-ups and updated by identify/alias/group calls.
 */
export interface IdentityState {
  workspaceId: string;
  anonymous: Map<string, string | null>;
  users: Map<string, string | null>;
  contactAccount: Map<string, string | null>;
}

/** The contact an event belongs to: its user id's contact, else its anonymous id's. */
export function contactOf(
  state: IdentityState,
  userId: string | null,
  anonymousId: string | null,
): string | null {
  return (userId && state.users.get(userId)) || (anonymousId && state.anonymous.get(anonymousId)) || null;
}
