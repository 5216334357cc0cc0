import type { RecipientContext } from './recipient-context.ts';

/**
 * A recipient with no data (every variable reported missing), optionally in a persona: what a preview
 * "as a persona" renders when the workspace has no contact in it, and what templates are checked with.
 */
export function emptyRecipient(personaId?: string): RecipientContext {
  return {
    contactId: null,
    facts: {
      accountId: null,
      cluster: null,
      personaIds: personaId ? [personaId] : [],
      stage: null,
      buyingStage: null,
      tier: null,
      industry: null,
      language: null,
    },
    contact: {},
    account: {},
    owner: {},
  };
}
