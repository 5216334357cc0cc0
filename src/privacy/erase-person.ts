import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import { recordAudit } from '../audit/record-audit.ts';
import type { AuthContext } from '../auth/auth-context.ts';
import type { DB } from '../db/schema.ts';
import { leadKeys } from '../matching/contact-matching.ts';
import { addSuppressions } from '../records/suppression.ts';
import { eraseActivities } from './erase-activities.ts';
import { eraseQueuedEvents } from './erase-queued-events.ts';
import { findPerson, type PersonTarget } from './find-person.ts';
import { personMentions } from './redact.ts';
import { redactAudit, redactImportRejects, redactNotes, sweepMentions } from './redact-records.ts';

/** What an erasure did: rows deleted or changed per table, and the identifiers now suppressed. */
export const ErasureResultSchema = z.object({
  contactId: z.uuid().nullable(),
  /** Hashed identifiers added to the suppression list (e-mail addresses and user ids). */
  suppressed: z.number().int(),
  erased: z.record(z.string(), z.number().int()),
});
export type ErasureResult = z.infer<typeof ErasureResultSchema>;

/**
 * Erase a person from a workspace (GDPR Art. 17), in one transaction: the contact row, its
 * identities (anonymous ids, user ids), persona memberships, contact score and matching decisions
 * are deleted; activities and e-mail events become anonymous (eraseActivities: account and score
 * kept), queued and dead-lettered events of the person are dropped, notes and audit entries stay
 * with the person's values replaced by "[erased]", import rejects lose their lines, and any other
 * text or JSON column that still holds the e-mail or full name is swept. The e-mail (and user ids)
 * are added to the suppression list as SHA-256 hashes, so imports, the API and identify skip them
 * from now on. Holds the workspace's inbound lock, so the event processor neither reads the queue
 * being cleaned nor re-links the person meanwhile. Audited as `person.erase` with counts only.
 *
 * @example
 * const { erased } = await erasePerson(db, ctx, { email: 'ann@acme.com' });
 */
export async function erasePerson(
  db: Kysely<DB>,
  ctx: AuthContext,
  target: PersonTarget,
): Promise<ErasureResult> {
  return db.transaction().execute(async (trx) => {
    const ws = ctx.workspaceId;
    // The inbound processor's per-workspace lock (src/ingest/drain-inbound.ts).
    await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`openabm.inbound:${ws}`}, 0))`.execute(trx);
    const person = await findPerson(trx, ws, target);
    const contactId = person.contact?.id ?? null;
    const mentions = {
      words: personMentions(person, { words: true }),
      loose: personMentions(person, { words: false }),
    };
    const erased: Record<string, number> = {};
    const count = (table: string, n: number | bigint | undefined) => {
      const value = Number(n ?? 0);
      if (value > 0) erased[table] = (erased[table] ?? 0) + value;
    };

    count('activities', await eraseActivities(trx, ws, person, mentions));
    const queue = await eraseQueuedEvents(trx, ws, person, mentions.loose);
    count('inbound_batches', queue.queued);
    count('inbound_failures', queue.failures);
    const keys = [
      ...(contactId ? leadKeys(contactId, null) : []),
      ...person.emails.flatMap((e) => leadKeys('', e).filter((k) => k.startsWith('email:'))),
    ];
    if (keys.length > 0) {
      const decisions = await trx
        .deleteFrom('match_decisions')
        .where('workspace_id', '=', ws)
        .where('lead_key', 'in', keys)
        .executeTakeFirst();
      count('match_decisions', decisions.numDeletedRows);
    }
    if (contactId) {
      for (const table of [
        'contact_engagement',
        'contact_personas',
        'anonymous_ids',
        'identity_user_ids',
      ] as const) {
        const r = await trx
          .deleteFrom(table)
          .where('workspace_id', '=', ws)
          .where('contact_id', '=', contactId)
          .executeTakeFirst();
        count(table, r.numDeletedRows);
      }
      const r = await trx
        .deleteFrom('contacts')
        .where('workspace_id', '=', ws)
        .where('id', '=', contactId)
        .executeTakeFirst();
      count('contacts', r.numDeletedRows);
    }
    count('notes', await redactNotes(trx, ws, person, mentions));
    count('audit_log', await redactAudit(trx, ws, person, mentions));
    count('imports', await redactImportRejects(trx, ws, person, mentions.loose));
    for (const [table, n] of Object.entries(await sweepMentions(trx, ws, person))) count(table, n);

    const suppressed = await addSuppressions(trx, ws, [
      ...person.emails.map((value) => ({ kind: 'email' as const, value })),
      ...person.userIds.map((value) => ({ kind: 'user_id' as const, value })),
    ]);
    await recordAudit(trx, ctx, {
      action: 'person.erase',
      objectType: 'contact',
      objectId: contactId,
      changes: { erased, suppressed },
    });
    return { contactId, suppressed, erased };
  });
}
