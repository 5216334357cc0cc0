import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import { type ActivityOut, ActivityOutSchema, toActivityOut } from '../activities/activity-output.ts';
import { ContactOutSchema, toContactOut } from '../contacts/contact-output.ts';
import type { JsonObject } from '../db/json.ts';
import type { Activity, DB } from '../db/schema.ts';
import { leadKeys } from '../matching/contact-matching.ts';
import { suppressedValues } from '../records/suppression.ts';
import { findPerson, type PersonTarget } from './find-person.ts';
import { isAboutPerson, personActivityIds } from './person-activities.ts';
import { personMentions } from './redact.ts';
import { mentionPatterns } from './redact-records.ts';

/** Everything the workspace holds about one person (GDPR Art. 15), as JSON. */
export const PersonExportSchema = z.object({
  exportedAt: z.date(),
  /** The e-mail addresses the export was made for (the contact's and the one asked about). */
  emails: z.array(z.string()),
  /** True when the e-mail is on the suppression list (the person was erased). */
  suppressed: z.boolean(),
  contact: ContactOutSchema.nullable(),
  identities: z.object({
    anonymousIds: z.array(z.object({ anonymousId: z.string(), firstSeenAt: z.date(), lastSeenAt: z.date() })),
    userIds: z.array(z.object({ userId: z.string(), firstSeenAt: z.date(), lastSeenAt: z.date() })),
  }),
  personas: z.array(z.object({ personaId: z.string(), name: z.string(), committeeRole: z.string() })),
  engagement: z.object({ score: z.number(), asOf: z.date(), lastActivityAt: z.date().nullable() }).nullable(),
  matchDecisions: z.array(
    z.object({
      leadKey: z.string(),
      decision: z.string(),
      accountId: z.string().nullable(),
      decidedAt: z.date(),
    }),
  ),
  /** Tracked and imported activities (e-mail events excluded: see emailEvents). */
  activities: z.array(ActivityOutSchema),
  /** E-mail opens and clicks. */
  emailEvents: z.array(ActivityOutSchema),
  notes: z.array(z.object({ id: z.string(), accountId: z.string(), body: z.string(), createdAt: z.date() })),
  auditEntries: z.array(
    z.object({
      id: z.number(),
      at: z.date(),
      actorType: z.string(),
      actorId: z.string().nullable(),
      action: z.string(),
      objectType: z.string(),
      objectId: z.string().nullable(),
      changes: z.record(z.string(), z.unknown()),
    }),
  ),
});
export type PersonExport = z.infer<typeof PersonExportSchema>;

/**
 * Export one person (by contact id or e-mail): the contact, its identities, persona memberships,
 * contact score and matching decisions, the activities and e-mail events about them (personActivityIds),
 * the notes that mention their e-mail or full name, and the audit entries about their contact or
 * mentioning them. Read-only; 404 only for an unknown contact id (an unknown e-mail exports what
 * traces of it there are).
 */
