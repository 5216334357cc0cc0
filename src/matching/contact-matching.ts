import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { AccountIndex } from './account-index.ts';
import { matchLead } from './match-lead.ts';
import { DEFAULT_MATCH_CONFIG, type MatchConfig, type MatchResult } from './match-types.ts';

/**
 * Links set by an explicit reference (API accountId, CRM ids, a tracked group call): the matcher
 * never overrides them.
 */
export const EXPLICIT_METHODS: ReadonlySet<string> = new Set([
  'account_id',
  'segment_group',
  'salesforce_id',
  'hubspot_id',
  'external_id',
]);

/** A contact as matching reads it. The company name comes from `custom.company` (or companyName/company_name). */
export interface ContactForMatching {
  id: string;
  email: string | null;
  country: string | null;
  phone: string | null;
  company: string | null;
  account_id: string | null;
  match_method: string | null;
  match_confidence: number | null;
}

/** A stored manual decision. */
export interface StoredDecision {
  decision: 'assign' | 'reject';
  accountId: string | null;
}

/** What a contact's link should be after matching. */
export interface ContactLinkDecision {
  contactId: string;
  accountId: string | null;
  method: string | null;
  confidence: number | null;
  /** `explicit`: left as linked by reference; `manual`: a stored decision; else the matcher's status. */
  status: 'explicit' | 'manual' | MatchResult['status'];
  result: MatchResult | null;
}

/** The decision keys of a contact: by id, and by normalised email. */
export function leadKeys(contactId: string, email: string | null): string[] {
  const keys = [`contact:${contactId}`];
  const e = email?.trim().toLowerCase();
  if (e) keys.push(`email:${e}`);
  return keys;
}

/** Selects contacts with the columns matching needs. */
export function selectContactsForMatching(db: Kysely<DB>, workspaceId: string) {
  return db
    .selectFrom('contacts')
    .select([
      'id',
      'email',
      'country',
      'phone',
      'account_id',
      'match_method',
      'match_confidence',
      sql<string | null>`coalesce(custom->>'company', custom->>'companyName', custom->>'company_name')`.as(
        'company',
      ),
    ])
    .where('workspace_id', '=', workspaceId);
}

/** Manual decisions for the given keys (all of the workspace's when `keys` is undefined). */
export async function loadDecisions(
  db: Kysely<DB>,
  workspaceId: string,
  keys?: string[],
): Promise<Map<string, StoredDecision>> {
  if (keys && keys.length === 0) return new Map();
  let query = db
    .selectFrom('match_decisions')
    .select(['lead_key', 'decision', 'account_id'])
    .where('workspace_id', '=', workspaceId);
  if (keys) query = query.where('lead_key', 'in', keys);
  const rows = await query.execute();
  return new Map(rows.map((r) => [r.lead_key, { decision: r.decision, accountId: r.account_id }]));
}

/**
 * Decides a contact's link: an explicit reference stays; a manual decision (by contact, else by email)
 * wins; otherwise the matcher links strong matches and leaves weak ones unlinked with their method and
 * confidence, so they show in the review queue.
 */
export function decideContactLink(
  index: AccountIndex,
  decisions: Map<string, StoredDecision>,
  contact: ContactForMatching,
  config: MatchConfig = DEFAULT_MATCH_CONFIG,
): ContactLinkDecision {
  const base = { contactId: contact.id, result: null };
  if (contact.account_id && (contact.match_method === null || EXPLICIT_METHODS.has(contact.match_method))) {
    return {
      ...base,
      accountId: contact.account_id,
      method: contact.match_method,
      confidence: contact.match_confidence,
      status: 'explicit',
    };
  }
  for (const key of leadKeys(contact.id, contact.email)) {
    const d = decisions.get(key);
    if (!d) continue;
    if (d.decision === 'assign' && d.accountId) {
      return { ...base, accountId: d.accountId, method: 'manual', confidence: 1, status: 'manual' };
    }
    return { ...base, accountId: null, method: 'manual', confidence: null, status: 'manual' };
  }
  const result = matchLead(
    index,
    { email: contact.email, company: contact.company, country: contact.country, phone: contact.phone },
    config,
  );
  if (result.status === 'matched') {
    return {
      contactId: contact.id,
      accountId: result.accountId,
      method: result.method,
      confidence: result.confidence,
      status: 'matched',
      result,
    };
  }
  if (result.status === 'weak') {
    return {
      contactId: contact.id,
      accountId: null,
      method: result.method,
      confidence: result.confidence,
      status: 'weak',
      result,
    };
  }
  return { contactId: contact.id, accountId: null, method: null, confidence: null, status: 'none', result };
}

/** Whether a decision changes the stored contact. */
export function linkChanged(contact: ContactForMatching, d: ContactLinkDecision): boolean {
  const conf = (x: number | null) => (x === null ? null : Math.round(x * 1000));
  return (
    contact.account_id !== d.accountId ||
    contact.match_method !== d.method ||
    conf(contact.match_confidence) !== conf(d.confidence)
  );
}

/** Writes links in batches of one UPDATE … FROM (VALUES …) each. */
export async function writeContactLinks(
  db: Kysely<DB>,
  workspaceId: string,
  links: ContactLinkDecision[],
): Promise<void> {
  for (let i = 0; i < links.length; i += 1000) {
    const chunk = links.slice(i, i + 1000);
    const values = sql.join(
      chunk.map(
        (l) => sql`(${l.contactId}::uuid, ${l.accountId}::uuid, ${l.method}::text, ${l.confidence}::real)`,
      ),
    );
    await sql`
      UPDATE contacts AS c
      SET account_id = v.account_id, match_method = v.method, match_confidence = v.confidence, updated_at = now()
      FROM (VALUES ${values}) AS v(id, account_id, method, confidence)
      WHERE c.workspace_id = ${workspaceId} AND c.id = v.id
    `.execute(db);
  }
}
