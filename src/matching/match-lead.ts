import { toCountryCode } from '../normalize/country.ts';
import type { AccountIndex, PreparedName } from './account-index.ts';
import { classifyEmail } from './classify-email.ts';
import {
  DEFAULT_MATCH_CONFIG,
  type MatchCandidate,
  type MatchConfig,
  type MatchLead,
  type MatchMethod,
  type MatchResult,
} from './match-types.ts';
import { describeVariant, type NameVariant, VARIANT_RANK } from './name-variants.ts';
import { normalizeCompanyName } from './normalize-company-name.ts';
import { normalizeDomain } from './normalize-domain.ts';
import { compareByTieBreakers } from './tie-breakers.ts';

interface Scored {
  account: number;
  confidence: number;
  method: MatchMethod;
  evidence: string[];
  /** Set when the lead writes the account's own name (exactly or as a known variant). */
  variant?: NameVariant;
  similarity?: number;
}

const MAX_FIELD = 2000;
const NAME_CANDIDATES = 10;

function text(value: unknown): string {
  return typeof value === 'string' ? value.slice(0, MAX_FIELD).trim() : '';
}

function round(x: number): number {
  return Math.round(Math.max(0, Math.min(1, x)) * 1000) / 1000;
}

/**
 * Matches one lead to the best account of an index. Domain evidence (work email, website) comes from the
 * exact domain index; free and disposable email domains are never used. Company names are compared after
 * normalisation (legal forms, diacritics, typos). Agreeing signals (domain + name + country) give a strong
 * match; a single signal a weaker one that waits for review below `config.threshold`.
 *
 * @example
 * matchLead(index, { email: 'jane@us.acme.com', company: 'ACME Inc.' })
 * // { status: 'matched', method: 'domain_name', confidence: 0.96, evidence: [...] }
 */
