import type { Kysely } from 'kysely';
import { z } from 'zod';
import { recordAudit } from '../audit/record-audit.ts';
import type { AuthContext } from '../auth/auth-context.ts';
import type { DB } from '../db/schema.ts';
import { normalizeDomain } from '../matching/normalize-domain.ts';
import { attachWarnings, type NormalizedExtras } from '../normalize/normalize-record.ts';
import { afterAccountsWritten } from '../pipeline/refresh-derived.ts';
import { crmColumns, jsonInput, jsonToTextArray, UpsertShape } from '../records/batch-arrays.ts';
import { normalizeRecords } from '../records/normalize-input.ts';
import {
  admitRecords,
  applyStatementRows,
  type BulkOptions,
  countOutcomes,
  inTransaction,
  type PrepareOutcome as PrepareOutcomeOf,
  type RecordResult,
  runRaw,
  type StatementRow,
  type UpsertResult,
  writtenIds,
} from '../records/upsert-result.ts';
import { PROBE_WORKSPACE } from '../records/upsert-statement.ts';
import { AccountFieldsSchema } from './account-fields.ts';

const externalId = z.string().trim().max(64).nullable().optional();

/** An account record for bulk upsert: the account fields plus the id and parent external ids to link by. */
export const AccountUpsertSchema = AccountFieldsSchema.extend({
  /** The account's id, to update by (key `id`). */
  id: z.uuid().optional(),
  /** The parent's Salesforce id (a Salesforce export's ParentId); linked once the parent exists. */
  parentSalesforceId: externalId,
  /** The parent's HubSpot record id. */
  parentHubspotId: externalId,
});
export type AccountUpsertRecord = z.infer<typeof AccountUpsertSchema>;
/** An account record after normalisation (src/normalize). */
type NormalAccount = Omit<AccountUpsertRecord, 'owner'> & NormalizedExtras;

export const AccountKeySchema = z.enum(['auto', 'salesforceId', 'hubspotId', 'domain', 'id']);
export type AccountKey = z.infer<typeof AccountKeySchema>;

/** A child whose parent (by external id) was not in the database yet. */
export interface PendingParent {
  index: number;
  id: string;
  parentSalesforceId: string | null;
  parentHubspotId: string | null;
}

export interface AccountUpsertResult extends UpsertResult {
  /** Children whose parent was not found; resolve them after the rest of the import. */
  pendingParents: PendingParent[];
}

interface Prepared {
  r: NormalAccount;
  domain: string | null | undefined;
  domains: string | undefined;
}

