import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import { recordAudit } from '../audit/record-audit.ts';
import { systemContext } from '../auth/auth-context.ts';
import type { DB } from '../db/schema.ts';
import { emailDomain } from '../matching/normalize-domain.ts';
import { readContactAccounts } from '../records/contact-accounts.ts';
import { stringField } from '../records/json-value.ts';
import { suppressedValues } from '../records/suppression.ts';
import { contactOf, type IdentityState } from './identity-state.ts';
import { linkContactsToAccounts } from './link-contact-account.ts';
import { moveContactHistory } from './move-contact-history.ts';
import type { NormalizedEvent } from './normalize-event.ts';

/** What identify and alias read from an event (identify also clears an erased person's traits). */
type IdentityEvent = Pick<NormalizedEvent, 'userId' | 'anonymousId' | 'traits' | 'previousId'> &
  Partial<Pick<NormalizedEvent, 'properties'>>;

const Email = z.email().max(320);

/** The email an identify call names: traits.email, else a userId that is an email. */
export function identifyEmail(event: Pick<NormalizedEvent, 'userId' | 'traits'>): string | null {
  const candidates = [stringField(event.traits, 'email', 320), event.userId];
  for (const c of candidates) {
    if (c && Email.safeParse(c.trim()).success) return c.trim().toLowerCase();
  }
  return null;
}

function nameParts(traits: Record<string, unknown>): { first: string | null; last: string | null } {
  const first = stringField(traits, 'firstName', 200) ?? stringField(traits, 'first_name', 200);
  const last = stringField(traits, 'lastName', 200) ?? stringField(traits, 'last_name', 200);
  if (first || last) return { first, last };
  const name = stringField(traits, 'name', 400);
  if (!name) return { first: null, last: null };
  const space = name.indexOf(' ');
  return space < 0
    ? { first: name, last: null }
    : { first: name.slice(0, space), last: name.slice(space + 1) };
}

/**
 * Upsert the contact an identify describes (by email); fills fields the contact does not have yet.
 * A contact without an account is linked through the matcher; an existing one that gains an account
 * takes its account-less history along (re-scored at the end of the batch).
 */
async function upsertContact(
  db: Kysely<DB>,
  state: IdentityState,
  email: string | null,
  traits: Record<string, unknown>,
): Promise<{ id: string; accountId: string | null }> {
  const workspaceId = state.workspaceId;
  const { first, last } = nameParts(traits);
  const values = {
    workspace_id: workspaceId,
    email,
    email_domain: emailDomain(email),
    first_name: first,
    last_name: last,
    title: stringField(traits, 'title', 300),
    phone: stringField(traits, 'phone', 100),
  };
  const query = db.insertInto('contacts').values(values);
  const row = email
    ? await query
        .onConflict((oc) =>
          oc.columns(['workspace_id', 'email']).where('email', 'is not', null).doUpdateSet({
            first_name: sql`coalesce(contacts.first_name, excluded.first_name)`,
            last_name: sql`coalesce(contacts.last_name, excluded.last_name)`,
            title: sql`coalesce(contacts.title, excluded.title)`,
            phone: sql`coalesce(contacts.phone, excluded.phone)`,
            updated_at: new Date(),
          }),
        )
        .returning(['id', 'account_id', sql<boolean>`xmax = 0`.as('inserted')])
        .executeTakeFirstOrThrow()
    : await query
        .returning(['id', 'account_id', sql<boolean>`true`.as('inserted')])
        .executeTakeFirstOrThrow();
  if (row.inserted) {
    await recordAudit(db, systemContext(workspaceId, 'ingest'), {
      action: 'contact.create',
      objectType: 'contact',
      objectId: row.id,
      changes: { email, source: 'identify' },
    });
  }
  state.contacts.add(row.id);
  let accountId = row.account_id;
  if (!accountId) {
    accountId = (await linkContactsToAccounts(db, workspaceId, [row.id])).get(row.id) ?? null;
    if (accountId && !row.inserted) await moveContactHistory(db, state, row.id, null, accountId);
  }
  return { id: row.id, accountId };
}

/** Point an anonymous id / user id at a contact, and give its unattributed history to that contact. */
export async function attachIds(
  db: Kysely<DB>,
  state: IdentityState,
  contactId: string,
  ids: { anonymousId?: string | null; userId?: string | null },
): Promise<void> {
  const ws = state.workspaceId;
  const accountId = state.contactAccount.get(contactId) ?? null;
  if (ids.anonymousId) {
    await db
      .insertInto('anonymous_ids')
      .values({ workspace_id: ws, anonymous_id: ids.anonymousId, contact_id: contactId })
      .onConflict((oc) =>
        oc
          .columns(['workspace_id', 'anonymous_id'])
          .doUpdateSet({ contact_id: contactId, last_seen_at: new Date() }),
      )
      .execute();
    state.anonymous.set(ids.anonymousId, contactId);
    await backfill(db, state, contactId, accountId, 'anonymousId', ids.anonymousId);
  }
  if (ids.userId) {
    await db
      .insertInto('identity_user_ids')
      .values({ workspace_id: ws, user_id: ids.userId, contact_id: contactId })
      .onConflict((oc) =>
        oc
          .columns(['workspace_id', 'user_id'])
          .doUpdateSet({ contact_id: contactId, last_seen_at: new Date() }),
      )
      .execute();
    state.users.set(ids.userId, contactId);
    await backfill(db, state, contactId, accountId, 'userId', ids.userId);
  }
}

