import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { decideContactLink, selectContactsForMatching } from './contact-matching.ts';
import type { MatchCandidate } from './match-types.ts';
import { workspaceIndex } from './workspace-index.ts';

/** One contact waiting for a matching decision. */
export interface ReviewItem {
  contactId: string;
  email: string | null;
  company: string | null;
  country: string | null;
  /** `weak`: a suggested account below the threshold; `unmatched`: none. */
  status: 'weak' | 'unmatched';
  suggestedAccountId: string | null;
  confidence: number;
  reason: string | null;
  evidence: string[];
  candidates: MatchCandidate[];
}

/**
 * The review queue: contacts without an account and without a manual decision (weak matches first
 * when `status` is `weak`), in id order from `after`, each re-evaluated live with candidates and evidence.
 */
export async function listReviewQueue(
  db: Kysely<DB>,
  workspaceId: string,
  options: { status: 'weak' | 'unmatched' | 'all'; limit: number; after?: string | undefined },
): Promise<{ data: ReviewItem[]; nextCursor: string | null }> {
  let query = selectContactsForMatching(db, workspaceId)
    .where('account_id', 'is', null)
    .where((eb) => eb.or([eb('match_method', 'is', null), eb('match_method', '!=', 'manual')]))
    .orderBy('id')
    .limit(options.limit + 1);
  if (options.status === 'weak') query = query.where('match_confidence', 'is not', null);
  if (options.status === 'unmatched') query = query.where('match_confidence', 'is', null);
  if (options.after) query = query.where('id', '>', options.after);
  const rows = await query.execute();
  const page = rows.slice(0, options.limit);
  const index = await workspaceIndex(db, workspaceId);
  const data = page.map((c): ReviewItem => {
    const d = decideContactLink(index, new Map(), c);
    const r = d.result;
    return {
      contactId: c.id,
      email: c.email,
      company: c.company,
      country: c.country,
      status: r?.status === 'weak' || r?.status === 'matched' ? 'weak' : 'unmatched',
      suggestedAccountId: r?.accountId ?? null,
      confidence: r?.confidence ?? 0,
      reason: r?.reason ?? null,
      evidence: r?.evidence ?? [],
      candidates: r?.candidates ?? [],
    };
  });
  const last = page[page.length - 1];
  return { data, nextCursor: rows.length > options.limit && last ? last.id : null };
}
