import { type Kysely, sql } from 'kysely';
import type { JsonObject } from '../db/json.ts';
import type { DB } from '../db/schema.ts';
import type { Person } from './find-person.ts';
import { containsPattern, type Mentions } from './redact.ts';

/**
 * Ids of the activities about a person, oldest id first: their contact's, the not-yet-attributed
 * history of their anonymous and user ids, and any activity whose properties carry their e-mail or
 * full name. The last needs a pass over the workspace's activities (a text search of properties);
 * the others are index lookups.
 */
export async function personActivityIds(
  db: Kysely<DB>,
  workspaceId: string,
  person: Person,
): Promise<number[]> {
  const ws = workspaceId;
  const patterns = [...person.emails, ...person.fullNames].map(containsPattern);
  const rows = await sql<{ id: number }>`
    SELECT id FROM activities WHERE workspace_id = ${ws} AND contact_id = ${person.contact?.id ?? null}::uuid
    UNION SELECT id FROM activities WHERE workspace_id = ${ws} AND contact_id IS NULL
      AND properties ? 'anonymousId' AND properties->>'anonymousId' = ANY (${person.anonymousIds}::text[])
    UNION SELECT id FROM activities WHERE workspace_id = ${ws} AND contact_id IS NULL
      AND properties ? 'userId' AND properties->>'userId' = ANY (${person.userIds}::text[])
    UNION SELECT id FROM activities WHERE workspace_id = ${ws}
      AND properties::text ILIKE ANY (${patterns}::text[])
    ORDER BY id`.execute(db);
  return rows.rows.map((r) => r.id);
}

/**
 * Whether a found activity is really about the person (the text search above is a prefilter): their
 * contact's, their ids' history, or properties that mention them (bounded, see mentionRegex).
 */
export function isAboutPerson(
  row: { contact_id: string | null; properties: JsonObject },
  person: Person,
  mentions: Mentions,
): boolean {
  if (person.contact && row.contact_id === person.contact.id) return true;
  const { anonymousId, userId } = row.properties;
  if (row.contact_id === null) {
    if (typeof anonymousId === 'string' && person.anonymousIds.includes(anonymousId)) return true;
    if (typeof userId === 'string' && person.userIds.includes(userId)) return true;
  }
  return mentions.test(JSON.stringify(row.properties));
}
