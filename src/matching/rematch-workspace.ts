import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/record-audit.ts';
import type { AuthContext } from '../auth/auth-context.ts';
import type { DB } from '../db/schema.ts';
import {
  type ContactLinkDecision,
  decideContactLink,
  linkChanged,
  loadDecisions,
  selectContactsForMatching,
  writeContactLinks,
} from './contact-matching.ts';
import { loadAccountIndex } from './load-account-index.ts';
import { DEFAULT_MATCH_CONFIG, type MatchConfig } from './match-types.ts';

/** Counts from a bulk re-match. */
export interface RematchReport {
  contacts: number;
  matched: number;
  weak: number;
  unmatched: number;
  manual: number;
  explicit: number;
  changed: number;
  ms: number;
}

const PAGE = 5000;

/**
 * Re-matches every contact of a workspace: loads the index set-based (accounts + account_domains), all
 * manual decisions once, then walks contacts in id order, page by page, writing only changed links in
 * batched updates. Explicit links and manual decisions are kept. One audit entry with the counts.
 */
export async function rematchWorkspace(
  db: Kysely<DB>,
  workspaceId: string,
  options: { config?: MatchConfig; ctx?: AuthContext } = {},
): Promise<RematchReport> {
  const started = performance.now();
  const config = options.config ?? DEFAULT_MATCH_CONFIG;
  const index = await loadAccountIndex(db, workspaceId);
  const decisions = await loadDecisions(db, workspaceId);
  const report: RematchReport = {
    contacts: 0,
    matched: 0,
    weak: 0,
    unmatched: 0,
    manual: 0,
    explicit: 0,
    changed: 0,
    ms: 0,
  };
  let after: string | null = null;
  for (;;) {
    let query = selectContactsForMatching(db, workspaceId).orderBy('id').limit(PAGE);
    if (after) query = query.where('id', '>', after);
    const contacts = await query.execute();
    if (contacts.length === 0) break;
    const changed: ContactLinkDecision[] = [];
    for (const contact of contacts) {
      const d = decideContactLink(index, decisions, contact, config);
      report.contacts++;
      if (d.status === 'matched') report.matched++;
      else if (d.status === 'weak') report.weak++;
      else if (d.status === 'none') report.unmatched++;
      else if (d.status === 'manual') report.manual++;
      else report.explicit++;
      if (linkChanged(contact, d)) changed.push(d);
    }
    await writeContactLinks(db, workspaceId, changed);
    report.changed += changed.length;
    after = contacts[contacts.length - 1]?.id ?? null;
    if (contacts.length < PAGE) break;
  }
  report.ms = Math.round(performance.now() - started);
  if (options.ctx) {
    const { ms: _ms, ...counts } = report;
    await recordAudit(db, options.ctx, {
      action: 'matching.rematch',
      objectType: 'workspace',
      objectId: workspaceId,
      changes: { ...counts },
    });
  }
  return report;
}
