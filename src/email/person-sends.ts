import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { recipientHash } from './unsubscribe-token.ts';

function personFilter(contactId: string | null, emails: readonly string[]) {
  const hashes = emails.map((e) => recipientHash(e));
  return { contactId, hashes };
}

/**
 * Erase a person from the send log (called by erasePerson in its transaction): their sends lose the
 * address, the contact and the subject; sends still waiting are refused; the address hash stays
 * (it holds no address and keeps "at most once per recipient and send key" true). Their topic
 * preferences are deleted. Returns rows changed per table.
 */
export async function eraseEmailSends(
  trx: Kysely<DB>,
  workspaceId: string,
  contactId: string | null,
  emails: readonly string[],
): Promise<Record<string, number>> {
  const { hashes } = personFilter(contactId, emails);
  const changed: Record<string, number> = {};
  const match = trx
    .updateTable('email_sends')
    .where('workspace_id', '=', workspaceId)
    .where((eb) =>
      eb.or([
        ...(contactId ? [eb('contact_id', '=', contactId)] : []),
        ...(hashes.length > 0 ? [eb('recipient_hash', 'in', hashes)] : []),
        eb.val(false),
      ]),
    );
  await match
    .set({ status: 'refused', reason: 'erased person' })
    .where('status', 'in', ['queued', 'claimed'])
    .execute();
  const sends = await match
    .set({ email: null, contact_id: null, subject: null, smtp_response: null, updated_at: new Date() })
    .executeTakeFirst();
  if (Number(sends.numUpdatedRows) > 0) changed.email_sends = Number(sends.numUpdatedRows);
  if (contactId) {
    const prefs = await trx
      .deleteFrom('email_preferences')
      .where('workspace_id', '=', workspaceId)
      .where('contact_id', '=', contactId)
      .executeTakeFirst();
    if (Number(prefs.numDeletedRows) > 0) changed.email_preferences = Number(prefs.numDeletedRows);
  }
  return changed;
}

/** A person's sends for their data export (GDPR Art. 15). */
export interface PersonSend {
  id: string;
  email: string | null;
  subject: string | null;
  status: string;
  kind: string;
  topic: string | null;
  queuedAt: Date;
  sentAt: Date | null;
  openedAt: Date | null;
  clickedAt: Date | null;
  bouncedAt: Date | null;
  complainedAt: Date | null;
  unsubscribedAt: Date | null;
}

/** The send log rows about a person (by contact or address), and their topic opt-outs. */
export async function personEmailSends(
  db: Kysely<DB>,
  workspaceId: string,
  contactId: string | null,
  emails: readonly string[],
): Promise<{ sends: PersonSend[]; topicsOff: string[] }> {
  const { hashes } = personFilter(contactId, emails);
  const rows = await db
    .selectFrom('email_sends')
    .select([
      'id',
      'email',
      'subject',
      'status',
      'kind',
      'topic',
      'queued_at',
      'sent_at',
      'opened_at',
      'clicked_at',
      'bounced_at',
      'complained_at',
      'unsubscribed_at',
    ])
    .where('workspace_id', '=', workspaceId)
    .where((eb) =>
      eb.or([
        ...(contactId ? [eb('contact_id', '=', contactId)] : []),
        ...(hashes.length > 0 ? [eb('recipient_hash', 'in', hashes)] : []),
        eb.val(false),
      ]),
    )
    .orderBy('queued_at')
    .execute();
  const prefs = contactId
    ? await db
        .selectFrom('email_preferences')
        .select('topics_off')
        .where('workspace_id', '=', workspaceId)
        .where('contact_id', '=', contactId)
        .executeTakeFirst()
    : undefined;
  return {
    sends: rows.map((r) => ({
      id: r.id,
      email: r.email,
      subject: r.subject,
      status: r.status,
      kind: r.kind,
      topic: r.topic,
      queuedAt: r.queued_at,
      sentAt: r.sent_at,
      openedAt: r.opened_at,
      clickedAt: r.clicked_at,
      bouncedAt: r.bounced_at,
      complainedAt: r.complained_at,
      unsubscribedAt: r.unsubscribed_at,
    })),
    topicsOff: prefs?.topics_off ?? [],
  };
}
