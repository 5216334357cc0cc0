import { type Kysely, sql } from 'kysely';
import type { JsonValue } from '../db/json.ts';
import type { DB } from '../db/schema.ts';
import { globsToRegex } from '../signals/glob-regex.ts';
import { enrollAccounts } from './enroll-accounts.ts';
import { loadPlayVersion } from './load-play-version.ts';
import type { PlayDefinition } from './play-definition.ts';
import { startTracks } from './start-tracks.ts';

const BATCH = 5000;
/** The cursor moves only over rows older than this: ids are handed out before commit, so a later id can commit first (younger rows are handled ahead, see readAhead). */
const SETTLE_MS = 2000;

interface ActivePlay {
  id: string;
  definition: PlayDefinition;
}

interface ActivityRow {
  id: number;
  account_id: string;
  contact_id: string | null;
  type: string;
  url: string | null;
}

/**
 * Move a workspace's plays on from what happened since the last pass, reading two cursors — never by
 * scanning accounts: the signal_events outbox (stage changes and segment entries enroll accounts in
 * plays with that entry) and the activities (an activity entry enrolls the account; a track that
 * starts on a persona's activity starts at that account — the cross-persona move; the account's
 * waiting steps are woken to re-check their condition). The cursor row is claimed with SKIP LOCKED,
 * so with several workers one consumes a workspace at a time. A first pass starts from now.
 * Returns the rows consumed.
 */
export async function consumePlayTriggers(
  db: Kysely<DB>,
  workspaceId: string,
  options: { settleMs?: number } = {},
): Promise<{ events: number; activities: number }> {
  const settle = sql`make_interval(secs => ${(options.settleMs ?? SETTLE_MS) / 1000})`;
  return db.transaction().execute(async (trx) => {
    const plays = await activePlays(trx, workspaceId);
    const events = await withCursor(trx, workspaceId, 'signal_events', async (from) => {
      const read = await sql<{
        id: number;
        type: string;
        account_id: string | null;
        payload: JsonValue;
        settled: boolean;
      }>`
        SELECT id, type, account_id, payload, created_at <= now() - ${settle} AS settled FROM signal_events
        WHERE workspace_id = ${workspaceId} AND id > ${from}
        ORDER BY id LIMIT ${BATCH}`.execute(trx);
      const { handle, last } = readAhead(`${workspaceId}:signal_events`, read.rows);
      for (const play of plays) {
        const entry = play.definition.entry;
        const accounts = handle.flatMap((e) => {
          if (!e.account_id) return [];
          const payload =
            e.payload !== null && typeof e.payload === 'object' && !Array.isArray(e.payload) ? e.payload : {};
          if (entry.type === 'stage' && e.type === 'stage_changed' && payload.to === entry.stage)
            return [e.account_id];
          if (
            entry.type === 'segment' &&
            e.type === 'segment_entered' &&
            payload.segmentId === entry.segmentId
          ) {
            return [e.account_id];
          }
          return [];
        });
        if (accounts.length > 0)
          await enrollAccounts(trx, workspaceId, play.id, accounts, `entry: ${entry.type}`);
      }
      return [last, handle.length];
    });
    const activities = await withCursor(trx, workspaceId, 'activities', async (from) => {
      const read = await sql<ActivityRow & { settled: boolean }>`
        SELECT id, account_id, contact_id, type, properties->>'url' AS url, created_at <= now() - ${settle} AS settled
        FROM activities
        WHERE workspace_id = ${workspaceId} AND id > ${from} AND account_id IS NOT NULL
        ORDER BY id LIMIT ${BATCH}`.execute(trx);
      const { handle, last } = readAhead(`${workspaceId}:activities`, read.rows);
      if (handle.length > 0 && plays.length > 0) await onActivities(trx, workspaceId, plays, handle);
      return [last, handle.length];
    });
    return { events, activities };
  });
}

/** Per workspace and consumer: ids of rows handled before they settled (this process only). */
const handledAhead = new Map<string, Set<number>>();

/**
 * Rows younger than the settle time are handled at once (so a trigger starts its step within a
 * worker pass, not after the settle time), but the cursor only moves over settled rows: a row whose
 * id was handed out earlier and that commits late is still read. A row handled ahead is not handled
 * again once it settles (in this process; another worker may handle it again, which is harmless:
 * enrolling and starting tracks are idempotent — one open run per play and account, one step per
 * run, track, step and person). Returns the rows to handle and the last settled id.
 */
function readAhead<R extends { id: number; settled: boolean }>(
  consumer: string,
  rows: readonly R[],
): { handle: R[]; last: number | null } {
  const ahead = handledAhead.get(consumer) ?? new Set<number>();
  const handle = rows.filter((r) => !ahead.has(Number(r.id)));
  let last: number | null = null;
  for (const r of rows) if (r.settled) last = Number(r.id);
  for (const r of rows) if (!r.settled) ahead.add(Number(r.id));
  if (last !== null) for (const id of ahead) if (id <= last) ahead.delete(id);
  if (ahead.size > 100_000) ahead.clear();
  if (ahead.size > 0) handledAhead.set(consumer, ahead);
  else handledAhead.delete(consumer);
  return { handle, last };
}

