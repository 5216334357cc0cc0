import { toCountryCode } from '../normalize/country.ts';
import type { MatchAccountInput } from './match-types.ts';
import { isTypoVariant, joinedCore, type NameVariant, withoutJoinedConnectives } from './name-variants.ts';
import { normalizeCompanyName } from './normalize-company-name.ts';
import { normalizeDomain } from './normalize-domain.ts';
import { isTypoOf } from './token-distance.ts';
import { TypoLookup } from './typo-lookup.ts';

/** A lead's company name prepared against one index: tokens, their weights and vocabulary ids. */
export interface PreparedName {
  key: string;
  compact: string;
  tokens: string[];
  weights: number[];
  /** For each token: exact vocabulary id or -1. */
  ids: number[];
  /** The core tokens (trailing corporate words dropped), joined without spaces. */
  core: string;
  /** The core tokens. */
  coreTokens: readonly string[];
  /** How many core tokens. */
  coreCount: number;
  /** Every token of the name as written, legal forms included, joined without spaces. */
  full: string;
}

const LIFECYCLE_RANK = { churned: 0, prospect: 1, customer: 2 } as const;
/** Postings longer than this are only read when a lead has no rarer token. */
const POSTINGS_CAP = 5_000;
const TYPO_CREDIT = 0.85;
const TYPO_CACHE = 50_000;

/** Adds `value` under `key` in a map whose values are one number or a list. */
function addMulti(map: Map<string, number | number[]>, key: string, value: number): void {
  const existing = map.get(key);
  if (existing === undefined) map.set(key, value);
  else if (typeof existing === 'number') {
    if (existing !== value) map.set(key, [existing, value]);
  } else if (!existing.includes(value)) existing.push(value);
}

/**
 * The in-memory matching index over a set of accounts: an exact hash index over every domain of every
 * account, an exact index over normalised name keys, and an inverted token index (postings with IDF) for
 * fuzzy name candidates. Columnar (typed arrays) so a million accounts fit in a few hundred MB.
 */
export class AccountIndex {
  readonly size: number;
  readonly ids: string[];
  readonly names: string[];
  readonly compactKeys: string[];
  readonly country: Uint16Array;
  readonly countryCodes: string[];
  readonly lifecycle: Uint8Array;
  readonly contacts: Uint32Array;
  readonly openOpportunity: Uint8Array;
  readonly parent: Int32Array;
  readonly created: Float64Array;
  readonly tokenStart: Uint32Array;
  readonly tokenIds: Int32Array;
  readonly vocab: Map<string, number>;
  readonly vocabStrings: string[];
  readonly idf: Float32Array;
  readonly unknownIdf: number;
  readonly postingStart: Uint32Array;
  readonly postings: Int32Array;
  /** Registrable domain → account index × 2 (+1 when it is an alias, not the primary domain). */
  readonly domains: Map<string, number | number[]>;
  /** Compact name key → account index. */
  readonly keys: Map<string, number | number[]>;
  /** Core tokens of each account's name (corporate words dropped), joined by one space. */
  readonly coreNames: string[];
  /** Compact core key (core tokens joined) → account index. */
  readonly coreKeys: Map<string, number | number[]>;
  /** Every token of each account's name, legal forms included, joined without spaces. */
  readonly fullKeys: string[];
  /** Each account's core tokens joined without spaces, and how many there are. */
  readonly coreCompactKeys: string[];
  readonly coreCounts: Uint8Array;
  private typoLookup: TypoLookup | undefined;
  private readonly typoCache = new Map<string, number[]>();
  private readonly scores: Float32Array;
  /** Scratch: the current lead's weight per vocabulary id (zero elsewhere). */
  private readonly tokenWeight: Float32Array;