const shape = new UpsertShape<Prepared>({
  table: 'accounts',
  inputs: [
    { name: 'k_id', input: 'uuid' },
    { name: 'k_sf', input: 'text' },
    { name: 'k_hs', input: 'text' },
    { name: 'k_domain', input: 'text' },
    { name: 'k_domains', input: 'text' },
    { name: 'p_sf', input: 'text' },
    { name: 'p_hs', input: 'text' },
  ],
  existingSql: `COALESCE(
    CASE WHEN i.k_id IS NOT NULL THEN (SELECT x.id FROM accounts x WHERE x.workspace_id = ${PROBE_WORKSPACE} AND x.id = i.k_id) END,
    CASE WHEN i.k_sf IS NOT NULL THEN (SELECT x.id FROM accounts x WHERE x.workspace_id = ${PROBE_WORKSPACE} AND x.salesforce_id = i.k_sf) END,
    CASE WHEN i.k_hs IS NOT NULL THEN (SELECT x.id FROM accounts x WHERE x.workspace_id = ${PROBE_WORKSPACE} AND x.hubspot_id = i.k_hs) END,
    CASE WHEN i.k_domain IS NOT NULL THEN (SELECT d.account_id FROM account_domains d
      WHERE d.workspace_id = ${PROBE_WORKSPACE} AND d.domain = i.k_domain
      ORDER BY (SELECT x.created_at FROM accounts x WHERE x.workspace_id = ${PROBE_WORKSPACE} AND x.id = d.account_id), d.account_id
      LIMIT 1) END)`,
  // A parent given by external id that already exists is linked right away; the others after the batch.
  computedSql: [
    `COALESCE(
      CASE WHEN i.p_sf IS NOT NULL THEN (SELECT x.id FROM accounts x WHERE x.workspace_id = ${PROBE_WORKSPACE} AND x.salesforce_id = i.p_sf) END,
      CASE WHEN i.p_hs IS NOT NULL THEN (SELECT x.id FROM accounts x WHERE x.workspace_id = ${PROBE_WORKSPACE} AND x.hubspot_id = i.p_hs) END
    ) AS via_parent`,
  ],
  columns: [
    { name: 'name', input: 'text', get: (p) => p.r.name },
    { name: 'domain', input: 'text', get: (p) => p.domain },
    { name: 'website', input: 'text', get: (p) => p.r.website },
    { name: 'industry', input: 'text', get: (p) => p.r.industry },
    { name: 'employee_count', input: 'int', get: (p) => p.r.employeeCount },
    { name: 'annual_revenue', input: 'numeric', get: (p) => p.r.annualRevenue },
    { name: 'currency', input: 'text', get: (p) => p.r.currency },
    { name: 'country', input: 'text', get: (p) => p.r.country },
    { name: 'region', input: 'text', get: (p) => p.r.region },
    { name: 'city', input: 'text', get: (p) => p.r.city },
    {
      name: 'technologies',
      input: 'jsonb',
      transform: jsonToTextArray,
      insertDefault: `'{}'::text[]`,
      get: (p) => jsonInput(p.r.technologies),
    },
    {
      name: 'parent_id',
      input: 'uuid',
      get: (p) => p.r.parentId,
      valueSql: `CASE WHEN m.mask & 2048 <> 0 THEN m.c_parent_id WHEN m.via_parent IS NOT NULL THEN m.via_parent
        WHEN a.id IS NOT NULL THEN a.parent_id END`,
    },
    { name: 'owner_id', input: 'uuid', get: (p) => p.r.ownerId },
    { name: 'lifecycle', input: 'text', insertDefault: `'prospect'`, get: (p) => p.r.lifecycle },
    { name: 'is_target', input: 'bool', insertDefault: 'false', get: (p) => p.r.isTarget },
    { name: 'tier', input: 'int', get: (p) => p.r.tier },
    { name: 'phone', input: 'text', get: (p) => p.r.phone },
    { name: 'country_raw', input: 'text', get: (p) => p.r.countryRaw },
    { name: 'region_code', input: 'text', get: (p) => p.r.regionCode },
    { name: 'industry_raw', input: 'text', get: (p) => p.r.industryRaw },
    { name: 'currency_raw', input: 'text', get: (p) => p.r.currencyRaw },
    { name: 'phone_raw', input: 'text', get: (p) => p.r.phoneRaw },
    { name: 'owner_raw', input: 'text', get: (p) => p.r.ownerRaw },
    ...crmColumns<Prepared>((p) => p.r),
  ],
  rejects: [
    [`v.k_id IS NOT NULL AND v.existing_id IS NULL`, 'id: no such account in this workspace'],
    [
      `v.parent_id IS NOT NULL AND v.parent_id = COALESCE(v.existing_id, v.new_id)`,
      'parentId: an account cannot be its own parent',
    ],
    [
      `v.parent_id IS NOT NULL AND v.parent_id IS DISTINCT FROM v.old_parent_id
       AND NOT EXISTS (SELECT 1 FROM accounts p WHERE p.workspace_id = ${PROBE_WORKSPACE} AND p.id = v.parent_id)`,
      'parentId: no such account in this workspace',
    ],
    [
      `v.owner_id IS NOT NULL AND v.owner_id IS DISTINCT FROM v.old_owner_id
       AND NOT EXISTS (SELECT 1 FROM workspace_members u WHERE u.workspace_id = ${PROBE_WORKSPACE} AND u.user_id = v.owner_id)`,
      'ownerId: not a user of this workspace',
    ],
  ],
  changedSql: [
    `(r.k_domains IS NOT NULL AND string_to_array(r.k_domains, ' ') IS DISTINCT FROM COALESCE((
      SELECT array_agg(d.domain ORDER BY d.is_primary DESC, d.domain) FROM account_domains d
      WHERE d.workspace_id = ${PROBE_WORKSPACE} AND d.account_id = r.existing_id), '{}'))`,
  ],
});

