import { type Kysely, sql } from 'kysely';
import type { JsonObject } from '../db/json.ts';
import type { DB } from '../db/schema.ts';
import { afterActivitiesStored } from '../pipeline/refresh-derived.ts';
import type { ScoringActivity } from '../signals/apply-activities.ts';

/** An activity ready to store: its references already resolved and checked by the caller. */
export interface ActivityRow {
  accountId: string | null;
  contactId: string | null;
  type: string;
  occurredAt: Date | string;
  properties: JsonObject;
  /** Where it came from: `api`, `import`, `ingest`, `email`, `demo`… */
  source: string;
  /** Idempotency key: a row whose messageId is already stored (or repeated earlier here) is skipped. */
  messageId: string | null;
  /** When it was recorded (defaults to now; the demo backdates its history). */
  createdAt?: Date | string;
}

export interface StoreActivitiesOptions {
  /**
   * `now` (default): the derived data follows in the same transaction (afterActivitiesStored).
   * `workspace`: a bulk load whose caller derives the whole workspace afterwards (the demo).
   */
  derive?: 'now' | 'workspace';
  /**
   * Stored activities the caller moved to another contact or account (their old contribution already
   * retracted): scored again together with the new ones.
   */
  rescore?: readonly ScoringActivity[];
}

/**
 * The one writer of the activities table: one multi-row INSERT (columns sent as arrays, the
 * properties as one text of JSON objects, one a line, parsed once straight into jsonb), skipping
 * a messageId already stored, then the derived data (scores, intent, stages) through the pipeline.
 *
 * @returns per input row, the stored activity, or null when its messageId was a duplicate
 *
 * @example
 * const stored = await storeActivities(trx, workspaceId, [
 *   { accountId, contactId, type: 'email_open', occurredAt: new Date(), properties: {}, source: 'email', messageId: null },
 * ]);
 */
export async function storeActivities(
  db: Kysely<DB>,
  workspaceId: string,
  rows: readonly ActivityRow[],
  options: StoreActivitiesOptions = {},
): Promise<(ScoringActivity | null)[]> {
  const stored: (ScoringActivity | null)[] = new Array(rows.length).fill(null);
  if (rows.length > 0) {
    const at = (value: Date | string) => (typeof value === 'string' ? value : value.toISOString());
    // JSON.stringify never writes a raw line break, so splitting on them gives the objects back.
    const inserted = await sql<{ id: number; message_id: string | null; ctid: string }>`
      INSERT INTO activities
        (workspace_id, account_id, contact_id, type, occurred_at, properties, source, message_id, created_at)
      SELECT ${workspaceId}::uuid, u.a, u.c, u.t, u.o, u.p::jsonb, u.s, u.m, coalesce(u.r, now())
      FROM unnest(
        ${rows.map((r) => r.accountId)}::uuid[],
        ${rows.map((r) => r.contactId)}::uuid[],
        ${rows.map((r) => r.type)}::text[],
        ${rows.map((r) => at(r.occurredAt))}::timestamptz[],
        string_to_array(${rows.map((r) => JSON.stringify(r.properties)).join('\n')}, chr(10)),
        ${rows.map((r) => r.source)}::text[],
        ${rows.map((r) => r.messageId)}::text[],
        ${rows.map((r) => (r.createdAt === undefined ? null : at(r.createdAt)))}::timestamptz[]
      ) WITH ORDINALITY AS u(a, c, t, o, p, s, m, r, n)
      ORDER BY u.n
      ON CONFLICT (workspace_id, message_id) WHERE message_id IS NOT NULL DO NOTHING
      RETURNING id, message_id, ctid::text AS ctid`.execute(db);
    // Rows with a messageId are found by it (the first of a repeated one wins); the others were
    // inserted in input order, so their ids ascend in it.
    const byMessage = new Map<string, { id: number; ctid: string }>();
    const anonymous: { id: number; ctid: string }[] = [];
    for (const r of inserted.rows) {
      if (r.message_id === null) anonymous.push({ id: Number(r.id), ctid: r.ctid });
      else byMessage.set(r.message_id, { id: Number(r.id), ctid: r.ctid });
    }
    anonymous.sort((a, b) => a.id - b.id);
    let next = 0;
    rows.forEach((row, index) => {
      const found = row.messageId === null ? anonymous[next++] : byMessage.get(row.messageId);
      if (!found) return;
      if (row.messageId !== null) byMessage.delete(row.messageId);
      stored[index] = { id: found.id, ctid: found.ctid, accountId: row.accountId, contactId: row.contactId };
    });
  }
  if ((options.derive ?? 'now') === 'now') {
    const scored = stored.filter((s): s is ScoringActivity => s !== null);
    await afterActivitiesStored(db, workspaceId, [...scored, ...(options.rescore ?? [])]);
  }
  return stored;
}
