/** How a lead was tied to an account. */
export type MatchMethod =
  | 'domain'
  | 'alias_domain'
  | 'subdomain'
  | 'website'
  | 'domain_name'
  | 'name'
  | 'name_country'
  | 'manual';

/** Orders for choosing between accounts that fit a lead equally well. */
export type TieBreaker = 'customer' | 'most_contacts' | 'open_opportunity' | 'parent' | 'oldest';

/** The default tie-breaker order: customer over prospect, most contacts, open opportunity, parent over child, oldest. */
export const DEFAULT_TIE_BREAKERS: readonly TieBreaker[] = [
  'customer',
  'most_contacts',
  'open_opportunity',
  'parent',
  'oldest',
];

/** A lead as the matcher sees it; every field optional and untrusted. */
export interface MatchLead {
  email?: string | null;
  company?: string | null;
  website?: string | null;
  country?: string | null;
  city?: string | null;
  phone?: string | null;
}

/** An account as the index is built from. The first domain (or the website) is the primary one. */
export interface MatchAccountInput {
  id: string;
  name: string;
  website?: string | null;
  domains?: readonly string[];
  country?: string | null;
  lifecycle?: 'prospect' | 'customer' | 'churned' | null;
  contactCount?: number;
  hasOpenOpportunity?: boolean;
  parentId?: string | null;
  /** Creation time in ms since epoch; lower is older. Defaults to input order. */
  createdAt?: number;
}

/** Matcher settings. */
export interface MatchConfig {
  /** Confidence at or above which a match is automatic (strong). Default 0.8. */
  threshold: number;
  /** Confidence at or above which a weaker match is suggested for review. Default 0.5. */
  reviewFloor: number;
  /** Minimum name similarity (0–1) for a name-only candidate. Default 0.8. */
  minNameSimilarity: number;
  tieBreakers: readonly TieBreaker[];
}

/** The default matcher settings. */
export const DEFAULT_MATCH_CONFIG: MatchConfig = {
  threshold: 0.8,
  reviewFloor: 0.5,
  minNameSimilarity: 0.8,
  tieBreakers: DEFAULT_TIE_BREAKERS,
};

/** One account considered for a lead. */
export interface MatchCandidate {
  accountId: string;
  accountName: string;
  confidence: number;
  method: MatchMethod;
}

/** The matcher's answer for one lead. */
export interface MatchResult {
  /** `matched`: confidence ≥ threshold; `weak`: suggested, waits for review; `none`: no account. */
  status: 'matched' | 'weak' | 'none';
  /** The matched or suggested account. */
  accountId: string | null;
  confidence: number;
  method: MatchMethod | null;
  /** Human-readable reasons for the decision. */
  evidence: string[];
  /** Why there is no (automatic) match; null when matched. */
  reason: string | null;
  /** Best accounts considered, best first (at most 3). */
  candidates: MatchCandidate[];
}
