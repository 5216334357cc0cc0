import { type Kysely, sql } from 'kysely';
import type { JsonObject } from '../db/json.ts';
import type { DB } from '../db/schema.ts';
import { applyActivities, readScoringActivities } from '../signals/apply-activities.ts';
import { retractScores, settleRetractedAccounts } from '../signals/retract-scores.ts';
import type { Person } from './find-person.ts';
import { isAboutPerson, personActivityIds } from './person-activities.ts';
import { type Mentions, redactJson, scrubProperties } from './redact.ts';

interface Row {
  id: number;
  contact_id: string | null;
  account_id: string | null;
  scored_account: string | null;
  properties: JsonObject;
}

/**
 * Turn a person's activities into anonymous ones: the contact's activities, the visitor history
 * of their anonymous and user ids, and any activity whose properties carry their e-mail or full name.
 * Their own activities lose the contact and every personal property (traits, e-mail, name, phone,
 * IP, user agent, ids) but keep type, time and account — the account they were scored for, so the
 * account keeps the activity — while activities of other contacts that mention them only have the
 * mentions replaced (their first or last name alone only in their own). Each changed activity's contribution is retracted with its old attribution and
 * applied again as it is now (the same exact retraction identify uses), so the stored scores equal a
 * full recompute. The person's own weight changes only through the seniority multiplier: without a
 * contact an activity weighs as an unknown visitor's (`other`).
 *
 * @returns how many activities changed
 */
export async function eraseActivities(
  db: Kysely<DB>,
  workspaceId: string,
  person: Person,
  mentions: { words: Mentions; loose: Mentions },
): Promise<number> {
  const ws = workspaceId;
  const contactId = person.contact?.id ?? null;
  const ids = await personActivityIds(db, ws, person);
  const found = await sql<Row>`
    SELECT a.id, a.contact_id, a.account_id, coalesce(a.account_id, c.account_id) AS scored_account, a.properties
    FROM unnest(${ids}::bigint[]) AS k(id)
    JOIN activities a ON a.workspace_id = ${ws} AND a.id = k.id
    LEFT JOIN contacts c ON c.workspace_id = a.workspace_id AND c.id = a.contact_id
    ORDER BY a.id`.execute(db);
  const changes: { id: number; c: string | null; a: string | null; p: JsonObject }[] = [];
  const moved: { id: number; before: { contactId: string | null; accountId: string | null } }[] = [];
  for (const row of found.rows) {
    if (!isAboutPerson(row, person, mentions.loose)) continue;
    const own = row.contact_id === null || row.contact_id === contactId;
    let properties: JsonObject;
    if (own) {
      properties = scrubProperties(row.properties, mentions.words);
    } else {
      const { value, changed } = redactJson(row.properties, mentions.loose);
      if (!changed || value === null || typeof value !== 'object' || Array.isArray(value)) continue;
      properties = value;
    }
    changes.push({
      id: row.id,
      c: own ? null : row.contact_id,
      a: own ? row.scored_account : row.account_id,
      p: properties,
    });
    if (row.contact_id || row.scored_account) {
      moved.push({ id: row.id, before: { contactId: row.contact_id, accountId: row.scored_account } });
    }
  }
  if (changes.length === 0) return 0;
  const retracted = await retractScores(db, ws, moved);
  await sql`
    UPDATE activities a SET contact_id = r.c, account_id = r.a, properties = r.p
    FROM jsonb_to_recordset(${JSON.stringify(changes)}::jsonb) AS r(id bigint, c uuid, a uuid, p jsonb)
    WHERE a.workspace_id = ${ws} AND a.id = r.id`.execute(db);
  const rescored = await readScoringActivities(
    db,
    ws,
    moved.map((m) => m.id),
  );
  await applyActivities(db, ws, rescored);
  await settleRetractedAccounts(db, ws, retracted);
  return changes.length;
}