export async function exportPerson(
  db: Kysely<DB>,
  workspaceId: string,
  target: PersonTarget,
): Promise<PersonExport> {
  const ws = workspaceId;
  const person = await findPerson(db, ws, target);
  const contactId = person.contact?.id ?? null;
  const patterns = mentionPatterns(person);
  const ids = await personActivityIds(db, ws, person);
  const activities = await sql<Activity>`
    SELECT a.* FROM unnest(${ids}::bigint[]) AS k(id)
    JOIN activities a ON a.workspace_id = ${ws} AND a.id = k.id
    ORDER BY a.occurred_at, a.id`.execute(db);
  const mentions = personMentions(person, { words: false });
  const out: ActivityOut[] = activities.rows
    .filter((a) => isAboutPerson(a, person, mentions))
    .map(toActivityOut);
  const anonymousIds = contactId
    ? await db
        .selectFrom('anonymous_ids')
        .select(['anonymous_id', 'first_seen_at', 'last_seen_at'])
        .where('workspace_id', '=', ws)
        .where('contact_id', '=', contactId)
        .orderBy('first_seen_at')
        .execute()
    : [];
  const userIds = contactId
    ? await db
        .selectFrom('identity_user_ids')
        .select(['user_id', 'first_seen_at', 'last_seen_at'])
        .where('workspace_id', '=', ws)
        .where('contact_id', '=', contactId)
        .orderBy('first_seen_at')
        .execute()
    : [];
  const personas = contactId
    ? await db
        .selectFrom('contact_personas as cp')
        .innerJoin('personas as p', (j) =>
          j.onRef('p.workspace_id', '=', 'cp.workspace_id').onRef('p.id', '=', 'cp.persona_id'),
        )
        .select(['p.id', 'p.name', 'p.committee_role'])
        .where('cp.workspace_id', '=', ws)
        .where('cp.contact_id', '=', contactId)
        .execute()
    : [];
  const engagement = contactId
    ? await db
        .selectFrom('contact_engagement')
        .select(['score', 'as_of', 'last_activity_at'])
        .where('workspace_id', '=', ws)
        .where('contact_id', '=', contactId)
        .executeTakeFirst()
    : undefined;
  const keys = [...(contactId ? leadKeys(contactId, null) : []), ...person.emails.map((e) => `email:${e}`)];
  const decisions = await db
    .selectFrom('match_decisions')
    .select(['lead_key', 'decision', 'account_id', 'decided_at'])
    .where('workspace_id', '=', ws)
    .where('lead_key', 'in', keys.length > 0 ? keys : [''])
    .execute();
  const notes = await sql<{ id: string; account_id: string; body: string; created_at: Date }>`
    SELECT id, account_id, body, created_at FROM notes
    WHERE workspace_id = ${ws} AND body ILIKE ANY (${patterns}::text[])
    ORDER BY created_at, id`.execute(db);
  const audit = await sql<{
    id: number;
    at: Date;
    actor_type: string;
    actor_id: string | null;
    action: string;
    object_type: string;
    object_id: string | null;
    changes: JsonObject;
  }>`
    SELECT id, at, actor_type, actor_id, action, object_type, object_id, changes FROM audit_log
    WHERE workspace_id = ${ws} AND ((object_type = 'contact' AND object_id = ${contactId})
      OR changes::text ILIKE ANY (${patterns}::text[]))
    ORDER BY at, id`.execute(db);
  const suppressed = await suppressedValues(db, ws, 'email', person.emails);
  return {
    exportedAt: new Date(),
    emails: person.emails,
    suppressed: suppressed.size > 0,
    contact: person.contact ? toContactOut(person.contact) : null,
    identities: {
      anonymousIds: anonymousIds.map((r) => ({
        anonymousId: r.anonymous_id,
        firstSeenAt: r.first_seen_at,
        lastSeenAt: r.last_seen_at,
      })),
      userIds: userIds.map((r) => ({
        userId: r.user_id,
        firstSeenAt: r.first_seen_at,
        lastSeenAt: r.last_seen_at,
      })),
    },
    personas: personas.map((p) => ({ personaId: p.id, name: p.name, committeeRole: p.committee_role })),
    engagement: engagement
      ? {
          score: engagement.score,
          asOf: engagement.as_of instanceof Date ? engagement.as_of : new Date(engagement.as_of),
          lastActivityAt: engagement.last_activity_at,
        }
      : null,
    matchDecisions: decisions.map((d) => ({
      leadKey: d.lead_key,
      decision: d.decision,
      accountId: d.account_id,
      decidedAt: d.decided_at,
    })),
    activities: out.filter((a) => a.source !== 'email'),
    emailEvents: out.filter((a) => a.source === 'email'),
    notes: notes.rows
      .filter((n) => mentions.test(n.body))
      .map((n) => ({
        id: n.id,
        accountId: n.account_id,
        body: n.body,
        createdAt: n.created_at,
      })),
    auditEntries: audit.rows
      .filter(
        (a) =>
          (a.object_type === 'contact' && a.object_id === contactId) ||
          mentions.test(JSON.stringify(a.changes)),
      )
      .map((a) => ({
        id: a.id,
        at: a.at,
        actorType: a.actor_type,
        actorId: a.actor_id,
        action: a.action,
        objectType: a.object_type,
        objectId: a.object_id,
        changes: a.changes,
      })),
  };
}