if (shape.bit('parent_id') !== 2048) throw new Error('accounts upsert: parent_id must be mask bit 2048');

const DOMAINS_INPUT = `x AS (SELECT * FROM unnest($2::uuid[], $3::text[], $4::text[]) AS t(account_id, primary_domain, domains)),
want AS (
  SELECT DISTINCT x.account_id, u.domain, u.domain = x.primary_domain AS is_primary
  FROM x, unnest(string_to_array(COALESCE(x.domains, x.primary_domain, ''), ' ')) AS u(domain)
  WHERE u.domain <> ''
)`;

const DOMAINS_UPSERT = `INSERT INTO account_domains (workspace_id, account_id, domain, is_primary)
SELECT $1, account_id, domain, is_primary FROM want
ON CONFLICT (workspace_id, account_id, domain) DO UPDATE SET is_primary = excluded.is_primary
WHERE account_domains.is_primary IS DISTINCT FROM excluded.is_primary`;

/** Domains of accounts that were all just inserted: nothing stored to remove or demote. */
const INSERT_DOMAINS = `WITH ${DOMAINS_INPUT}
${DOMAINS_UPSERT}`;

const SYNC_DOMAINS = `
WITH ${DOMAINS_INPUT},
del AS (
  DELETE FROM account_domains d USING x
  WHERE d.workspace_id = $1 AND d.account_id = x.account_id
    AND x.domains IS NOT NULL AND NOT (d.domain = ANY (string_to_array(x.domains, ' ')))
),
-- Without a full list, a replaced primary domain stays as an extra domain of the account.
demote AS (
  UPDATE account_domains d SET is_primary = false FROM x
  WHERE d.workspace_id = $1 AND d.account_id = x.account_id
    AND x.domains IS NULL AND d.is_primary AND d.domain IS DISTINCT FROM x.primary_domain
)
${DOMAINS_UPSERT}`;

const LINK_PARENTS = `
WITH x AS (SELECT * FROM unnest($2::uuid[], $3::text[], $4::text[]) AS t(id, psf, phs)),
p AS (
  SELECT x.id, COALESCE(
    CASE WHEN x.psf IS NOT NULL THEN (SELECT a.id FROM accounts a WHERE a.workspace_id = ${PROBE_WORKSPACE} AND a.salesforce_id = x.psf) END,
    CASE WHEN x.phs IS NOT NULL THEN (SELECT a.id FROM accounts a WHERE a.workspace_id = ${PROBE_WORKSPACE} AND a.hubspot_id = x.phs) END
  ) AS parent FROM x
),
u AS (
  UPDATE accounts a SET parent_id = p.parent, updated_at = now() FROM p
  WHERE a.workspace_id = $1 AND a.id = p.id AND p.parent IS NOT NULL AND p.parent <> a.id
    AND a.parent_id IS DISTINCT FROM p.parent
  RETURNING a.id
)
SELECT p.id, p.parent, u.id IS NOT NULL AS changed FROM p LEFT JOIN u ON u.id = p.id`;

interface ParentRow {
  id: string;
  parent: string | null;
  changed: boolean;
}

/** Domains given as a list: valid ones normalised, or the first invalid one. */
function normalizeList(list: readonly string[]): { domains: string[] } | { invalid: string } {
  const out: string[] = [];
  for (const d of list) {
    const n = normalizeDomain(d);
    if (!n) return { invalid: d };
    out.push(n);
  }
  return { domains: out };
}

