import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/record-audit.ts';
import type { AuthContext } from '../auth/auth-context.ts';
import type { DB } from '../db/schema.ts';
import {
  type BulkOptions,
  countOutcomes,
  inTransaction,
  KeyClaims,
  type RecordResult,
  runRaw,
} from '../records/upsert-result.ts';
import { PROBE_WORKSPACE } from '../records/upsert-statement.ts';
import type { ActivityFields } from './activity-fields.ts';
import { type ActivityRow, storeActivities } from './store-activities.ts';

/**
 * Each record's references, one primary-key or e-mail probe per record: the contact named by id
 * (or, without one, by e-mail) with its account, and whether a named account exists.
 */
const RESOLVE = `
SELECT u.n::int AS ord, coalesce(ci.id, ce.id) AS contact_id, coalesce(ci.account_id, ce.account_id) AS contact_account,
  a.id AS account_id
FROM unnest($2::uuid[], $3::text[], $4::uuid[]) WITH ORDINALITY AS u(cid, email, aid, n)
LEFT JOIN LATERAL (SELECT id, account_id FROM contacts c WHERE c.workspace_id = ${PROBE_WORKSPACE} AND c.id = u.cid LIMIT 1) ci
  ON u.cid IS NOT NULL
LEFT JOIN LATERAL (SELECT id, account_id FROM contacts c WHERE c.workspace_id = ${PROBE_WORKSPACE} AND c.email = lower(u.email) LIMIT 1) ce
  ON u.cid IS NULL AND u.email IS NOT NULL
LEFT JOIN LATERAL (SELECT id FROM accounts x WHERE x.workspace_id = ${PROBE_WORKSPACE} AND x.id = u.aid LIMIT 1) a
  ON u.aid IS NOT NULL
ORDER BY u.n`;

interface Resolved {
  ord: number;
  contact_id: string | null;
  contact_account: string | null;
  account_id: string | null;
}

/**
 * Append many activities (bulk API and CSV import): their references resolved in one statement, then
 * stored by storeActivities with the derived data. An activity whose messageId was already stored is
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
  const accepted: { index: number; record: ActivityFields; messageId: string | null }[] = [];
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
    accepted.push({ index, record: r, messageId });
  });
  return inTransaction(db, async (trx) => {
    const ws = ctx.workspaceId;
    const resolved = await runRaw<Resolved>(trx, RESOLVE, [
      ws,
      accepted.map((a) => a.record.contactId ?? null),
      accepted.map((a) => a.record.contactEmail ?? null),
      accepted.map((a) => a.record.accountId ?? null),
    ]);
    const rows: ActivityRow[] = [];
    const stored: { index: number; messageId: string | null }[] = [];
    accepted.forEach(({ index, record, messageId }, n) => {
      const ref = resolved[n];
      const reject =
        record.contactId && !ref?.contact_id
          ? { field: 'contactId', reason: 'contactId: no such contact in this workspace' }
          : record.accountId && !ref?.account_id
            ? { field: 'accountId', reason: 'accountId: no such account in this workspace' }
            : null;
      if (reject) {
        results[index] = { index, outcome: 'rejected', id: null, ...reject };
        return;
      }
      rows.push({
        accountId: record.accountId ?? ref?.contact_account ?? null,
        contactId: ref?.contact_id ?? null,
        type: record.type,
        occurredAt: record.occurredAt,
        properties: record.properties ?? {},
        source: record.source ?? 'api',
        messageId,
      });
      stored.push({ index, messageId });
    });
    const written = await storeActivities(trx, ws, rows);
    const existing = await existingIds(
      trx,
      ws,
      stored.flatMap((s, n) => (written[n] === null && s.messageId ? [s.messageId] : [])),
    );
    stored.forEach(({ index, messageId }, n) => {
      const activity = written[n];
      if (activity) results[index] = { index, outcome: 'inserted', id: String(activity.id) };
      else
        results[index] = { index, outcome: 'unchanged', id: (messageId && existing.get(messageId)) ?? null };
    });
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

/** The ids of already stored activities by messageId. */
async function existingIds(
  db: Kysely<DB>,
  workspaceId: string,
  messageIds: readonly string[],
): Promise<Map<string, string>> {
  if (messageIds.length === 0) return new Map();
  const rows = await runRaw<{ id: string; message_id: string }>(
    db,
    'SELECT id::text AS id, message_id FROM activities WHERE workspace_id = $1 AND message_id = ANY ($2::text[])',
    [workspaceId, [...messageIds]],
  );
  return new Map(rows.map((r) => [r.message_id, r.id]));
}
