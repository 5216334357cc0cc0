import type { AccountIndex } from './account-index.ts';
import { matchLead } from './match-lead.ts';
import type { MatchConfig, MatchResult } from './match-types.ts';

/** Cells per output row (`lead_id,account_id,confidence,method,evidence`). */
export const ROW_WIDTH = 5;
/** Cells per lead when batches are flattened for worker threads (id, email, company, country). */
export const LEAD_WIDTH = 4;

/** A lead row of the batch leads CSV, as the matcher needs it. */
export interface LeadRow {
  id: string;
  email: string;
  company: string;
  country: string;
}

/** One output row (`lead_id,account_id,confidence,method,evidence`) and the match status. */
export interface MatchedRow {
  row: string[];
  status: MatchResult['status'];
}

/**
 * Matches one batch lead and formats its output row: `account_id` only for automatic matches; for weak
 * and missing matches the evidence starts with the reason.
 */
export function matchRow(index: AccountIndex, config: MatchConfig, lead: LeadRow): MatchedRow {
  const r = matchLead(index, { email: lead.email, company: lead.company, country: lead.country }, config);
  const matched = r.status === 'matched';
  const reason = r.reason ?? 'no match';
  const evidence = matched
    ? r.evidence.join('; ')
    : [reason, ...r.evidence.filter((e) => !reason.includes(e))].join('; ');
  return {
    row: [
      lead.id,
      matched ? (r.accountId ?? '') : '',
      r.confidence.toFixed(3),
      matched ? (r.method ?? '') : '',
      evidence,
    ],
    status: r.status,
  };
}