type PrepareOutcome = PrepareOutcomeOf<Prepared>;

function prepare(r: NormalAccount, key: AccountKey): PrepareOutcome {
  // The primary domain: the given domain, else the website's, else (below) the first of `domains`.
  let domain: string | null | undefined;
  if (r.domain) {
    domain = normalizeDomain(r.domain);
    if (!domain) return { reason: `domain: "${r.domain}" is not a valid domain`, field: 'domain' };
  } else if (r.website) {
    domain = normalizeDomain(r.website) ?? (r.domain === undefined ? undefined : null);
  } else if (r.domain !== undefined) {
    domain = null;
  }
  let domains: string | undefined;
  if (r.domains !== undefined) {
    const list = normalizeList(r.domains);
    if ('invalid' in list)
      return { reason: `domains: "${list.invalid}" is not a valid domain`, field: 'domains' };
    if (!domain) domain = list.domains[0] ?? null;
    const extras = [...new Set(list.domains)].filter((d) => d !== domain).sort();
    domains = (domain ? [domain, ...extras] : extras).join(' ');
  }
  const sf = r.salesforceId || null;
  const hs = r.hubspotId || null;
  const id = r.id ?? null;
  const match: [string | null, string | null, string | null, string | null] = [null, null, null, null];
  let chosen: AccountKey = key;
  if (key === 'auto')
    chosen = id ? 'id' : sf ? 'salesforceId' : hs ? 'hubspotId' : domain ? 'domain' : 'auto';
  const value = { id, salesforceId: sf, hubspotId: hs, domain: domain ?? null, auto: null }[chosen];
  if (!value) {
    const reason =
      key === 'auto'
        ? 'needs an id, salesforceId, hubspotId or domain to match on'
        : `${key} is required to match on (key ${key})`;
    return { reason, field: key === 'auto' ? 'domain' : key };
  }
  const slot = { id: 0, salesforceId: 1, hubspotId: 2, domain: 3, auto: 0 }[chosen];
  match[slot] = value;
  const keys = [`${chosen}:${value}`];
  if (sf && chosen !== 'salesforceId') keys.push(`salesforceId:${sf}`);
  if (hs && chosen !== 'hubspotId') keys.push(`hubspotId:${hs}`);
  if (id && chosen !== 'id') keys.push(`id:${id}`);
  const parents =
    r.parentId === undefined ? [r.parentSalesforceId || null, r.parentHubspotId || null] : [null, null];
  return { prepared: { r, domain, domains }, keys, match: [...match, domains, ...parents] };
}

/**
 * Insert or update many accounts in one transaction with a few set-based statements. Records match
 * stored accounts by `key` (`auto`: id, then Salesforce id, HubSpot id, domain); identical records are
 * reported unchanged and not rewritten. Domains are normalised and account_domains kept in sync;
 * parents given by external id are linked when they exist (see `pendingParents` otherwise).
 *
 * @example
 * const { counts, results } = await upsertAccounts(db, ctx, [{ name: 'Acme', domain: 'acme.com' }], { key: 'domain' });
 */
