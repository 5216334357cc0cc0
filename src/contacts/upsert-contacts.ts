import type { Kysely } from 'kysely';
import { z } from 'zod';
import { recordAudit } from '../audit/record-audit.ts';
import type { AuthContext } from '../auth/auth-context.ts';
import type { DB } from '../db/schema.ts';
import { emailDomain } from '../matching/normalize-domain.ts';
import { attachWarnings, type NormalizedExtras } from '../normalize/normalize-record.ts';
import { afterContactsWritten } from '../pipeline/refresh-derived.ts';
import { crmColumns, UpsertShape } from '../records/batch-arrays.ts';
import { normalizeRecords } from '../records/normalize-input.ts';
import { SUPPRESSED_REASON, suppressedValues } from '../records/suppression.ts';
import {
  admitRecords,
  applyStatementRows,
  type BulkOptions,
  countOutcomes,
  inTransaction,
  type PrepareOutcome as PrepareOutcomeOf,
  runRaw,
  type StatementRow,
  type UpsertResult,
  writtenIds,
} from '../records/upsert-result.ts';
import { PROBE_WORKSPACE } from '../records/upsert-statement.ts';
import { ContactFieldsSchema } from './contact-fields.ts';

/** A contact record for bulk upsert: the contact fields plus the id to update by. */
export const ContactUpsertSchema = ContactFieldsSchema.extend({ id: z.uuid().optional() });
export type ContactUpsertRecord = z.infer<typeof ContactUpsertSchema>;
/** A contact record after normalisation (src/normalize). */
type NormalContact = Omit<ContactUpsertRecord, 'owner'> & NormalizedExtras;

export const ContactKeySchema = z.enum(['auto', 'email', 'salesforceId', 'hubspotId', 'id']);
export type ContactKey = z.infer<typeof ContactKeySchema>;

interface Prepared {
  r: NormalContact;
  emailDomain: string | null | undefined;
}

/** Bit of `account_id` in the mask: the record names its account explicitly (or explicitly none). */
const ACCOUNT_COLUMN = 'account_id';

