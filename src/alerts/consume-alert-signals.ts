import { type Kysely, sql } from 'kysely';
import type { JsonValue } from '../db/json.ts';
import type { DB } from '../db/schema.ts';
import { currentWeekSql, topicWeekStatsSql } from '../signals/intent/surge-sql.ts';
import { type AlertCandidate, raiseAlerts } from './raise-alerts.ts';

const BATCH = 5000;
/** Rows younger than this wait for the next pass: ids are handed out before commit (as in src/plays). */
const SETTLE_MS = 2000;
/** The buying-committee roles whose engagement is worth a seller's attention. */
export const KEY_ROLES = ['decision_maker', 'budget_holder', 'champion'] as const;
/** Activities that count as a person engaging (not opens, sends, bounces or unsubscribes). */
const ENGAGING = [
  'page_view',
  'key_page',
  'form_fill',
  'email_click',
  'webinar_registered',
  'webinar_attended',
  'meeting',
  'ad_click',
];
/** Activities by which a person asks to be contacted. */
const HAND_RAISING = ['form_fill'];

interface ActivityRow {
  id: number;
  account_id: string;
  contact_id: string | null;
  type: string;
  url: string | null;
}

/**
 * Raise sales alerts from what happened since the last pass, from two cursors per workspace
 * (`alert_cursors`, claimed FOR UPDATE SKIP LOCKED so one consumer works on a workspace at a time,
 * advanced in the same transaction as the alerts it raised — nothing raised twice, nothing skipped):
 * the `signal_events` outbox (a stage change to MQA; a new buying-committee member) and the
 * activities (a form is a hand-raiser; an engaging activity by a key persona; the accounts touched
 * are tested for an intent surge this week). A first pass starts from the current end.
 */
export async function consumeAlertSignals(
  db: Kysely<DB>,
  workspaceId: string,
  options: { settleMs?: number } = {},
): Promise<{ events: number; activities: number; alerts: number }> {
  const settle = sql`make_interval(secs => ${(options.settleMs ?? SETTLE_MS) / 1000})`;
  return db.transaction().execute(async (trx) => {
    const candidates: AlertCandidate[] = [];
    const events = await withCursor(trx, workspaceId, 'signal_events', async (from) => {
      const rows = await sql<{ id: number; type: string; account_id: string | null; payload: JsonValue }>`
        SELECT id, type, account_id, payload FROM signal_events
        WHERE workspace_id = ${workspaceId} AND id > ${from} AND created_at <= now() - ${settle}
        ORDER BY id LIMIT ${BATCH}`.execute(trx);
      candidates.push(...(await fromEvents(trx, workspaceId, rows.rows)));
      return [rows.rows.at(-1)?.id ?? null, rows.rows.length];
    });
    const activities = await withCursor(trx, workspaceId, 'activities', async (from) => {
      const rows = await sql<ActivityRow>`
        SELECT id, account_id, contact_id, type, properties->>'url' AS url FROM activities
        WHERE workspace_id = ${workspaceId} AND id > ${from} AND created_at <= now() - ${settle}
          AND account_id IS NOT NULL
        ORDER BY id LIMIT ${BATCH}`.execute(trx);
      candidates.push(...(await fromActivities(trx, workspaceId, rows.rows)));
      return [rows.rows.at(-1)?.id ?? null, rows.rows.length];
    });
    const alerts = await raiseAlerts(trx, workspaceId, candidates);
    return { events, activities, alerts };
  });
}

async function withCursor(
  db: Kysely<DB>,
  workspaceId: string,
  source: 'signal_events' | 'activities',
  consume: (from: number) => Promise<[number | null, number]>,
): Promise<number> {
  const table = source === 'signal_events' ? sql`signal_events` : sql`activities`;
  await sql`
    INSERT INTO alert_cursors (workspace_id, source, position)
    SELECT ${workspaceId}, ${source}, coalesce((SELECT max(id) FROM ${table} WHERE workspace_id = ${workspaceId}), 0)
    ON CONFLICT DO NOTHING`.execute(db);
  const cursor = await sql<{ position: string | number }>`
    SELECT position FROM alert_cursors WHERE workspace_id = ${workspaceId} AND source = ${source}
    FOR UPDATE SKIP LOCKED`.execute(db);
  const row = cursor.rows[0];
  if (row === undefined) return 0;
  const [last, count] = await consume(Number(row.position));
  if (last === null) return 0;
  await sql`UPDATE alert_cursors SET position = ${last}, updated_at = now()
    WHERE workspace_id = ${workspaceId} AND source = ${source}`.execute(db);
  return count;
}

function field(payload: JsonValue, name: string): string | null {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) return null;
  const value = payload[name];
  return typeof value === 'string' ? value : null;
}