export function matchLead(
  index: AccountIndex,
  lead: MatchLead,
  config: MatchConfig = DEFAULT_MATCH_CONFIG,
): MatchResult {
  const evidence: string[] = [];
  const emailText = text(lead.email);
  const companyText = text(lead.company);
  const websiteText = text(lead.website);
  const leadCountry = toCountryCode(text(lead.country));
  const email = emailText ? classifyEmail(emailText) : null;
  const website = websiteText ? normalizeDomain(websiteText) : null;
  const normalized = companyText ? normalizeCompanyName(companyText) : null;
  const name = normalized?.key
    ? index.prepareName(normalized.tokens, normalized.key, normalized.core, normalized.full)
    : null;
  const notes: string[] = [];

  if (email?.kind === 'invalid') notes.push(`email "${emailText.slice(0, 80)}" has no usable domain`);
  if (email?.kind === 'free') notes.push(`${email.domain} is free webmail, never matched on domain`);
  if (email?.kind === 'disposable')
    notes.push(`${email.domain} is a disposable email domain, never matched on domain`);
  if (email?.role) evidence.push(`${email.local}@ is a shared (role) mailbox`);
  if (websiteText && !website) notes.push(`website "${websiteText.slice(0, 80)}" has no registrable domain`);
  if (companyText && !name)
    notes.push(`company "${companyText.slice(0, 80)}" has no letters or digits to compare`);

  const scored: Scored[] = [];
  const byDomain = new Map<number, Scored>();
  if (email?.kind === 'work' && email.domain && email.host) {
    for (const { account, alias } of index.accountsForDomain(email.domain)) {
      const sub = email.host !== email.domain;
      const method: MatchMethod = sub ? 'subdomain' : alias ? 'alias_domain' : 'domain';
      const what = sub
        ? `email host ${email.host} is a subdomain of ${email.domain}`
        : `email domain ${email.domain} is ${alias ? 'an alias' : 'the primary'} domain`;
      byDomain.set(account, {
        account,
        confidence: sub ? 0.8 : 0.82,
        method,
        evidence: [`${what} of "${index.names[account]}"`],
      });
    }
  }
  if (website) {
    for (const { account, alias } of index.accountsForDomain(website)) {
      const existing = byDomain.get(account);
      const what = `website ${website} is ${alias ? 'an alias' : 'the primary'} domain of "${index.names[account]}"`;
      if (existing) {
        existing.confidence = 0.88;
        existing.evidence.push(what);
      } else byDomain.set(account, { account, confidence: 0.8, method: 'website', evidence: [what] });
    }
  }

  if (byDomain.size > 0) {
    for (const s of byDomain.values()) {
      if (name) {
        const acronym = index.isAcronymOf(name, s.account);
        const variant = index.variantOf(name, s.account);
        const sim = Math.max(index.nameSimilarity(name, s.account), acronym ? 0.6 : 0, variant ? 1 : 0);
        const simText =
          variant && variant !== 'exact' && variant !== 'identical'
            ? describeVariant(variant, companyText.slice(0, 80), index.names[s.account] ?? '')
            : `company "${companyText.slice(0, 80)}" vs account "${index.names[s.account]}": name similarity ${sim.toFixed(2)}${acronym ? ' (initials)' : ''}`;
        if (sim >= 0.8) {
          s.confidence = s.confidence >= 0.88 ? 0.98 : 0.96;
          s.method = 'domain_name';
          s.evidence.push(simText);
        } else if (sim >= 0.5) {
          s.confidence = 0.9;
          s.method = 'domain_name';
          s.evidence.push(simText);
        } else {
          s.confidence = Math.min(s.confidence, 0.62);
          s.evidence.push(`${simText} — the name disagrees with the domain`);
        }
      }
      applyCountry(index, s, leadCountry, name !== null && s.method === 'domain_name');
      scored.push(s);
    }
  } else if (name) {
    if (email?.kind === 'work' && email.domain) notes.push(`no account has the domain ${email.domain}`);
    if (website) notes.push(`no account has the domain ${website}`);
    const candidates = index.nameCandidates(name, NAME_CANDIDATES);
    const variants = index.variantMatches(name, candidates);
    for (const account of new Set([...variants.keys(), ...candidates])) {
      const variant = variants.get(account);
      const sim = variant ? 1 : index.nameSimilarity(name, account);
      if (sim < config.minNameSimilarity) continue;
      const pair = `company "${companyText.slice(0, 80)}" vs account "${index.names[account]}"`;
      const s: Scored = {
        account,
        confidence: sim >= 0.999 ? 0.78 : 0.78 - (1 - sim),
        method: 'name',
        evidence: [
          variant
            ? describeVariant(variant, companyText.slice(0, 80), index.names[account] ?? '')
            : `${pair}: name similarity ${sim.toFixed(2)}`,
        ],
        similarity: sim,
      };
      if (variant) s.variant = variant;
      if (email?.kind === 'work' && email.domain) s.confidence -= 0.03;
      applyCountry(index, s, leadCountry, false);
      scored.push(s);
    }
    // The lead writes one account's own name (exactly or as a variant) and no other account comes close:
    // with a distinctive name, that is the company even without a company email address.
    const rank = (s: Scored) => (s.variant ? VARIANT_RANK[s.variant] : 9);
    const bestRank = Math.min(9, ...scored.map(rank));
    const same = scored.filter((s) => rank(s) === bestRank && bestRank < 9);
    // Accounts with the very same name are one company entered twice: the tie-breakers choose among them.
    const one =
      same[0] && same.every((s) => index.fullKeys[s.account] === index.fullKeys[same[0]?.account ?? -1]);
    // A rival: another account written nearly as well (a variant of the same rank rules out `one`).
    const rival = scored.some((s) => !same.includes(s) && !s.variant && (s.similarity ?? 0) >= 0.9);
    const first = same[0];
    if (one && first && !rival && (index.isDistinctive(name) || index.isDistinctiveAccount(first.account))) {
      for (const s of same) {
        s.confidence += 0.03;
        s.evidence.push('the name is distinctive and no other account has a similar one');
      }
    }
    if (scored.length === 0) notes.push(`no account name resembles "${companyText.slice(0, 80)}"`);
  } else if (email?.kind === 'work' && email.domain) {
    notes.push(`no account has the domain ${email.domain} and no company name was given`);
  } else if (website) {
    notes.push(`no account has the domain ${website} and no company name was given`);
  }

  if (scored.length === 0) {
    const reason =
      notes.length > 0 ? notes.join('; ') : 'no email domain, website or company name to match on';
    return {
      status: 'none',
      accountId: null,
      confidence: 0,
      method: null,
      evidence: [...evidence, ...notes],
      reason,
      candidates: [],
    };
  }

  scored.sort(
    (a, b) =>
      b.confidence - a.confidence ||
      compareByTieBreakers(index, a.account, b.account, config.tieBreakers).order,
  );
  const best = scored[0];
  if (!best) throw new Error('unreachable: scored is not empty');
  const second = scored[1];
  if (second && best.confidence - second.confidence < 0.01) {
    const tied = scored.filter((s) => best.confidence - s.confidence < 0.01).length;
    const { decidedBy } = compareByTieBreakers(index, best.account, second.account, config.tieBreakers);
    best.evidence.push(`${tied} accounts fit equally well; chosen by ${decidedBy ?? 'account order'}`);
    // A configured tie-breaker settles the choice; only an undecided tie is left for review.
    if (!decidedBy) best.confidence -= 0.05;
  }
  const confidence = round(best.confidence);
  const candidates: MatchCandidate[] = scored.slice(0, 3).map((s) => ({
    accountId: index.ids[s.account] ?? '',
    accountName: index.names[s.account] ?? '',
    confidence: s === best ? confidence : round(s.confidence),
    method: s.method,
  }));
  const accountId = index.ids[best.account] ?? null;
  const allEvidence = [...evidence, ...best.evidence, ...notes];
  if (confidence >= config.threshold) {
    return {
      status: 'matched',
      accountId,
      confidence,
      method: best.method,
      evidence: allEvidence,
      reason: null,
      candidates,
    };
  }
  const weak = `best candidate "${index.names[best.account]}" has confidence ${confidence.toFixed(2)}, below the threshold ${config.threshold}`;
  if (confidence >= config.reviewFloor) {
    return {
      status: 'weak',
      accountId,
      confidence,
      method: best.method,
      evidence: allEvidence,
      reason: `weak match: ${weak}`,
      candidates,
    };
  }
  return {
    status: 'none',
    accountId: null,
    confidence,
    method: null,
    evidence: allEvidence,
    reason: `no match: ${weak}`,
    candidates,
  };
}

function applyCountry(index: AccountIndex, s: Scored, leadCountry: string | null, nameAgrees: boolean): void {
  const accountCountry = index.countryOf(s.account);
  if (!leadCountry || !accountCountry) return;
  if (leadCountry === accountCountry) {
    s.confidence += s.method === 'name' ? 0.14 : 0.02;
    if (s.method === 'name') s.method = 'name_country';
    s.evidence.push(`country ${leadCountry} matches the account`);
  } else {
    s.confidence -= s.method === 'name' ? 0.25 : nameAgrees ? 0.03 : 0.08;
    s.evidence.push(`country ${leadCountry} differs from the account's ${accountCountry}`);
  }
}

/** Re-export for callers that prepare names themselves. */
export type { PreparedName };
