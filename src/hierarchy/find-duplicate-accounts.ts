import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { normalizeCompanyName } from '../matching/normalize-company-name.ts';
import { isTypoOf } from '../matching/token-distance.ts';
import { toCountryCode } from '../normalize/country.ts';
import { NameBlocks } from './name-blocks.ts';

export interface DuplicateSide {
  id: string;
  name: string;
  country: string | null;
  contacts: number;
  lifecycle: string;
  createdAt: Date;
}

export interface DuplicatePair {
  /** The suggested survivor: more contacts, then customer, then the older account. */
  account: DuplicateSide;
  duplicate: DuplicateSide;
  /** 0–1. */
  score: number;
  reasons: string[];
}

export interface FindDuplicatesOptions {
  minScore?: number;
  limit?: number;
  /** Only the duplicates of this account (one pg_trgm index probe instead of a workspace scan). */
  accountId?: string;
}

/** Trigram similarity (lower-cased names) that makes two accounts name candidates. */
const TRIGRAM_THRESHOLD = 0.3;
const CANDIDATES_PER_ACCOUNT = 20;
const PAGE = 10_000;

type NameMatch = 'same' | 'near' | null;

/** Normalised names (legal forms, "The", punctuation and diacritics removed) equal or a typo apart. */
function compareNames(a: string, b: string): NameMatch {
  const na = normalizeCompanyName(a);
  const nb = normalizeCompanyName(b);
  if (!na.key || !nb.key) return null;
  if (na.key === nb.key) return 'same';
  const ta = [...na.tokens].sort();
  const tb = [...nb.tokens].sort();
  if (ta.join(' ') === tb.join(' ')) return 'same';
  if (na.tokens.length !== nb.tokens.length) return null;
  const typos = na.tokens.filter((t, i) => t !== nb.tokens[i]);
  if (typos.length !== 1) return null;
  return na.tokens.every((t, i) => isTypoOf(t, nb.tokens[i] ?? '')) ? 'near' : null;
}

function survivorFirst(x: DuplicateSide, y: DuplicateSide): [DuplicateSide, DuplicateSide] {
  if (x.contacts !== y.contacts) return x.contacts > y.contacts ? [x, y] : [y, x];
  if ((x.lifecycle === 'customer') !== (y.lifecycle === 'customer'))
    return x.lifecycle === 'customer' ? [x, y] : [y, x];
  return x.createdAt.getTime() <= y.createdAt.getTime() ? [x, y] : [y, x];
}

/**
 * Likely duplicate accounts of a workspace: accounts sharing a registrable domain
 * (account_domains), and accounts whose normalised names are equal or one typo apart in the same
 * country. Never an all-pairs comparison: name candidates come from blocking on normalised name
 * tokens for a workspace scan, or from one pg_trgm index probe for a single account. Accounts in
 * a parent/child relation are not duplicates.
 */