  private constructor(accounts: readonly MatchAccountInput[]) {
    const n = accounts.length;
    this.size = n;
    this.ids = new Array<string>(n);
    this.names = new Array<string>(n);
    this.compactKeys = new Array<string>(n);
    this.country = new Uint16Array(n);
    this.countryCodes = [''];
    const countryIndex = new Map<string, number>();
    this.lifecycle = new Uint8Array(n);
    this.contacts = new Uint32Array(n);
    this.openOpportunity = new Uint8Array(n);
    this.parent = new Int32Array(n).fill(-1);
    this.created = new Float64Array(n);
    this.tokenStart = new Uint32Array(n + 1);
    this.vocab = new Map();
    this.vocabStrings = [];
    this.domains = new Map();
    this.keys = new Map();
    this.coreNames = new Array<string>(n);
    this.coreKeys = new Map();
    this.fullKeys = new Array<string>(n);
    this.coreCompactKeys = new Array<string>(n);
    this.coreCounts = new Uint8Array(n);
    const flatTokens: number[] = [];
    const df: number[] = [];
    const idIndex = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      const a = accounts[i];
      if (!a) continue;
      this.ids[i] = a.id;
      idIndex.set(a.id, i);
      this.names[i] = a.name;
      const cc = toCountryCode(a.country);
      if (cc) {
        let ci = countryIndex.get(cc);
        if (ci === undefined) {
          ci = this.countryCodes.length;
          this.countryCodes.push(cc);
          countryIndex.set(cc, ci);
        }
        this.country[i] = ci;
      }
      this.lifecycle[i] = a.lifecycle ? LIFECYCLE_RANK[a.lifecycle] : 1;
      this.contacts[i] = Math.max(0, Math.min(4e9, Math.floor(a.contactCount ?? 0)));
      this.openOpportunity[i] = a.hasOpenOpportunity ? 1 : 0;
      this.created[i] = a.createdAt ?? i;
      let primary = true;
      for (const raw of [a.website, ...(a.domains ?? [])]) {
        const d = normalizeDomain(raw);
        if (!d) continue;
        addMulti(this.domains, d, i * 2 + (primary ? 0 : 1));
        primary = false;
      }
      const name = normalizeCompanyName(a.name);
      const compact = name.tokens.join('');
      this.compactKeys[i] = compact;
      if (compact) addMulti(this.keys, compact, i);
      this.coreNames[i] = name.core.join(' ');
      this.fullKeys[i] = name.full;
      const core = name.core.join('');
      this.coreCompactKeys[i] = core;
      this.coreCounts[i] = Math.min(255, name.core.length);
      if (core) addMulti(this.coreKeys, core, i);
      this.tokenStart[i] = flatTokens.length;
      for (const t of new Set(name.tokens)) {
        let id = this.vocab.get(t);
        if (id === undefined) {
          id = this.vocabStrings.length;
          this.vocab.set(t, id);
          this.vocabStrings.push(t);
          df.push(0);
        }
        flatTokens.push(id);
        df[id] = (df[id] ?? 0) + 1;
      }
    }
    this.tokenStart[n] = flatTokens.length;
    for (let i = 0; i < n; i++) {
      const p = accounts[i]?.parentId;
      if (p) this.parent[i] = idIndex.get(p) ?? -1;
    }
    this.tokenIds = Int32Array.from(flatTokens);
    const v = this.vocabStrings.length;
    this.idf = new Float32Array(v);
    this.unknownIdf = Math.log(1 + Math.max(1, n));
    this.postingStart = new Uint32Array(v + 1);
    for (let t = 0; t < v; t++) {
      const d = df[t] ?? 1;
      this.idf[t] = Math.log(1 + n / d);
      this.postingStart[t + 1] = (this.postingStart[t] ?? 0) + d;
    }
    this.postings = new Int32Array(flatTokens.length);
    const fill = this.postingStart.slice(0, v);
    for (let i = 0; i < n; i++) {
      const end = this.tokenStart[i + 1] ?? 0;
      for (let k = this.tokenStart[i] ?? 0; k < end; k++) {
        const t = this.tokenIds[k] ?? 0;
        const pos = fill[t] ?? 0;
        this.postings[pos] = i;
        fill[t] = pos + 1;
      }
    }
    this.scores = new Float32Array(n);
    this.tokenWeight = new Float32Array(v);
  }

  /** Builds the index from accounts (ids should be unique; later duplicates shadow nothing, they are kept). */
  static build(accounts: readonly MatchAccountInput[]): AccountIndex {
    return new AccountIndex(accounts);
  }

  /** Accounts holding a registrable domain, with whether the domain is an alias. */
  accountsForDomain(domain: string): { account: number; alias: boolean }[] {
    const v = this.domains.get(domain);
    if (v === undefined) return [];
    const list = typeof v === 'number' ? [v] : v;
    return list.map((x) => ({ account: x >> 1, alias: (x & 1) === 1 }));
  }

  /** Prepares a lead's company name for similarity against this index. */
  prepareName(tokens: string[], key: string, core: readonly string[] = tokens, full = ''): PreparedName {
    const ids = tokens.map((t) => this.vocab.get(t) ?? -1);
    const weights = ids.map((id) => (id >= 0 ? (this.idf[id] ?? this.unknownIdf) : this.unknownIdf));
    return {
      key,
      compact: tokens.join(''),
      tokens,
      weights,
      ids,
      core: core.join(''),
      coreTokens: core,
      coreCount: core.length,
      full,
    };
  }

  /**
   * How the lead's name writes the account's name, when it is the same name written differently: `exact`
   * (same compact key and words; `identical` when the legal form is the same too), `joined` (words run
   * together or split: "StateFarm"), `corporate_words` (a corporate word or legal form added or dropped:
   * "Omnicom Group"), `connective` ("ATandT" for AT&T), `typo` (one letter off in one word); null when it
   * is not the same name.
   */
  variantOf(lead: PreparedName, account: number): NameVariant | null {
    const compact = this.compactKeys[account] ?? '';
    const coreCompact = this.coreCompactKeys[account] ?? '';
    const coreCount = this.coreCounts[account] ?? 0;
    if (!lead.compact || !compact) return null;
    if (lead.compact === compact) {
      if (lead.full !== '' && lead.full === this.fullKeys[account]) return 'identical';
      return lead.tokens.length === this.tokenCount(account) ? 'exact' : 'joined';
    }
    if (lead.core === coreCompact) return lead.coreCount === coreCount ? 'corporate_words' : 'joined';
    // One run-together word ending in corporate words ("StevanatoGroupSpA"); a one-word core must keep
    // six letters, so "Aeroco" is not "Aero".
    if (lead.tokens.length === 1 && (coreCount > 1 || coreCompact.length >= 6)) {
      if (joinedCore(lead.compact) === coreCompact) return 'joined';
    }
    for (const alt of withoutJoinedConnectives(lead.compact))
      if (alt === compact || alt === coreCompact) return 'connective';
    for (const alt of withoutJoinedConnectives(lead.core)) if (alt === coreCompact) return 'connective';
    if (lead.coreCount === coreCount && Math.abs(lead.core.length - coreCompact.length) <= 1) {
      if (isTypoVariant(lead.coreTokens, (this.coreNames[account] ?? '').split(' '))) return 'typo';
    }
    return null;
  }

  /**
   * Accounts whose name the lead writes as the same name ({@link variantOf}): found through the compact and
   * core key indexes (also with a run-together "and" dropped), and among `candidates` for one-letter typos.
   */
  variantMatches(lead: PreparedName, candidates: readonly number[]): Map<number, NameVariant> {
    const found = new Set<number>();
    const add = (v: number | number[] | undefined) => {
      if (v === undefined) return;
      for (const a of typeof v === 'number' ? [v] : v) found.add(a);
    };
    add(this.keys.get(lead.compact));
    add(this.coreKeys.get(lead.core));
    if (lead.tokens.length === 1) add(this.coreKeys.get(joinedCore(lead.compact)));
    for (const alt of [...withoutJoinedConnectives(lead.compact), ...withoutJoinedConnectives(lead.core)]) {
      add(this.keys.get(alt));
      add(this.coreKeys.get(alt));
    }
    for (const a of candidates) found.add(a);
    const out = new Map<number, NameVariant>();
    for (const a of found) {
      const v = this.variantOf(lead, a);
      if (v) out.set(a, v);
    }
    return out;
  }

  /**
   * Whether an account's name is distinctive in this index: three or more core words; two core words one of
   * which is held by at most 1 % of accounts; or one core word held by at most 0.1 % (and at least 2 as
   * thresholds). A lead that writes such a name is very likely that company.
   */
  isDistinctiveAccount(account: number): boolean {
    const core = (this.coreNames[account] ?? '').split(' ').filter(Boolean);
    if (core.length >= 3) return true;
    const rare = Math.max(2, this.size * (core.length >= 2 ? 0.01 : 0.001));
    return core.some((t) => {
      const id = this.vocab.get(t);
      return id !== undefined && this.postingLength(id) <= rare;
    });
  }

  private tokenCount(account: number): number {
    return (this.tokenStart[account + 1] ?? 0) - (this.tokenStart[account] ?? 0);
  }

  /** The account's country code, or null. */
  countryOf(account: number): string | null {
    const c = this.country[account] ?? 0;
    return c === 0 ? null : (this.countryCodes[c] ?? null);
  }

  /**
   * IDF-weighted soft token Dice similarity (0–1) between a prepared lead name and an account's name:
   * equal tokens count fully, typo-close tokens ({@link isTypoOf}) count 0.85; equal compact keys are 1.
   */
  nameSimilarity(lead: PreparedName, account: number): number {
    if (lead.tokens.length === 0) return 0;
    if (lead.compact === this.compactKeys[account]) return 1;
    const start = this.tokenStart[account] ?? 0;
    const end = this.tokenStart[account + 1] ?? 0;
    let accountWeight = 0;
    for (let k = start; k < end; k++) accountWeight += this.idf[this.tokenIds[k] ?? 0] ?? 0;
    let leadWeight = 0;
    for (const w of lead.weights) leadWeight += w;
    let used = 0;
    let shared = 0;
    for (let i = 0; i < lead.tokens.length; i++) {
      const lt = lead.tokens[i] ?? '';
      const lid = lead.ids[i] ?? -1;
      const lw = lead.weights[i] ?? 0;
      let best = -1;
      let credit = 0;
      for (let k = start; k < end; k++) {
        const bit = 1 << Math.min(30, k - start);
        if (used & bit) continue;
        const aid = this.tokenIds[k] ?? 0;
        if (aid === lid) {
          best = k;
          credit = 1;
          break;
        }
        if (credit < TYPO_CREDIT && isTypoOf(lt, this.vocabStrings[aid] ?? '')) {
          best = k;
          credit = TYPO_CREDIT;
        }
      }
      if (best >= 0) {
        used |= 1 << Math.min(30, best - start);
        const aw = this.idf[this.tokenIds[best] ?? 0] ?? 0;
        shared += credit * (lw + aw);
      }
    }
    const total = leadWeight + accountWeight;
    const sim = total > 0 ? Math.min(1, shared / total) : 0;
    // Same words in another order ("Kask & Schäfer" / "Schäfer & Kask") is close, not identical.
    return sim >= 0.999 ? 0.97 : sim;
  }

  /**
   * Whether a lead's name is distinctive in this index: at least one of its known tokens is rare (held by
   * at most 0.1 % of accounts, and at most 2), or it has three or more tokens. Generic descriptive names
   * ("Global Media") are not: they often belong to companies that are not accounts.
   */
  isDistinctive(lead: PreparedName): boolean {
    if (lead.tokens.length >= 3) return true;
    const rare = Math.max(2, this.size * 0.001);
    return lead.ids.some((id) => id >= 0 && this.postingLength(id) <= rare);
  }

  /** Whether the lead's name is the initials of the account's name (`GM` ↔ General Motors, `IBM`). */
  isAcronymOf(lead: PreparedName, account: number): boolean {
    const c = lead.compact;
    const start = this.tokenStart[account] ?? 0;
    const end = this.tokenStart[account + 1] ?? 0;
    if (c.length < 2 || c.length > 6 || end - start !== c.length) return false;
    for (let k = start; k < end; k++) {
      if ((this.vocabStrings[this.tokenIds[k] ?? 0] ?? '')[0] !== c[k - start]) return false;
    }
    return true;
  }

  /**
   * Accounts whose names share (exactly or typo-close) the lead's informative tokens, best first by
   * accumulated token weight; at most `limit`. Reads postings only, never all accounts.
   */
  nameCandidates(lead: PreparedName, limit: number): number[] {
    const exact = this.keys.get(lead.compact);
    const out = new Set<number>(exact === undefined ? [] : typeof exact === 'number' ? [exact] : exact);
    // Vocabulary ids the lead's tokens stand for (typo-close ones at reduced weight).
    const weights = new Map<number, number>();
    const lists: { id: number; token: number; length: number }[] = [];
    let leadWeight = 0;
    for (let i = 0; i < lead.tokens.length; i++) {
      const id = lead.ids[i] ?? -1;
      const w = lead.weights[i] ?? 0;
      leadWeight += w;
      const ids = id >= 0 ? [id] : this.typoVariants(lead.tokens[i] ?? '');
      for (const t of ids) {
        weights.set(t, Math.max(weights.get(t) ?? 0, id >= 0 ? w : w * TYPO_CREDIT));
        lists.push({ id: t, token: i, length: this.postingLength(t) });
      }
    }
    if (lists.length === 0) return [...out].slice(0, limit);
    // Candidates come from posting lists, rarest first. A name sharing none of the tokens read so far
    // shares at most the remaining lead weight m, so its similarity is at most 2m / (W + m); once the
    // read tokens cover a third of the weight W, no unread-only name can reach 0.8, and reading stops.
    lists.sort((a, b) => a.length - b.length);
    const covered = new Set<number>();
    let coveredWeight = 0;
    const touched: number[] = [];
    for (let k = 0; k < lists.length; k++) {
      const list = lists[k];
      if (!list) break;
      if (k > 0 && (list.length > POSTINGS_CAP || coveredWeight * 3 > leadWeight)) {
        if (!covered.has(list.token) || list.length > POSTINGS_CAP) break;
      }
      if (!covered.has(list.token)) {
        covered.add(list.token);
        coveredWeight += lead.weights[list.token] ?? 0;
      }
      const end = this.postingStart[list.id + 1] ?? 0;
      for (let p = this.postingStart[list.id] ?? 0; p < end; p++) {
        const a = this.postings[p] ?? 0;
        if (this.scores[a] === 0) {
          this.scores[a] = 1;
          touched.push(a);
        }
      }
    }
    // Score each candidate by the lead weight its own tokens carry.
    for (const [id, w] of weights) this.tokenWeight[id] = w;
    let max = 0;
    for (const a of touched) {
      let score = 0;
      const end = this.tokenStart[a + 1] ?? 0;
      for (let k = this.tokenStart[a] ?? 0; k < end; k++)
        score += this.tokenWeight[this.tokenIds[k] ?? 0] ?? 0;
      this.scores[a] = score + 1;
      if (score + 1 > max) max = score + 1;
    }
    // A candidate worth a similarity check carries most of the best candidate's shared weight.
    const ranked = touched.filter((a) => (this.scores[a] ?? 0) >= max * 0.6);
    ranked.sort((x, y) => (this.scores[y] ?? 0) - (this.scores[x] ?? 0));
    for (const a of touched) this.scores[a] = 0;
    for (const id of weights.keys()) this.tokenWeight[id] = 0;
    for (const a of ranked) {
      if (out.size >= limit) break;
      out.add(a);
    }
    return [...out];
  }

  private postingLength(id: number): number {
    return (this.postingStart[id + 1] ?? 0) - (this.postingStart[id] ?? 0);
  }

  /** Vocabulary tokens typo-close to an unknown token, found by prefix and suffix range scans. */
  private typoVariants(token: string): number[] {
    if (token.length < 4 || /\d/.test(token)) return [];
    const cached = this.typoCache.get(token);
    if (cached) return cached;
    if (!this.typoLookup) this.typoLookup = new TypoLookup(this.vocabStrings);
    const found = this.typoLookup.variants(token);
    if (this.typoCache.size >= TYPO_CACHE) this.typoCache.clear();
    this.typoCache.set(token, found);
    return found;
  }
}
