import { type Kysely, sql } from 'kysely';
import { storeActivities } from '../activities/store-activities.ts';
import type { JsonObject } from '../db/json.ts';
import { plannedWorkspace } from '../db/planned-workspace.ts';
import type { DB } from '../db/schema.ts';
import { afterAccountsWritten, afterContactsWritten } from '../pipeline/refresh-derived.ts';
import { copyJsonFields } from '../records/json-value.ts';
import { readScoringActivities } from '../signals/apply-activities.ts';
import { retractScores, settleRetractedAccounts } from '../signals/retract-scores.ts';
import { lookupAccountByIp } from '../signals/reverse-ip/ip-index.ts';
import { contactOf, type IdentityState } from './identity-state.ts';
import type { InboundEvent } from './inbound-payload.ts';
import { MovedHistory } from './moved-history.ts';
import { resolveGroup } from './resolve-group.ts';
import { loadAccounts, resolveAlias, resolveIdentify } from './resolve-identity.ts';

export interface ProcessResult {
  /** Events newly stored as activities. */
  stored: number;
  /** Events whose messageId was already stored (or repeated in the batch): not stored again. */
  duplicates: number;
  /** Stored activities re-attributed by identify/alias/group and re-scored. */
  reattributed: number;
}

/** last_seen_at is refreshed at most this often, so hot visitors do not rewrite their row on every batch. */
const SEEN_RESOLUTION = '1 hour';

/**
 * Record the anonymous ids seen (new ones inserted, last_seen_at of known ones refreshed at most
 * hourly) and read their contacts — one statement that locks only the rows it changes. The batch's
 * processor is the only writer of the workspace's identities, so nothing changes in between.
 *
 * Each id is looked up by its own primary-key probe, whatever the statistics say about the
 * workspace (plannedWorkspace; the LATERAL … LIMIT 1 keeps it a probe per id), and new and stale
 * ids are written by one INSERT … ON CONFLICT DO UPDATE, whose conflicts are found through the
 * primary key whatever the plan: a join back to the table once became a scan of the workspace per
 * id, and an update by address became a scan of the table when its statistics counted its pages
 * but few of its rows.
 */
async function touchAnonymousIds(
  db: Kysely<DB>,
  state: IdentityState,
  ids: string[],
  seenAt: Date,
): Promise<void> {
  if (ids.length === 0) return;
  const ws = state.workspaceId;
  const rows = await sql<{ anonymous_id: string; contact_id: string | null }>`
    WITH known AS MATERIALIZED (
      SELECT u.a AS anonymous_id, t.contact_id, t.last_seen_at
      FROM unnest(${ids}::text[]) AS u(a)
      CROSS JOIN LATERAL (
        SELECT contact_id, last_seen_at FROM anonymous_ids
        WHERE workspace_id = ${plannedWorkspace(ws)} AND anonymous_id = u.a LIMIT 1
      ) t
    ), seen AS (
      INSERT INTO anonymous_ids AS t (workspace_id, anonymous_id, first_seen_at, last_seen_at)
      SELECT ${ws}::uuid, u.a, ${seenAt}::timestamptz, ${seenAt}::timestamptz FROM unnest(${ids}::text[]) AS u(a)
      WHERE NOT EXISTS (
        SELECT 1 FROM known k
        WHERE k.anonymous_id = u.a AND k.last_seen_at >= ${seenAt}::timestamptz - ${SEEN_RESOLUTION}::interval
      )
      ON CONFLICT (workspace_id, anonymous_id) DO UPDATE SET last_seen_at = excluded.last_seen_at
      WHERE t.last_seen_at < excluded.last_seen_at - ${SEEN_RESOLUTION}::interval
    )
    SELECT anonymous_id, contact_id FROM known WHERE contact_id IS NOT NULL`.execute(db);
  for (const id of ids) state.anonymous.set(id, null);
  for (const row of rows.rows) state.anonymous.set(row.anonymous_id, row.contact_id);
}

/** The contacts of these Segment user ids (one primary-key probe each, as in touchAnonymousIds). */
async function loadUserIds(db: Kysely<DB>, state: IdentityState, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  const rows = await sql<{ user_id: string; contact_id: string }>`
    SELECT u.id AS user_id, t.contact_id
    FROM unnest(${ids}::text[]) AS u(id)
    CROSS JOIN LATERAL (
      SELECT contact_id FROM identity_user_ids
      WHERE workspace_id = ${plannedWorkspace(state.workspaceId)} AND user_id = u.id LIMIT 1
    ) t`.execute(db);
  for (const id of ids) state.users.set(id, null);
  for (const r of rows.rows) state.users.set(r.user_id, r.contact_id);
}