const shape = new UpsertShape<Prepared>({
  table: 'contacts',
  inputs: [
    { name: 'k_id', input: 'uuid' },
    { name: 'k_sf', input: 'text' },
    { name: 'k_hs', input: 'text' },
    { name: 'k_email', input: 'text' },
    { name: 'l_sf', input: 'text' },
    { name: 'l_hs', input: 'text' },
    { name: 'l_domain', input: 'text' },
  ],
  existingSql: `COALESCE(
    CASE WHEN i.k_id IS NOT NULL THEN (SELECT x.id FROM contacts x WHERE x.workspace_id = ${PROBE_WORKSPACE} AND x.id = i.k_id) END,
    CASE WHEN i.k_sf IS NOT NULL THEN (SELECT x.id FROM contacts x WHERE x.workspace_id = ${PROBE_WORKSPACE} AND x.salesforce_id = i.k_sf) END,
    CASE WHEN i.k_hs IS NOT NULL THEN (SELECT x.id FROM contacts x WHERE x.workspace_id = ${PROBE_WORKSPACE} AND x.hubspot_id = i.k_hs) END,
    CASE WHEN i.k_email IS NOT NULL THEN (SELECT x.id FROM contacts x WHERE x.workspace_id = ${PROBE_WORKSPACE} AND x.email = i.k_email) END)`,
  computedSql: [
    `COALESCE(
      CASE WHEN i.l_sf IS NOT NULL THEN (SELECT a.id FROM accounts a WHERE a.workspace_id = ${PROBE_WORKSPACE} AND a.salesforce_id = i.l_sf) END,
      CASE WHEN i.l_hs IS NOT NULL THEN (SELECT a.id FROM accounts a WHERE a.workspace_id = ${PROBE_WORKSPACE} AND a.hubspot_id = i.l_hs) END
    ) AS via_ext`,
    `CASE WHEN i.l_domain IS NOT NULL THEN (SELECT d.account_id FROM account_domains d
      JOIN accounts a ON a.workspace_id = d.workspace_id AND a.id = d.account_id
      WHERE d.workspace_id = ${PROBE_WORKSPACE} AND d.domain = i.l_domain ORDER BY a.created_at, a.id LIMIT 1) END AS via_domain`,
  ],
  columns: [
    { name: 'email', input: 'text', unique: true, get: (p) => p.r.email },
    { name: 'email_domain', input: 'text', get: (p) => p.emailDomain },
    { name: 'first_name', input: 'text', get: (p) => p.r.firstName },
    { name: 'last_name', input: 'text', get: (p) => p.r.lastName },
    { name: 'title', input: 'text', get: (p) => p.r.title },
    { name: 'phone', input: 'text', get: (p) => p.r.phone },
    { name: 'country', input: 'text', get: (p) => p.r.country },
    {
      name: ACCOUNT_COLUMN,
      input: 'uuid',
      get: (p) => p.r.accountId,
      // An explicit account wins; then the account's external id; then a link the contact already
      // has; then the oldest account with the contact's exact email domain.
      valueSql: `CASE WHEN m.mask & 128 <> 0 THEN m.c_account_id WHEN m.via_ext IS NOT NULL THEN m.via_ext
        WHEN a.account_id IS NOT NULL THEN a.account_id ELSE m.via_domain END`,
    },
    {
      name: 'match_method',
      input: 'text',
      get: () => undefined,
      valueSql: `CASE WHEN m.mask & 128 <> 0 THEN CASE WHEN m.c_account_id IS NULL THEN NULL ELSE 'account_id' END
        WHEN m.via_ext IS NOT NULL THEN 'external_id' WHEN a.account_id IS NOT NULL THEN a.match_method
        WHEN m.via_domain IS NOT NULL THEN 'email_domain' END`,
    },
    {
      name: 'match_confidence',
      input: 'real',
      get: () => undefined,
      valueSql: `CASE WHEN m.mask & 128 <> 0 THEN CASE WHEN m.c_account_id IS NULL THEN NULL ELSE 1.0::real END
        WHEN m.via_ext IS NOT NULL THEN 1.0::real WHEN a.account_id IS NOT NULL THEN a.match_confidence
        WHEN m.via_domain IS NOT NULL THEN 0.9::real END`,
    },
    { name: 'unsubscribed', input: 'bool', insertDefault: 'false', get: (p) => p.r.unsubscribed },
    { name: 'bounced', input: 'bool', insertDefault: 'false', get: (p) => p.r.bounced },
    { name: 'do_not_contact', input: 'bool', insertDefault: 'false', get: (p) => p.r.doNotContact },
    { name: 'consent_basis', input: 'text', get: (p) => p.r.consentBasis },
    { name: 'owner_id', input: 'uuid', get: (p) => p.r.ownerId },
    { name: 'country_raw', input: 'text', get: (p) => p.r.countryRaw },
    { name: 'phone_raw', input: 'text', get: (p) => p.r.phoneRaw },
    { name: 'owner_raw', input: 'text', get: (p) => p.r.ownerRaw },
    ...crmColumns<Prepared>((p) => p.r),
  ],
  rejects: [
    [`v.k_id IS NOT NULL AND v.existing_id IS NULL`, 'id: no such contact in this workspace'],
    [
      `v.mask & 128 <> 0 AND v.account_id IS NOT NULL AND v.account_id IS DISTINCT FROM v.old_account_id
       AND NOT EXISTS (SELECT 1 FROM accounts x WHERE x.workspace_id = ${PROBE_WORKSPACE} AND x.id = v.account_id)`,
      'accountId: no such account in this workspace',
    ],
    [
      `v.owner_id IS NOT NULL AND v.owner_id IS DISTINCT FROM v.old_owner_id
       AND NOT EXISTS (SELECT 1 FROM workspace_members u WHERE u.workspace_id = ${PROBE_WORKSPACE} AND u.user_id = v.owner_id)`,
      'ownerId: not a user of this workspace',
    ],
  ],
});

