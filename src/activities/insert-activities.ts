import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/record-audit.ts';
import type { AuthContext } from '../auth/auth-context.ts';
import type { DB } from '../db/schema.ts';
import { afterActivitiesInserted } from '../pipeline/refresh-derived.ts';
import {
  type BulkOptions,
  countOutcomes,
  inTransaction,
  KeyClaims,
  type RecordResult,
  runRaw,
  writtenIds,
} from '../records/upsert-result.ts';
import { PROBE_WORKSPACE } from '../records/upsert-statement.ts';
import type { ActivityFields } from './activity-fields.ts';

const INSERT = `
WITH i AS (
  SELECT * FROM unnest($2::int[], $3::text[], $4::timestamptz[], $5::uuid[], $6::uuid[], $7::text[], $8::jsonb[], $9::text[], $10::text[])
    AS t(ord, type, occurred_at, account_id, contact_id, contact_email, properties, source, message_id)
),
m AS (
  SELECT i.*, COALESCE(i.contact_id, CASE WHEN i.contact_email IS NOT NULL THEN
    (SELECT c.id FROM contacts c WHERE c.workspace_id = ${PROBE_WORKSPACE} AND c.email = lower(i.contact_email)) END) AS cid
  FROM i
),
v AS (
  SELECT m.*,
    COALESCE(m.account_id, CASE WHEN m.cid IS NOT NULL THEN
      (SELECT c.account_id FROM contacts c WHERE c.workspace_id = ${PROBE_WORKSPACE} AND c.id = m.cid) END) AS aid,
    CASE
      WHEN m.contact_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM contacts c WHERE c.workspace_id = ${PROBE_WORKSPACE} AND c.id = m.contact_id)
        THEN 'contactId: no such contact in this workspace'
      WHEN m.account_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM accounts a WHERE a.workspace_id = ${PROBE_WORKSPACE} AND a.id = m.account_id)
        THEN 'accountId: no such account in this workspace'
    END AS reject
  FROM m
),
ins AS (
  INSERT INTO activities (workspace_id, account_id, contact_id, type, occurred_at, properties, source, message_id)
  SELECT $1, aid, cid, type, occurred_at, COALESCE(properties, '{}'::jsonb), COALESCE(source, 'api'), message_id
  FROM v WHERE reject IS NULL ORDER BY ord
  ON CONFLICT (workspace_id, message_id) WHERE message_id IS NOT NULL DO NOTHING
  RETURNING id, message_id
)
SELECT v.ord, v.reject, v.message_id, ins.id::text AS inserted_id,
  CASE WHEN ins.id IS NULL AND v.message_id IS NOT NULL AND v.reject IS NULL THEN
    (SELECT a.id::text FROM activities a WHERE a.workspace_id = ${PROBE_WORKSPACE} AND a.message_id = v.message_id) END AS existing_id,
  (SELECT array_agg(x.id::text ORDER BY x.id) FROM ins x WHERE x.message_id IS NULL) AS anonymous_ids
FROM v LEFT JOIN ins ON ins.message_id = v.message_id
ORDER BY v.ord`;

interface Row {
  ord: number;
  reject: string | null;
  message_id: string | null;
  inserted_id: string | null;
  existing_id: string | null;
  anonymous_ids: string[] | null;
}

/**
 * Append many activities in one statement. An activity whose messageId was already stored is
 * reported `unchanged` (ingestion is idempotent by messageId); a contactEmail resolves to the contact,
 * and a missing accountId is taken from the contact's account.
 *
 * @example
 * await insertActivities(db, ctx, [{ type: 'page_view', occurredAt: '2026-03-01T10:00:00Z', contactEmail: 'a@acme.com', messageId: 'm1' }]);
 */
export async function insertActivities(
  db: Kysely<DB>,
  ctx: AuthContext,
  records: readonly ActivityFields[],
  options: Omit<BulkOptions<never>, 'key'> = {},
): Promise<{ counts: ReturnType<typeof countOutcomes>; results: RecordResult[] }> {
  const rowNumber = (index: number) => options.rowNumbers?.[index] ?? index;
  const claims = options.seen ?? new KeyClaims();
  const results: RecordResult[] = new Array(records.length);
  const cols: unknown[][] = Array.from({ length: 9 }, () => []);
  records.forEach((r, index) => {
    const messageId = r.messageId || null;
    if (messageId) {
      const dup = claims.claim([`messageId:${messageId}`], rowNumber(index));
      if (dup) {
        results[index] = {
          index,
          outcome: 'rejected',
          id: null,
          reason: `duplicate of row ${dup.row} (same messageId)`,
          field: 'messageId',
        };
        return;
      }
    }
    const values = [
      index,
      r.type,
      r.occurredAt,
      r.accountId ?? null,
      r.contactId ?? null,
      r.contactEmail ?? null,
      r.properties ? JSON.stringify(r.properties) : null,
      r.source ?? null,
      messageId,
    ];
    values.forEach((value, n) => {
      cols[n]?.push(value);
    });
  });
  return inTransaction(db, async (trx) => {
    if ((cols[0]?.length ?? 0) > 0) {
      const rows = await runRaw<Row>(trx, INSERT, [ctx.workspaceId, ...cols]);
      const anonymous = [...(rows[0]?.anonymous_ids ?? [])];
      for (const row of rows) {
        const index = row.ord;
        if (row.reject) {
          const field = row.reject.slice(0, row.reject.indexOf(':'));
          results[index] = { index, outcome: 'rejected', id: null, reason: row.reject, field };
        } else if (row.inserted_id) {
          results[index] = { index, outcome: 'inserted', id: row.inserted_id };
        } else if (row.existing_id) {
          results[index] = { index, outcome: 'unchanged', id: row.existing_id };
        } else {
          results[index] = { index, outcome: 'inserted', id: anonymous.shift() ?? null };
        }
      }
    }
    await afterActivitiesInserted(trx, ctx.workspaceId, writtenIds(results));
    const counts = countOutcomes(results);
    if (options.audit !== false) {
      await recordAudit(trx, ctx, {
        action: 'activity.bulk_insert',
        objectType: 'activity',
        changes: { ...counts },
      });
    }
    return { counts, results };
  });
}
