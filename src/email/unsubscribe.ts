import type { Kysely } from 'kysely';
import { insertActivities } from '../activities/insert-activities.ts';
import { systemContext } from '../auth/auth-context.ts';
import type { DB } from '../db/schema.ts';
import type { UnsubscribePayload } from './unsubscribe-token.ts';

/** What a recipient chose: every marketing e-mail off, or only these topics off. */
export type UnsubscribeChoice = { all: true } | { all: false; topicsOff: string[] };

/** The contact's current choices for the preference page (null when the contact is gone). */
export async function contactPreferences(
  db: Kysely<DB>,
  token: UnsubscribePayload,
): Promise<{ unsubscribed: boolean; topicsOff: string[] } | null> {
  const row = await db
    .selectFrom('contacts as c')
    .leftJoin('email_preferences as p', (j) =>
      j.onRef('p.workspace_id', '=', 'c.workspace_id').onRef('p.contact_id', '=', 'c.id'),
    )
    .select(['c.unsubscribed', 'p.topics_off'])
    .where('c.workspace_id', '=', token.w)
    .where('c.id', '=', token.c)
    .executeTakeFirst();
  return row ? { unsubscribed: row.unsubscribed, topicsOff: row.topics_off ?? [] } : null;
}

/**
 * Honour an unsubscribe at once (one-click POST or the preference page): all off sets the contact's
 * `unsubscribed` flag, which every later send checks at the moment of sending; topics are kept per
 * contact; choosing topics again re-subscribes. Written with an `email_unsubscribed` activity (or
 * `email_preferences_changed`), the send's `unsubscribed_at` and an outbox event. A contact that no
 * longer exists (erased) is a no-op. Returns whether a contact was changed.
 */
export async function applyUnsubscribe(
  db: Kysely<DB>,
  token: UnsubscribePayload,
  choice: UnsubscribeChoice,
  at = new Date(),
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const contact = await trx
      .updateTable('contacts')
      .set({ unsubscribed: choice.all, updated_at: at })
      .where('workspace_id', '=', token.w)
      .where('id', '=', token.c)
      .returning(['id', 'account_id'])
      .executeTakeFirst();
    if (!contact) return false;
    if (!choice.all) {
      await trx
        .insertInto('email_preferences')
        .values({ workspace_id: token.w, contact_id: token.c, topics_off: choice.topicsOff })
        .onConflict((oc) =>
          oc
            .columns(['workspace_id', 'contact_id'])
            .doUpdateSet({ topics_off: choice.topicsOff, updated_at: at }),
        )
        .execute();
    }
    if (token.s && choice.all) {
      await trx
        .updateTable('email_sends')
        .set({ unsubscribed_at: at, updated_at: at })
        .where('workspace_id', '=', token.w)
        .where('id', '=', token.s)
        .where('unsubscribed_at', 'is', null)
        .execute();
    }
    const type = choice.all ? 'email_unsubscribed' : 'email_preferences_changed';
    await insertActivities(
      trx,
      systemContext(token.w, 'email-unsubscribe'),
      [
        {
          type,
          occurredAt: at.toISOString(),
          contactId: token.c,
          accountId: contact.account_id,
          source: 'email',
          properties: {
            ...(token.s ? { sendId: token.s } : {}),
            ...(choice.all ? {} : { topicsOff: choice.topicsOff }),
          },
        },
      ],
      { audit: false },
    );
    await trx
      .insertInto('signal_events')
      .values({
        workspace_id: token.w,
        type,
        account_id: contact.account_id,
        payload: JSON.stringify({ contactId: token.c, ...(token.s ? { sendId: token.s } : {}) }),
      })
      .execute();
    return true;
  });
}