export async function findDuplicateAccounts(
  db: Kysely<DB>,
  workspaceId: string,
  options: FindDuplicatesOptions = {},
): Promise<DuplicatePair[]> {
  const minScore = options.minScore ?? 0.6;
  const limit = options.limit ?? 500;
  const candidates = new Map<string, { x: string; y: string; domains: Set<string> }>();
  const add = (x: string, y: string, domain: string | null) => {
    const [a, b] = x < y ? [x, y] : [y, x];
    const key = `${a}|${b}`;
    let c = candidates.get(key);
    if (!c) {
      c = { x: a, y: b, domains: new Set() };
      candidates.set(key, c);
    }
    if (domain) c.domains.add(domain);
  };

  const byDomain = await sql<{ x: string; y: string; domain: string }>`
    SELECT a.account_id AS x, b.account_id AS y, a.domain
    FROM account_domains a
    JOIN account_domains b ON b.workspace_id = a.workspace_id AND b.domain = a.domain AND b.account_id <> a.account_id
    WHERE a.workspace_id = ${workspaceId}
      AND (${options.accountId ?? null}::uuid IS NULL OR a.account_id = ${options.accountId ?? null}::uuid)
      AND (${options.accountId ?? null}::uuid IS NOT NULL OR b.account_id > a.account_id)
    LIMIT 20000`.execute(db);
  for (const r of byDomain.rows) add(r.x, r.y, r.domain);

  if (options.accountId) {
    // One account: a single probe of the pg_trgm name index.
    const probe = await db.transaction().execute(async (trx) => {
      await sql`SET LOCAL pg_trgm.similarity_threshold = ${sql.lit(TRIGRAM_THRESHOLD)}`.execute(trx);
      return sql<{ x: string; y: string }>`
        SELECT a.id AS x, b.id AS y
        FROM accounts a
        JOIN accounts b ON lower(b.name) % lower(a.name) AND b.workspace_id = a.workspace_id AND b.id <> a.id
        WHERE a.workspace_id = ${workspaceId} AND a.id = ${options.accountId}
        ORDER BY similarity(lower(b.name), lower(a.name)) DESC
        LIMIT ${CANDIDATES_PER_ACCOUNT}`.execute(trx);
    });
    for (const r of probe.rows) add(r.x, r.y, null);
  } else {
    // The whole workspace: name blocking, streamed in pages (linear; see NameBlocks).
    const blocks = new NameBlocks();
    let after: string | null = null;
    for (;;) {
      let page = db
        .selectFrom('accounts')
        .select(['id', 'name'])
        .where('workspace_id', '=', workspaceId)
        .orderBy('id')
        .limit(PAGE);
      if (after) page = page.where('id', '>', after);
      const rows = await page.execute();
      for (const r of rows) blocks.add(r.id, r.name);
      after = rows[rows.length - 1]?.id ?? null;
      if (rows.length < PAGE) break;
    }
    for (const [x, y] of blocks.pairs()) add(x, y, null);
  }
  if (candidates.size === 0) return [];

  const ids = [...new Set([...candidates.values()].flatMap((c) => [c.x, c.y]))];
  const details = await sql<{
    id: string;
    name: string;
    country: string | null;
    parent_id: string | null;
    lifecycle: string;
    created_at: Date;
    contacts: number;
  }>`
    SELECT a.id, a.name, a.country, a.parent_id, a.lifecycle, a.created_at,
      (SELECT count(*) FROM contacts c WHERE c.workspace_id = a.workspace_id AND c.account_id = a.id)::int AS contacts
    FROM accounts a WHERE a.workspace_id = ${workspaceId} AND a.id = ANY(${ids}::uuid[])`.execute(db);
  const byId = new Map(details.rows.map((r) => [r.id, r]));

  const pairs: DuplicatePair[] = [];
  for (const c of candidates.values()) {
    const a = byId.get(c.x);
    const b = byId.get(c.y);
    if (!a || !b || a.parent_id === b.id || b.parent_id === a.id) continue;
    const reasons: string[] = [];
    let score = 0;
    const ca = toCountryCode(a.country);
    const cb = toCountryCode(b.country);
    const names = compareNames(a.name, b.name);
    if (c.domains.size > 0) {
      reasons.push(`same domain ${[...c.domains].sort().join(', ')}`);
      score = ca && cb && ca !== cb ? 0.7 : 0.9;
      if (ca && cb && ca !== cb) reasons.push(`different countries ${ca} / ${cb}`);
    }
    if (names) {
      const label = names === 'same' ? 'same normalised name' : 'near-identical name (one typo)';
      const nameScore = names === 'same' ? 0.15 : 0.1;
      if (ca && cb && ca === cb) {
        reasons.push(`${label} in ${ca}`);
        score = score > 0 ? Math.min(0.99, Math.max(score, 0.8 + nameScore) + 0.05) : 0.8 + nameScore;
      } else if (!ca || !cb) {
        reasons.push(`${label}, country unknown`);
        score = score > 0 ? Math.min(0.99, score + 0.05) : 0.55 + nameScore;
      }
    }
    if (score < minScore || reasons.length === 0) continue;
    const side = (r: typeof a): DuplicateSide => ({
      id: r.id,
      name: r.name,
      country: r.country,
      contacts: Number(r.contacts),
      lifecycle: r.lifecycle,
      createdAt: r.created_at,
    });
    const [survivor, duplicate] = survivorFirst(side(a), side(b));
    pairs.push({ account: survivor, duplicate, score: Math.round(score * 100) / 100, reasons });
  }
  pairs.sort((p, q) => q.score - p.score || p.account.name.localeCompare(q.account.name));
  return pairs.slice(0, limit);
}
