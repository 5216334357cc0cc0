import type { Kysely } from 'kysely';
import { z } from 'zod';
import { recordAudit } from '../audit/record-audit.ts';
import type { AuthContext } from '../auth/auth-context.ts';
import type { DB } from '../db/schema.ts';
import { attachWarnings, type NormalizedExtras } from '../normalize/normalize-record.ts';
import { afterOpportunitiesWritten } from '../pipeline/refresh-derived.ts';
import { crmColumns, UpsertShape } from '../records/batch-arrays.ts';
import { normalizeRecords } from '../records/normalize-input.ts';
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
import { OpportunityFieldsSchema } from './opportunity-fields.ts';

/** An opportunity record for bulk upsert: the opportunity fields plus the id to update by. */
export const OpportunityUpsertSchema = OpportunityFieldsSchema.extend({ id: z.uuid().optional() });
export type OpportunityUpsertRecord = z.infer<typeof OpportunityUpsertSchema>;
/** An opportunity record after normalisation (src/normalize). */
type NormalOpportunity = Omit<OpportunityUpsertRecord, 'owner'> & NormalizedExtras;

export const OpportunityKeySchema = z.enum(['auto', 'salesforceId', 'hubspotId', 'id']);
export type OpportunityKey = z.infer<typeof OpportunityKeySchema>;

const ACCOUNT_BIT = 1;
const WON_BIT = 64;

