import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import {
  type ContactLinkDecision,
  decideContactLink,
  leadKeys,
  linkChanged,
  loadDecisions,
  selectContactsForMatching,
  writeContactLinks,
} from './contact-matching.ts';
import { DEFAULT_MATCH_CONFIG, type MatchConfig } from './match-types.ts';
import { workspaceIndex } from './workspace-index.ts';

/**
 * Matches the given contacts of a workspace to accounts and stores the links (account_id, match_method,
 * match_confidence). For contact create/update/import and when an event identifies a person. Explicit
 * links (accountId, CRM ids) and manual decisions are kept; weak matches stay unlinked for review.
 * Uses the workspace's cached index. Call it after the contacts are written (it works on committed or
 * same-transaction rows, whichever `db` sees).
 */
export async function matchAndLinkContacts(
  db: Kysely<DB>,
  workspaceId: string,
  contactIds: readonly string[],
  config: MatchConfig = DEFAULT_MATCH_CONFIG,
): Promise<ContactLinkDecision[]> {
  const ids = [...new Set(contactIds)];
  if (ids.length === 0) return [];
  const index = await workspaceIndex(db, workspaceId);
  const out: ContactLinkDecision[] = [];
  for (let i = 0; i < ids.length; i += 5000) {
    const contacts = await selectContactsForMatching(db, workspaceId)
      .where('id', 'in', ids.slice(i, i + 5000))
      .execute();
    const decisions = await loadDecisions(
      db,
      workspaceId,
      contacts.flatMap((c) => leadKeys(c.id, c.email)),
    );
    const changed: ContactLinkDecision[] = [];
    for (const contact of contacts) {
      const d = decideContactLink(index, decisions, contact, config);
      out.push(d);
      if (linkChanged(contact, d)) changed.push(d);
    }
    await writeContactLinks(db, workspaceId, changed);
  }
  return out;
}
