import { type Kysely, sql } from 'kysely';
import type { DB, JsonObject } from '../db/schema.ts';
import { applyActivities, type ScoringActivity } from '../signals/apply-activities.ts';
import { lookupAccountByIp } from '../signals/reverse-ip/ip-index.ts';
import { contactOf, type IdentityState } from './identity-state.ts';
import type { NormalizedEvent } from './normalize-event.ts';
import { resolveGroup } from './resolve-group.ts';
import { loadAccounts, resolveAlias, resolveIdentify } from './resolve-identity.ts';

export interface IngestResult {
  /** Events newly stored. */
  stored: number;
  /** Events whose messageId was already stored (acknowledged, not stored again). */
  duplicates: number;
}

/** last_seen_at is refreshed at most this often, so hot visitors do not rewrite their row on every batch. */
const SEEN_RESOLUTION = '1 hour';

/**
 * Record the anonymous ids seen and read their contacts. The upsert locks each id's row (even when
 * nothing changes), so a concurrent identify of the same visitor commits either before this read
 * (and its contact is seen here) or after this request's activities (and its back-fill finds them).
 */
async function touchAnonymousIds(
  db: Kysely<DB>,
  state: IdentityState,
  ids: string[],
  seenAt: Date,
): Promise<void> {
  if (ids.length === 0) return;
  await sql`
    INSERT INTO anonymous_ids (workspace_id, anonymous_id, first_seen_at, last_seen_at)
    SELECT ${state.workspaceId}::uuid, a, ${seenAt}::timestamptz, ${seenAt}::timestamptz FROM unnest(${ids}::text[]) AS u(a)
    ON CONFLICT (workspace_id, anonymous_id) DO UPDATE SET last_seen_at = excluded.last_seen_at
      WHERE anonymous_ids.last_seen_at < excluded.last_seen_at - ${SEEN_RESOLUTION}::interval`.execute(db);
  const rows = await db
    .selectFrom('anonymous_ids')
    .select(['anonymous_id', 'contact_id'])
    .where('workspace_id', '=', state.workspaceId)
    .where('anonymous_id', 'in', ids)
    .where('contact_id', 'is not', null)
    .execute();
  for (const id of ids) state.anonymous.set(id, null);
  for (const row of rows) state.anonymous.set(row.anonymous_id, row.contact_id);
}

async function loadUserIds(db: Kysely<DB>, state: IdentityState, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  const rows = await db
    .selectFrom('identity_user_ids')
    .select(['user_id', 'contact_id'])
    .where('workspace_id', '=', state.workspaceId)
    .where('user_id', 'in', ids)
    .execute();
  for (const id of ids) state.users.set(id, null);
  for (const r of rows) state.users.set(r.user_id, r.contact_id);
}

/** An activity row as sent to the insert (short keys keep the JSON document small). */
interface Row {
  a: string | null;
  c: string | null;
  t: string;
  o: string;
  p: JsonObject;
  m: string;
}

/**
 * Store validated events as activities in ONE transaction: identities resolved (identify → contact,
 * group → account, alias), history attributed, anonymous visits attached by reverse IP, activities
 * inserted with one multi-row statement (a repeated messageId is skipped), and scores updated in the
 * same transaction. When this resolves, the events are durably committed.
 *
 * @example
 * await ingestEvents(db, workspaceId, [normalized]);
 */
export async function ingestEvents(
  db: Kysely<DB>,
  workspaceId: string,
  events: NormalizedEvent[],
): Promise<IngestResult> {
  const unique = new Map<string, NormalizedEvent>();
  for (const e of events) if (!unique.has(e.messageId)) unique.set(e.messageId, e);
  const list = [...unique.values()];
  if (list.length === 0) return { stored: 0, duplicates: events.length };
  const seenAt = new Date();

  return db.transaction().execute(async (trx) => {
    const state: IdentityState = {
      workspaceId,
      anonymous: new Map(),
      users: new Map(),
      contactAccount: new Map(),
    };
    const anonymousIds = [...new Set(list.flatMap((e) => (e.anonymousId ? [e.anonymousId] : [])))].sort();
    await touchAnonymousIds(trx, state, anonymousIds, seenAt);
    await loadUserIds(trx, state, [...new Set(list.flatMap((e) => (e.userId ? [e.userId] : [])))]);

    const groupAccounts = new Map<NormalizedEvent, string | null>();
    for (const e of list) {
      if (e.kind === 'identify') await resolveIdentify(trx, state, e);
      else if (e.kind === 'alias') await resolveAlias(trx, state, e);
    }
    await loadAccounts(
      trx,
      state,
      list.flatMap((e) => {
        const c = contactOf(state, e.userId, e.anonymousId);
        return c ? [c] : [];
      }),
    );
    for (const e of list) if (e.kind === 'group') groupAccounts.set(e, await resolveGroup(trx, state, e));

    const ipAccounts = new Map<string, { accountId: string; confidence: number } | null>();
    const rows: Row[] = [];
    for (const e of list) {
      const contactId = contactOf(state, e.userId, e.anonymousId);
      let accountId =
        groupAccounts.get(e) ?? (contactId ? (state.contactAccount.get(contactId) ?? null) : null);
      let properties = e.properties;
      if (!contactId && !accountId && e.ip) {
        if (!ipAccounts.has(e.ip)) ipAccounts.set(e.ip, await lookupAccountByIp(trx, workspaceId, e.ip));
        const guess = ipAccounts.get(e.ip);
        if (guess) {
          accountId = guess.accountId;
          properties = { ...properties, accountSource: 'ip', ipConfidence: guess.confidence };
        }
      }
      rows.push({
        a: accountId,
        c: contactId,
        t: e.type,
        o: e.occurredAt.toISOString(),
        p: properties,
        m: e.messageId,
      });
    }

    // One statement for the whole batch; PostgreSQL parses the rows from a single JSON document.
    const inserted = await sql<{ id: number; message_id: string }>`
      INSERT INTO activities (workspace_id, account_id, contact_id, type, occurred_at, properties, source, message_id)
      SELECT ${workspaceId}::uuid, u.a, u.c, u.t, u.o, u.p, 'ingest', u.m
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS u(a uuid, c uuid, t text, o timestamptz, p jsonb, m text)
      ON CONFLICT (workspace_id, message_id) WHERE message_id IS NOT NULL DO NOTHING
      RETURNING id, message_id`.execute(trx);

    const byMessage = new Map(rows.map((r) => [r.m, r]));
    const activities: ScoringActivity[] = inserted.rows.flatMap((r) => {
      const row = byMessage.get(r.message_id);
      return row
        ? [
            {
              id: r.id,
              accountId: row.a,
              contactId: row.c,
              type: row.t,
              occurredAt: new Date(row.o),
              properties: row.p,
            },
          ]
        : [];
    });
    if (activities.length > 0) await applyActivities(trx, workspaceId, activities);
    return { stored: activities.length, duplicates: events.length - activities.length };
  });
}