const shape = new UpsertShape<NormalOpportunity>({
  table: 'opportunities',
  inputs: [
    { name: 'k_id', input: 'uuid' },
    { name: 'k_sf', input: 'text' },
    { name: 'k_hs', input: 'text' },
    { name: 'l_sf', input: 'text' },
    { name: 'l_hs', input: 'text' },
  ],
  existingSql: `COALESCE(
    CASE WHEN i.k_id IS NOT NULL THEN (SELECT x.id FROM opportunities x WHERE x.workspace_id = ${PROBE_WORKSPACE} AND x.id = i.k_id) END,
    CASE WHEN i.k_sf IS NOT NULL THEN (SELECT x.id FROM opportunities x WHERE x.workspace_id = ${PROBE_WORKSPACE} AND x.salesforce_id = i.k_sf) END,
    CASE WHEN i.k_hs IS NOT NULL THEN (SELECT x.id FROM opportunities x WHERE x.workspace_id = ${PROBE_WORKSPACE} AND x.hubspot_id = i.k_hs) END)`,
  computedSql: [
    `COALESCE(
      CASE WHEN i.l_sf IS NOT NULL THEN (SELECT a.id FROM accounts a WHERE a.workspace_id = ${PROBE_WORKSPACE} AND a.salesforce_id = i.l_sf) END,
      CASE WHEN i.l_hs IS NOT NULL THEN (SELECT a.id FROM accounts a WHERE a.workspace_id = ${PROBE_WORKSPACE} AND a.hubspot_id = i.l_hs) END
    ) AS via_ext`,
  ],
  columns: [
    {
      name: 'account_id',
      input: 'uuid',
      get: (r) => r.accountId,
      valueSql: `CASE WHEN m.mask & ${ACCOUNT_BIT} <> 0 THEN m.c_account_id WHEN m.via_ext IS NOT NULL THEN m.via_ext
        WHEN a.id IS NOT NULL THEN a.account_id END`,
    },
    { name: 'name', input: 'text', get: (r) => r.name },
    { name: 'stage', input: 'text', get: (r) => r.stage },
    { name: 'amount', input: 'numeric', get: (r) => r.amount },
    { name: 'currency', input: 'text', get: (r) => r.currency },
    { name: 'created_date', input: 'date', insertDefault: 'current_date', get: (r) => r.createdDate },
    { name: 'is_won', input: 'bool', insertDefault: 'false', get: (r) => r.isWon },
    {
      name: 'is_closed',
      input: 'bool',
      get: (r) => r.isClosed,
      // A won opportunity is closed.
      valueSql: `(CASE WHEN m.mask & 128 <> 0 THEN COALESCE(m.c_is_closed, false) WHEN a.id IS NOT NULL THEN a.is_closed ELSE false END)
        OR (CASE WHEN m.mask & ${WON_BIT} <> 0 THEN COALESCE(m.c_is_won, false) WHEN a.id IS NOT NULL THEN a.is_won ELSE false END)`,
    },
    { name: 'close_date', input: 'date', get: (r) => r.closeDate },
    { name: 'owner_id', input: 'uuid', get: (r) => r.ownerId },
    { name: 'currency_raw', input: 'text', get: (r) => r.currencyRaw },
    { name: 'owner_raw', input: 'text', get: (r) => r.ownerRaw },
    ...crmColumns<NormalOpportunity>((r) => r),
  ],
  rejects: [
    [`v.k_id IS NOT NULL AND v.existing_id IS NULL`, 'id: no such opportunity in this workspace'],
    [
      `v.mask & ${ACCOUNT_BIT} <> 0 AND v.account_id IS NOT NULL AND v.account_id IS DISTINCT FROM v.old_account_id
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

if (
  shape.bit('account_id') !== ACCOUNT_BIT ||
  shape.bit('is_won') !== WON_BIT ||
  shape.bit('is_closed') !== 128
) {
  throw new Error('opportunities upsert: mask bits out of order');
}

type PrepareOutcome = PrepareOutcomeOf<NormalOpportunity>;

function prepare(r: NormalOpportunity, key: OpportunityKey): PrepareOutcome {
  const sf = r.salesforceId || null;
  const hs = r.hubspotId || null;
  const id = r.id ?? null;
  let chosen: OpportunityKey = key;
  if (key === 'auto') chosen = id ? 'id' : sf ? 'salesforceId' : hs ? 'hubspotId' : 'auto';
  const value = { id, salesforceId: sf, hubspotId: hs, auto: null }[chosen];
  if (!value) {
    const reason =
      key === 'auto'
        ? 'needs an id, salesforceId or hubspotId to match on'
        : `${key} is required to match on (key ${key})`;
    return { reason, field: key === 'auto' ? 'salesforceId' : key };
  }
  const match: unknown[] = [null, null, null];
  match[{ id: 0, salesforceId: 1, hubspotId: 2, auto: 0 }[chosen]] = value;
  match.push(
    r.accountId === undefined ? r.accountSalesforceId || null : null,
    r.accountId === undefined ? r.accountHubspotId || null : null,
  );
  const keys = [`${chosen}:${value}`];
  if (sf && chosen !== 'salesforceId') keys.push(`salesforceId:${sf}`);
  if (hs && chosen !== 'hubspotId') keys.push(`hubspotId:${hs}`);
  if (id && chosen !== 'id') keys.push(`id:${id}`);
  return { prepared: r, keys, match };
}

/**
 * Insert or update many opportunities in one transaction with one set-based statement. Records match
 * by `key` (`auto`: id, Salesforce id, then HubSpot id) and link to their account by accountId or the
 * account's external id. A won opportunity is always closed.
 *
 * @example
 * await upsertOpportunities(db, ctx, [{ name: 'Renewal', stage: 'Won', isWon: true, salesforceId: '006…' }]);
 */
export async function upsertOpportunities(
  db: Kysely<DB>,
  ctx: AuthContext,
  input: readonly OpportunityUpsertRecord[],
  options: BulkOptions<OpportunityKey> = {},
): Promise<UpsertResult> {
  const key = options.key ?? 'auto';
  const { records, warnings } = await normalizeRecords(db, ctx.workspaceId, 'opportunities', input);
  const batch = shape.batch();
  const { results, rowNumber } = admitRecords(
    records,
    options,
    (r) => prepare(r, key),
    (index, r, match) => batch.push(index, r, match),
  );
  return inTransaction(db, async (trx) => {
    if (batch.length > 0) {
      const rows = await runRaw<StatementRow>(trx, shape.text, batch.parameters(ctx.workspaceId));
      applyStatementRows(rows, results, rowNumber, 'opportunity', 'salesforceId or hubspotId');
      const written = writtenIds(results);
      if (written.length > 0) {
        const accounts = await trx
          .selectFrom('opportunities')
          .select('account_id')
          .distinct()
          .where('workspace_id', '=', ctx.workspaceId)
          .where('id', 'in', written)
          .execute();
        await afterOpportunitiesWritten(
          trx,
          ctx.workspaceId,
          accounts.map((a) => a.account_id),
        );
      }
    }
    const counts = countOutcomes(results);
    if (options.audit !== false) {
      await recordAudit(trx, ctx, {
        action: 'opportunity.bulk_upsert',
        objectType: 'opportunity',
        changes: { key, ...counts },
      });
    }
    attachWarnings(results, warnings);
    return { counts, results };
  });
}
