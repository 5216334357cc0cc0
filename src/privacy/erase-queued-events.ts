import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { isRecord } from '../records/json-value.ts';
import type { Person } from './find-person.ts';
import { containsPattern, type Mentions } from './redact.ts';

/** LIKE patterns for queued JSON that may hold the person: mentions, and their ids as JSON strings. */
function queuePatterns(person: Person): string[] {
  const ids = [...person.anonymousIds, ...person.userIds].map((id) => containsPattern(JSON.stringify(id)));
  return [...person.emails, ...person.fullNames].map(containsPattern).concat(ids);
}

/** Whether a queued event is the person's: their ids, or a mention anywhere in it. */
function isPersons(event: unknown, person: Person, mentions: Mentions): boolean {
  if (!isRecord(event)) return false;
  const { userId, anonymousId } = event;
  if (typeof userId === 'string' && person.userIds.includes(userId)) return true;
  if (typeof anonymousId === 'string' && person.anonymousIds.includes(anonymousId)) return true;
  return mentions.test(JSON.stringify(event));
}

/**
 * Drop the person's events that wait in the inbound queue (requests not processed yet) and their
 * dead letters (inbound_failures). Other events of the same request stay queued; a request left
 * with none is deleted. The caller holds the workspace's inbound lock, so no processor takes these
 * rows meanwhile.
 *
 * @returns events dropped from the queue, and dead letters deleted
 */
export async function eraseQueuedEvents(
  db: Kysely<DB>,
  workspaceId: string,
  person: Person,
  mentions: Mentions,
): Promise<{ queued: number; failures: number }> {
  const patterns = queuePatterns(person);
  if (patterns.length === 0) return { queued: 0, failures: 0 };
  const rows = await sql<{ id: number; payload: string }>`
    SELECT id, payload FROM inbound_batches
    WHERE workspace_id = ${workspaceId} AND payload ILIKE ANY (${patterns}::text[])
    FOR UPDATE`.execute(db);
  let queued = 0;
  for (const row of rows.rows) {
    const parsed: unknown = JSON.parse(row.payload);
    if (!Array.isArray(parsed)) continue;
    const kept = parsed.filter((e) => !isPersons(e, person, mentions));
    if (kept.length === parsed.length) continue;
    queued += parsed.length - kept.length;
    if (kept.length === 0) {
      await db
        .deleteFrom('inbound_batches')
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', row.id)
        .execute();
    } else {
      await db
        .updateTable('inbound_batches')
        .set({ payload: JSON.stringify(kept), events: kept.length })
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', row.id)
        .execute();
    }
  }
  const failures = await sql`
    DELETE FROM inbound_failures
    WHERE workspace_id = ${workspaceId} AND (payload::text ILIKE ANY (${patterns}::text[])
      OR payload->>'userId' = ANY (${person.userIds}::text[])
      OR payload->>'anonymousId' = ANY (${person.anonymousIds}::text[]))`.execute(db);
  return { queued, failures: Number(failures.numAffectedRows ?? 0) };
}