/** Properties as stored: an IP-guessed account says so, with the range's confidence. */
function storedProperties(properties: JsonObject, ipConfidence: number | null): JsonObject {
  if (ipConfidence === null) return properties;
  const out: JsonObject = {};
  copyJsonFields(out, properties);
  out.accountSource = 'ip';
  out.ipConfidence = ipConfidence;
  return out;
}

/**
 * Turn a batch of accepted events (oldest first) into activities inside the caller's transaction,
 * in stream order, so the outcome does not depend on how events were batched: identities resolved
 * (identify → contact, group → account, alias), earlier history re-attributed, anonymous visits
 * attached by reverse IP, activities inserted with one multi-row statement (a
 * messageId already stored, or repeated in the batch, is skipped), then every new and re-attributed
 * activity scored with one applyActivities call — re-attributed ones after their previous
 * contribution was retracted, so scores equal a full recompute.
 *
 * @example
 * await db.transaction().execute((trx) => processEvents(trx, workspaceId, events));
 */
export async function processEvents(
  db: Kysely<DB>,
  workspaceId: string,
  events: readonly InboundEvent[],
): Promise<ProcessResult> {
  const unique = new Map<string, InboundEvent>();
  for (const e of events) if (!unique.has(e.messageId)) unique.set(e.messageId, e);
  const list = [...unique.values()];
  if (list.length === 0) return { stored: 0, duplicates: events.length, reattributed: 0 };
  const seenAt = new Date();
  const state: IdentityState = {
    workspaceId,
    anonymous: new Map(),
    users: new Map(),
    contactAccount: new Map(),
    moved: new MovedHistory(),
    pending: [],
    contacts: new Set(),
    accounts: new Set(),
  };
  const anonymousIds = [...new Set(list.flatMap((e) => (e.anonymousId ? [e.anonymousId] : [])))].sort();
  await touchAnonymousIds(db, state, anonymousIds, seenAt);
  await loadUserIds(db, state, [...new Set(list.flatMap((e) => (e.userId ? [e.userId] : [])))]);
  const known = [...state.anonymous.values(), ...state.users.values()];
  await loadAccounts(
    db,
    state,
    known.flatMap((c) => (c ? [c] : [])),
  );

  // In stream order: each event is attributed as things stand at its place; identify/alias/group
  // first change the identities (and re-attribute earlier stored and pending activities).
  const ipAccounts = new Map<string, { accountId: string; confidence: number } | null>();
  for (const e of list) {
    let groupAccount: string | null = null;
    if (e.kind === 'identify') await resolveIdentify(db, state, e);
    else if (e.kind === 'alias') await resolveAlias(db, state, e);
    else if (e.kind === 'group') groupAccount = await resolveGroup(db, state, e);
    const contactId = contactOf(state, e.userId, e.anonymousId);
    if (contactId) await loadAccounts(db, state, [contactId]);
    let accountId = groupAccount ?? (contactId ? (state.contactAccount.get(contactId) ?? null) : null);
    let ipConfidence: number | null = null;
    if (!contactId && !accountId && e.ip) {
      let guess = ipAccounts.get(e.ip);
      if (guess === undefined) {
        guess = await lookupAccountByIp(db, workspaceId, e.ip);
        ipAccounts.set(e.ip, guess);
      }
      if (guess) {
        accountId = guess.accountId;
        ipConfidence = guess.confidence;
      }
    }
    state.pending.push({
      properties: e.properties,
      messageId: e.messageId,
      type: e.type,
      occurredAt: e.occurredAt,
      contactId,
      accountId,
      ipConfidence,
      anonymousId: e.anonymousId,
      userId: e.userId,
    });
  }
  // Re-attributed history: take out what it was scored as, before anything is added.
  const retracted = await retractScores(db, workspaceId, state.moved.scored());
  // Accounts group created and contacts identify or group wrote get what follows any write of them
  // (fit and stage; matching, function, seniority and personas), before the batch is scored per persona.
  await afterAccountsWritten(db, workspaceId, [...state.accounts]);
  await afterContactsWritten(db, workspaceId, [...state.contacts]);
  // The moved activities as they are stored now (after every move of the batch), scored again
  // with the batch's new ones.
  const moved = await readScoringActivities(db, workspaceId, state.moved.ids());
  const stored = await storeActivities(
    db,
    workspaceId,
    state.pending.map((r) => ({
      accountId: r.accountId,
      contactId: r.contactId,
      type: r.type,
      occurredAt: r.occurredAt,
      properties: storedProperties(r.properties, r.ipConfidence),
      source: 'ingest',
      messageId: r.messageId,
    })),
    { rescore: moved },
  );
  const count = stored.filter((s) => s !== null).length;
  await settleRetractedAccounts(db, workspaceId, retracted);
  return {
    stored: count,
    duplicates: events.length - count,
    reattributed: moved.length,
  };
}