/**
 * Give a visitor's unattributed history (matched by anonymousId or userId; stored, and pending in
 * this batch) to their contact and account, recording each stored row's previous attribution: rows
 * an IP guess had put on an account were scored for that account, so the batch retracts that and
 * scores them for the contact and its account (rows with neither were never scored).
 */
async function backfill(
  db: Kysely<DB>,
  state: IdentityState,
  contactId: string,
  accountId: string | null,
  key: 'anonymousId' | 'userId',
  value: string,
): Promise<void> {
  // Literal keys, so the planner uses the partial unresolved-history indexes.
  const match =
    key === 'anonymousId'
      ? sql`properties ? 'anonymousId' AND properties->>'anonymousId' = ${value}`
      : sql`properties ? 'userId' AND properties->>'userId' = ${value}`;
  const result = await sql<{ id: number; before_account: string | null }>`
    WITH target AS (
      SELECT id, account_id FROM activities
      WHERE workspace_id = ${state.workspaceId} AND contact_id IS NULL AND ${match}
      FOR UPDATE
    )
    UPDATE activities a SET contact_id = ${contactId}::uuid, account_id = coalesce(${accountId}::uuid, a.account_id)
    FROM target WHERE a.workspace_id = ${state.workspaceId} AND a.id = target.id
    RETURNING a.id, target.account_id AS before_account`.execute(db);
  state.moved.record(
    result.rows.map((r) => ({ id: r.id, before: { contactId: null, accountId: r.before_account } })),
  );
  for (const row of state.pending) {
    if (row.contactId === null && row[key] === value) {
      row.contactId = contactId;
      row.accountId = accountId ?? row.accountId;
    }
  }
}

/**
 * identify: upsert the contact (by email, or the contact already behind the user id), link it to an
 * account, and tie the anonymous id and user id to it so earlier and later events follow.
 */
export async function resolveIdentify(
  db: Kysely<DB>,
  state: IdentityState,
  event: IdentityEvent,
): Promise<void> {
  const email = identifyEmail(event);
  // An erased person (suppressed e-mail or user id) is not made a contact again, and the stored
  // event keeps neither their traits nor the id that names them.
  const ws = state.workspaceId;
  if (
    (await suppressedValues(db, ws, 'email', [email])).size > 0 ||
    (await suppressedValues(db, ws, 'user_id', [event.userId])).size > 0
  ) {
    if (event.properties) {
      delete event.properties.traits;
      delete event.properties.userId;
    }
    return;
  }
  let contactId = contactOf(state, event.userId, null);
  if (!contactId && !email && event.anonymousId) contactId = contactOf(state, null, event.anonymousId);
  // Traits without an email or user id do not make an anonymous visitor a person.
  if (!contactId && !email && !event.userId) return;
  if (email || !contactId) {
    if (contactId && email) {
      // A known user id whose contact has no email yet gets this one.
      await db
        .updateTable('contacts')
        .set({ email, email_domain: emailDomain(email), updated_at: new Date() })
        .where('workspace_id', '=', state.workspaceId)
        .where('id', '=', contactId)
        .where('email', 'is', null)
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('contacts as other')
                .select('other.id')
                .where('other.workspace_id', '=', state.workspaceId)
                .where('other.email', '=', email),
            ),
          ),
        )
        .execute();
    }
    const contact = await upsertContact(db, state, email, event.traits);
    contactId = contact.id;
    state.contactAccount.set(contact.id, contact.accountId);
  }
  await attachIds(db, state, contactId, { anonymousId: event.anonymousId, userId: event.userId });
}

/** alias: previousId (an anonymous id or an earlier user id) now means the same person as userId. */
export async function resolveAlias(
  db: Kysely<DB>,
  state: IdentityState,
  event: IdentityEvent,
): Promise<void> {
  const previousId = event.previousId;
  const userId = event.userId ?? event.anonymousId;
  if (!previousId || !userId) return;
  const known = async (id: string): Promise<string | null> => {
    const cached = contactOf(state, id, id);
    if (cached) return cached;
    const user = await db
      .selectFrom('identity_user_ids')
      .select('contact_id')
      .where('workspace_id', '=', state.workspaceId)
      .where('user_id', '=', id)
      .executeTakeFirst();
    if (user) return user.contact_id;
    const anon = await db
      .selectFrom('anonymous_ids')
      .select('contact_id')
      .where('workspace_id', '=', state.workspaceId)
      .where('anonymous_id', '=', id)
      .executeTakeFirst();
    return anon?.contact_id ?? null;
  };
  const target = (await known(userId)) ?? (await known(previousId));
  if (!target) return;
  await loadAccounts(db, state, [target]);
  await attachIds(db, state, target, { userId, anonymousId: previousId });
  await attachIds(db, state, target, { userId: previousId });
}

/** Fill state.contactAccount for contacts not yet in it. */
export async function loadAccounts(
  db: Kysely<DB>,
  state: IdentityState,
  contactIds: string[],
): Promise<void> {
  const missing = [...new Set(contactIds)].filter((id) => !state.contactAccount.has(id));
  if (missing.length === 0) return;
  const accounts = await readContactAccounts(db, state.workspaceId, missing);
  for (const [id, accountId] of accounts) state.contactAccount.set(id, accountId);
}