async function activePlays(db: Kysely<DB>, workspaceId: string): Promise<ActivePlay[]> {
  const rows = await db
    .selectFrom('plays')
    .select(['id', 'version'])
    .where('workspace_id', '=', workspaceId)
    .where('status', '=', 'active')
    .execute();
  return Promise.all(
    rows.map(async (p) => ({
      id: p.id,
      definition: await loadPlayVersion(db, workspaceId, p.id, p.version),
    })),
  );
}

/**
 * Run `consume` from the consumer's position and store where it got to. Returns the rows consumed
 * (0 when another worker holds the cursor). A new cursor starts at the table's current end.
 */
async function withCursor(
  db: Kysely<DB>,
  workspaceId: string,
  consumer: 'signal_events' | 'activities',
  consume: (from: number) => Promise<[number | null, number]>,
): Promise<number> {
  const table = consumer === 'signal_events' ? sql`signal_events` : sql`activities`;
  await sql`
    INSERT INTO play_cursors (workspace_id, consumer, position)
    SELECT ${workspaceId}, ${consumer}, coalesce((SELECT max(id) FROM ${table} WHERE workspace_id = ${workspaceId}), 0)
    ON CONFLICT DO NOTHING`.execute(db);
  const cursor = await sql<{ position: number }>`
    SELECT position FROM play_cursors WHERE workspace_id = ${workspaceId} AND consumer = ${consumer}
    FOR UPDATE SKIP LOCKED`.execute(db);
  const from = cursor.rows[0]?.position;
  if (from === undefined) return 0;
  const [last, count] = await consume(from);
  if (last === null) return 0;
  await sql`UPDATE play_cursors SET position = ${last}, updated_at = now()
    WHERE workspace_id = ${workspaceId} AND consumer = ${consumer}`.execute(db);
  return count;
}

function matches(
  rule: { activityType: string; personaId?: string | undefined; urlPattern?: string | undefined },
  a: ActivityRow,
  personas: Map<string, Set<string>>,
): boolean {
  if (rule.activityType !== a.type) return false;
  if (rule.personaId && !(a.contact_id && personas.get(a.contact_id)?.has(rule.personaId))) return false;
  if (rule.urlPattern) {
    const regex = globsToRegex([rule.urlPattern]);
    if (regex && !new RegExp(regex, 'i').test(a.url ?? '')) return false;
  }
  return true;
}

async function onActivities(
  db: Kysely<DB>,
  workspaceId: string,
  plays: ActivePlay[],
  rows: ActivityRow[],
): Promise<void> {
  const contactIds = [...new Set(rows.flatMap((r) => (r.contact_id ? [r.contact_id] : [])))];
  const personas = new Map<string, Set<string>>();
  if (contactIds.length > 0) {
    const memberships = await db
      .selectFrom('contact_personas')
      .select(['contact_id', 'persona_id'])
      .where('workspace_id', '=', workspaceId)
      .where('contact_id', 'in', contactIds)
      .execute();
    for (const m of memberships) {
      const set = personas.get(m.contact_id) ?? new Set<string>();
      set.add(m.persona_id);
      personas.set(m.contact_id, set);
    }
  }
  const accountIds = [...new Set(rows.map((r) => r.account_id))];
  for (const play of plays) {
    const entry = play.definition.entry;
    if (entry.type === 'activity') {
      const entering = [...new Set(rows.filter((r) => matches(entry, r, personas)).map((r) => r.account_id))];
      if (entering.length > 0) await enrollAccounts(db, workspaceId, play.id, entering, 'entry: activity');
    }
  }
  const runs = await db
    .selectFrom('play_runs')
    .select(['id', 'play_id', 'version', 'account_id'])
    .where('workspace_id', '=', workspaceId)
    .where('account_id', 'in', accountIds)
    .where('status', '=', 'active')
    .execute();
  if (runs.length === 0) return;
  for (const run of runs) {
    const definition = await loadPlayVersion(db, workspaceId, run.play_id, run.version);
    const here = rows.filter((r) => r.account_id === run.account_id);
    for (const track of definition.tracks) {
      const start = track.start;
      if (start.on === 'activity' && here.some((r) => matches(start, r, personas))) {
        await startTracks(db, workspaceId, track, [run.id]);
      }
    }
  }
  // Waits for a condition at these accounts re-check now rather than at their next hourly look.
  await sql`UPDATE play_steps SET due_at = now()
    WHERE workspace_id = ${workspaceId} AND waiting AND status = 'due' AND due_at > now()
      AND run_id = ANY (${runs.map((r) => r.id)}::uuid[])`.execute(db);
}