async function fromEvents(
  db: Kysely<DB>,
  ws: string,
  rows: { id: number; type: string; account_id: string | null; payload: JsonValue }[],
): Promise<AlertCandidate[]> {
  const out: AlertCandidate[] = [];
  const members = rows.flatMap((e) => {
    const contactId = field(e.payload, 'contactId');
    const personaId = field(e.payload, 'personaId');
    return e.type === 'committee_member_added' && e.account_id && contactId && personaId
      ? [{ id: e.id, accountId: e.account_id, contactId, personaId }]
      : [];
  });
  const people = await describePeople(
    db,
    ws,
    members.map((m) => m.contactId),
  );
  const personas = await personaNames(
    db,
    ws,
    members.map((m) => m.personaId),
  );
  for (const e of rows) {
    if (!e.account_id) continue;
    if (e.type === 'stage_changed' && field(e.payload, 'to') === 'mqa') {
      const from = field(e.payload, 'from');
      out.push({
        kind: 'mqa',
        accountId: e.account_id,
        contactId: null,
        title: 'Reached MQA',
        reason: `The account moved to MQA${from ? ` from ${from}` : ''} (${field(e.payload, 'reason') ?? 'stage rules'}).`,
        source: `signal_events:${e.id}`,
      });
    }
  }
  for (const m of members) {
    const persona = personas.get(m.personaId);
    out.push({
      kind: 'committee_member',
      accountId: m.accountId,
      contactId: m.contactId,
      title: 'New buying-committee member',
      reason: `${people.get(m.contactId) ?? 'A person'} joined the buying committee as ${persona?.name ?? 'a persona'}${persona ? ` (${persona.role.replace('_', ' ')})` : ''}.`,
      source: `signal_events:${m.id}`,
    });
  }
  return out;
}

async function fromActivities(db: Kysely<DB>, ws: string, rows: ActivityRow[]): Promise<AlertCandidate[]> {
  if (rows.length === 0) return [];
  const out: AlertCandidate[] = [];
  const contactIds = [...new Set(rows.flatMap((r) => (r.contact_id ? [r.contact_id] : [])))];
  const people = await describePeople(db, ws, contactIds);
  for (const r of rows) {
    if (r.contact_id && HAND_RAISING.includes(r.type)) {
      out.push({
        kind: 'hand_raiser',
        accountId: r.account_id,
        contactId: r.contact_id,
        title: 'Hand-raiser',
        reason: `${people.get(r.contact_id) ?? 'A person'} filled in a form${r.url ? ` on ${r.url}` : ''}.`,
        source: `activities:${r.id}`,
      });
    }
  }
  const keyPeople =
    contactIds.length === 0
      ? []
      : await db
          .selectFrom('contact_personas as cp')
          .innerJoin('personas as p', (j) =>
            j.onRef('p.workspace_id', '=', 'cp.workspace_id').onRef('p.id', '=', 'cp.persona_id'),
          )
          .select(['cp.contact_id', 'p.name', 'p.committee_role'])
          .where('cp.workspace_id', '=', ws)
          .where('cp.contact_id', 'in', contactIds)
          .where('p.committee_role', 'in', [...KEY_ROLES])
          .execute();
  const keyPersona = new Map(keyPeople.map((k) => [k.contact_id, k]));
  for (const r of rows) {
    const persona = r.contact_id ? keyPersona.get(r.contact_id) : undefined;
    if (!persona || !r.contact_id || !ENGAGING.includes(r.type)) continue;
    out.push({
      kind: 'key_persona',
      accountId: r.account_id,
      contactId: r.contact_id,
      title: 'Key persona engaged',
      reason: `${people.get(r.contact_id) ?? 'A person'}, ${persona.name} (${persona.committee_role.replace('_', ' ')}), engaged: ${r.type.replace('_', ' ')}${r.url ? ` ${r.url}` : ''}.`,
      source: `activities:${r.id}`,
    });
  }
  const accountIds = [...new Set(rows.map((r) => r.account_id))];
  const surges = await sql<{
    account_id: string;
    topic: string;
    events: number;
    baseline_events: number;
    third_party_score: number | null;
  }>`
    SELECT s.account_id, t.name AS topic, s.events, s.baseline_events, s.third_party_score
    FROM (${topicWeekStatsSql({ workspaceId: ws, week: currentWeekSql(), account: sql`ANY(${accountIds}::uuid[])` })}) s
    JOIN intent_topics t ON t.workspace_id = ${ws} AND t.id = s.topic_id
    WHERE s.surging ORDER BY s.account_id, s.events DESC`.execute(db);
  const lastActivity = new Map(rows.map((r) => [r.account_id, r.id]));
  for (const s of surges.rows) {
    out.push({
      kind: 'surge',
      accountId: s.account_id,
      contactId: null,
      title: `Surging on ${s.topic}`,
      reason:
        s.third_party_score !== null && s.events < 3
          ? `Third-party intent score ${s.third_party_score} on "${s.topic}" this week.`
          : `${s.events} "${s.topic}" events this week against ${s.baseline_events} in the 4 weeks before.`,
      source: `activities:${lastActivity.get(s.account_id) ?? 0}`,
    });
  }
  return out;
}

async function describePeople(
  db: Kysely<DB>,
  ws: string,
  ids: readonly string[],
): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('contacts')
    .select(['id', 'first_name', 'last_name', 'title', 'email'])
    .where('workspace_id', '=', ws)
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(
    rows.map((c) => {
      const name = [c.first_name, c.last_name].filter(Boolean).join(' ') || c.email || 'A person';
      return [c.id, c.title ? `${name} (${c.title})` : name];
    }),
  );
}

async function personaNames(
  db: Kysely<DB>,
  ws: string,
  ids: readonly string[],
): Promise<Map<string, { name: string; role: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('personas')
    .select(['id', 'name', 'committee_role'])
    .where('workspace_id', '=', ws)
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((p) => [p.id, { name: p.name, role: p.committee_role }]));
}