if (shape.bit(ACCOUNT_COLUMN) !== 128) throw new Error('contacts upsert: account_id must be mask bit 128');

type PrepareOutcome = PrepareOutcomeOf<Prepared>;

function prepare(r: NormalContact, key: ContactKey): PrepareOutcome {
  const email = r.email ?? null;
  const domain = r.email === undefined ? undefined : emailDomain(r.email);
  const sf = r.salesforceId || null;
  const hs = r.hubspotId || null;
  const id = r.id ?? null;
  let chosen: ContactKey = key;
  if (key === 'auto') chosen = id ? 'id' : sf ? 'salesforceId' : hs ? 'hubspotId' : email ? 'email' : 'auto';
  const value = { id, salesforceId: sf, hubspotId: hs, email, auto: null }[chosen];
  if (!value) {
    const reason =
      key === 'auto'
        ? 'needs an id, salesforceId, hubspotId or email to match on'
        : `${key} is required to match on (key ${key})`;
    return { reason, field: key === 'auto' ? 'email' : key };
  }
  const match: unknown[] = [null, null, null, null];
  match[{ id: 0, salesforceId: 1, hubspotId: 2, email: 3, auto: 0 }[chosen]] = value;
  const linkSf = r.accountId === undefined ? r.accountSalesforceId || null : null;
  const linkHs = r.accountId === undefined ? r.accountHubspotId || null : null;
  match.push(linkSf, linkHs, r.accountId === undefined ? (domain ?? null) : null);
  const keys = [`${chosen}:${value}`];
  if (email && chosen !== 'email') keys.push(`email:${email}`);
  if (sf && chosen !== 'salesforceId') keys.push(`salesforceId:${sf}`);
  if (hs && chosen !== 'hubspotId') keys.push(`hubspotId:${hs}`);
  if (id && chosen !== 'id') keys.push(`id:${id}`);
  return { prepared: { r, emailDomain: domain }, keys, match };
}

/**
 * Insert or update many contacts in one transaction with one set-based statement. Records match by
 * `key` (`auto`: id, Salesforce id, HubSpot id, then email). Contacts link to their account by an
 * explicit accountId, else the account's external id (match_method `external_id`, 1.0), else — when
 * not linked yet — the oldest account with the exact email domain (`email_domain`, 0.9). A record
 * with the email of an erased person (src/records/suppression.ts) is rejected with that reason.
 *
 * @example
 * await upsertContacts(db, ctx, [{ email: 'ann@acme.com', accountSalesforceId: '001…' }], { key: 'email' });
 */
export async function upsertContacts(
  db: Kysely<DB>,
  ctx: AuthContext,
  input: readonly ContactUpsertRecord[],
  options: BulkOptions<ContactKey> = {},
): Promise<UpsertResult> {
  const key = options.key ?? 'auto';
  const { records, warnings } = await normalizeRecords(db, ctx.workspaceId, 'contacts', input);
  const batch = shape.batch();
  const suppressed = await suppressedValues(
    db,
    ctx.workspaceId,
    'email',
    records.map((r) => r.email),
  );
  const { results, rowNumber } = admitRecords(
    records,
    options,
    (r) =>
      r.email && suppressed.has(r.email) ? { reason: SUPPRESSED_REASON, field: 'email' } : prepare(r, key),
    (index, p, match) => batch.push(index, p, match),
  );
  return inTransaction(db, async (trx) => {
    if (batch.length > 0) {
      const rows = await runRaw<StatementRow>(trx, shape.text, batch.parameters(ctx.workspaceId));
      applyStatementRows(rows, results, rowNumber, 'contact', 'email, salesforceId or hubspotId');
      await afterContactsWritten(trx, ctx.workspaceId, writtenIds(results));
    }
    const counts = countOutcomes(results);
    if (options.audit !== false) {
      await recordAudit(trx, ctx, {
        action: 'contact.bulk_upsert',
        objectType: 'contact',
        changes: { key, ...counts },
      });
    }
    attachWarnings(results, warnings);
    return { counts, results };
  });
}