export async function upsertAccounts(
  db: Kysely<DB>,
  ctx: AuthContext,
  input: readonly AccountUpsertRecord[],
  options: BulkOptions<AccountKey> = {},
): Promise<AccountUpsertResult> {
  const key = options.key ?? 'auto';
  const { records, warnings } = await normalizeRecords(db, ctx.workspaceId, 'accounts', input);
  const batch = shape.batch();
  const prepared: (Prepared | undefined)[] = new Array(records.length);
  const { results, rowNumber } = admitRecords(
    records,
    options,
    (r) => prepare(r, key),
    (index, p, match) => {
      prepared[index] = p;
      batch.push(index, p, match);
    },
  );

  return inTransaction(db, async (trx) => {
    const pendingParents: PendingParent[] = [];
    if (batch.length > 0) {
      const rows = await runRaw<StatementRow>(trx, shape.text, batch.parameters(ctx.workspaceId));
      applyStatementRows(rows, results, rowNumber, 'account', 'salesforceId or hubspotId');
      await syncDomains(trx, ctx.workspaceId, results, prepared);
      pendingParents.push(...(await linkParents(trx, ctx.workspaceId, results, records)));
      await afterAccountsWritten(trx, ctx.workspaceId, writtenIds(results));
    }
    const counts = countOutcomes(results);
    if (options.audit !== false) {
      await recordAudit(trx, ctx, {
        action: 'account.bulk_upsert',
        objectType: 'account',
        changes: { key, ...counts },
      });
    }
    attachWarnings(results, warnings);
    return { counts, results, pendingParents };
  });
}

async function syncDomains(
  db: Kysely<DB>,
  workspaceId: string,
  results: readonly RecordResult[],
  prepared: readonly (Prepared | undefined)[],
): Promise<void> {
  const ids: string[] = [];
  const primaries: (string | null)[] = [];
  const lists: (string | null)[] = [];
  let updated = false;
  results.forEach((res, index) => {
    const p = prepared[index];
    if (!p || !res.id || (res.outcome !== 'inserted' && res.outcome !== 'updated')) return;
    if (p.domain === undefined && p.domains === undefined) return;
    ids.push(res.id);
    if (res.outcome === 'updated') updated = true;
    primaries.push(p.domain ?? null);
    lists.push(p.domains ?? null);
  });
  // A batch of new accounts only inserts: the clean-up joins (which stale statistics can turn into
  // a scan of the workspace's domains per account) are left out.
  const text = updated ? SYNC_DOMAINS : INSERT_DOMAINS;
  if (ids.length > 0) await runRaw(db, text, [workspaceId, ids, primaries, lists]);
}

async function linkParents(
  db: Kysely<DB>,
  workspaceId: string,
  results: RecordResult[],
  records: readonly NormalAccount[],
): Promise<PendingParent[]> {
  const wanted: PendingParent[] = [];
  results.forEach((res, index) => {
    const r = records[index];
    if (!r || !res.id || res.outcome === 'rejected' || r.parentId !== undefined) return;
    if (!r.parentSalesforceId && !r.parentHubspotId) return;
    wanted.push({
      index,
      id: res.id,
      parentSalesforceId: r.parentSalesforceId || null,
      parentHubspotId: r.parentHubspotId || null,
    });
  });
  const { unresolved, changed } = await resolveAccountParents(db, workspaceId, wanted);
  for (const p of wanted) {
    const res = results[p.index];
    if (res && changed.has(p.id) && res.outcome === 'unchanged') res.outcome = 'updated';
  }
  for (const p of unresolved) {
    const res = results[p.index];
    if (res) res.warning = 'parent not found (yet): linked when an account with that external id is imported';
  }
  return unresolved;
}

/**
 * Link children to parents given by Salesforce/HubSpot id. Returns the ones whose parent does not
 * exist and the ids whose parent link changed. Call it again at the end of an import for the children
 * that came before their parent.
 */
export async function resolveAccountParents(
  db: Kysely<DB>,
  workspaceId: string,
  pending: readonly PendingParent[],
): Promise<{ unresolved: PendingParent[]; changed: Set<string> }> {
  if (pending.length === 0) return { unresolved: [], changed: new Set() };
  const rows = await runRaw<ParentRow>(db, LINK_PARENTS, [
    workspaceId,
    pending.map((p) => p.id),
    pending.map((p) => p.parentSalesforceId),
    pending.map((p) => p.parentHubspotId),
  ]);
  const found = new Set(rows.filter((r) => r.parent !== null).map((r) => r.id));
  const changed = new Set(rows.filter((r) => r.changed).map((r) => r.id));
  return { unresolved: pending.filter((p) => !found.has(p.id)), changed };
}
