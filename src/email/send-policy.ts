import { type Kysely, sql } from 'kysely';
import type { ConsentBasis, DB } from '../db/schema.ts';
import { toCountryCode } from '../normalize/country.ts';
import { suppressedValues } from '../records/suppression.ts';
import type { EmailSettings } from './email-settings.ts';
import { afterQuietHours, recipientTimeZone } from './recipient-time-zone.ts';
import type { SendKind } from './tables.ts';

/** A send the policy looks at. */
export interface PolicySend {
  id: string;
  email: string | null;
  recipientHash: string;
  contactId: string | null;
  kind: SendKind;
  topic: string | null;
}

export type PolicyDecision =
  | { action: 'send'; accountId: string | null }
  | { action: 'refuse'; reason: string }
  | { action: 'defer'; until: Date; reason: string };

interface ContactState {
  account_id: string | null;
  email: string | null;
  country: string | null;
  unsubscribed: boolean;
  bounced: boolean;
  do_not_contact: boolean;
  consent_basis: ConsentBasis | null;
  topics_off: string[] | null;
}

const WEEK_MS = 7 * 24 * 3600_000;

/** Whether a consent basis allows marketing e-mail under the country's rule. */
export function consentAllows(rule: 'opt_in' | 'opt_out', basis: ConsentBasis | null): boolean {
  if (basis === 'none') return false;
  if (rule === 'opt_in') return basis === 'consent';
  return true;
}

/**
 * Decide, at the moment of sending, for each claimed send of one workspace: send, refuse (with the
 * reason kept in the send log) or defer (quiet hours). Read fresh: the contact's flags
 * (unsubscribed, bounced, do-not-contact), erasure (privacy suppressions, or the contact gone),
 * address suppressions from bounces and complaints, topic opt-outs, the consent the recipient's
 * country requires, and the marketing sends of the last 7 days per person and per account (the cap
 * counts the sends decided in this batch too).
 *
 * Test sends (to a colleague's address) check only suppressions; transactional ones skip consent,
 * topics, cap and quiet hours but never go to an erased, bounced, complained or do-not-contact person.
 */
export async function decideSends(
  db: Kysely<DB>,
  workspaceId: string,
  settings: EmailSettings,
  sends: readonly PolicySend[],
  now = new Date(),
): Promise<Map<string, PolicyDecision>> {
  const contactIds = [...new Set(sends.flatMap((s) => (s.contactId ? [s.contactId] : [])))];
  const contacts = new Map<string, ContactState>();
  if (contactIds.length > 0) {
    const rows = await db
      .selectFrom('contacts as c')
      .leftJoin('email_preferences as p', (j) =>
        j.onRef('p.workspace_id', '=', 'c.workspace_id').onRef('p.contact_id', '=', 'c.id'),
      )
      .select([
        'c.id',
        'c.account_id',
        'c.email',
        'c.country',
        'c.unsubscribed',
        'c.bounced',
        'c.do_not_contact',
        'c.consent_basis',
        'p.topics_off',
      ])
      .where('c.workspace_id', '=', workspaceId)
      .where('c.id', 'in', contactIds)
      .execute();
    for (const r of rows) contacts.set(r.id, r);
  }
  const hashes = [...new Set(sends.map((s) => s.recipientHash))];
  const suppressed = new Map(
    (
      await db
        .selectFrom('email_suppressions')
        .select(['recipient_hash', 'reason'])
        .where('workspace_id', '=', workspaceId)
        .where('recipient_hash', 'in', hashes)
        .execute()
    ).map((r) => [r.recipient_hash, r.reason]),
  );
  const erased = await suppressedValues(
    db,
    workspaceId,
    'email',
    sends.map((s) => s.email),
  );
  const accountIds = [
    ...new Set([...contacts.values()].flatMap((c) => (c.account_id ? [c.account_id] : []))),
  ];
  const perContact = await recentMarketing(db, workspaceId, 'contact_id', contactIds, now);
  const perAccount = await recentMarketing(db, workspaceId, 'account_id', accountIds, now);
  const cap = settings.frequencyCap;

  const decisions = new Map<string, PolicyDecision>();
  for (const send of sends) {
    const refuse = (reason: string) => decisions.set(send.id, { action: 'refuse', reason });
    if (!send.email || erased.has(send.email.toLowerCase())) {
      refuse('erased person');
      continue;
    }
    const suppression = suppressed.get(send.recipientHash);
    if (suppression) {
      refuse(`address suppressed (${suppression.replace('_', ' ')})`);
      continue;
    }
    if (send.kind === 'test') {
      decisions.set(send.id, { action: 'send', accountId: null });
      continue;
    }
    const contact = send.contactId ? contacts.get(send.contactId) : undefined;
    if (!contact) {
      refuse('contact no longer exists');
      continue;
    }
    if (contact.email?.toLowerCase() !== send.email.toLowerCase()) {
      refuse('contact e-mail changed since the send was queued');
      continue;
    }
    if (contact.do_not_contact) {
      refuse('do not contact');
      continue;
    }
    if (contact.bounced) {
      refuse('bounced address');
      continue;
    }
    if (send.kind === 'marketing') {
      if (contact.unsubscribed) {
        refuse('unsubscribed');
        continue;
      }
      if (send.topic && contact.topics_off?.includes(send.topic)) {
        refuse(`unsubscribed from topic ${send.topic}`);
        continue;
      }
      const country = toCountryCode(contact.country);
      const rule = (country && settings.consent.countries[country]) || settings.consent.default;
      if (!consentAllows(rule, contact.consent_basis)) {
        refuse(
          `no consent: ${country ?? 'unknown country'} requires ${rule === 'opt_in' ? 'opt-in consent' : 'a basis'}` +
            ` (recorded: ${contact.consent_basis ?? 'none'})`,
        );
        continue;
      }
      if (settings.quietHours) {
        const zone = recipientTimeZone(contact.country, settings.quietHours.defaultTimeZone);
        const until = afterQuietHours(now, zone, settings.quietHours);
        if (until > now) {
          decisions.set(send.id, { action: 'defer', until, reason: `quiet hours in ${zone}` });
          continue;
        }
      }
      const sentToPerson = perContact.get(send.contactId ?? '') ?? 0;
      if (cap.perPersonPerWeek > 0 && sentToPerson >= cap.perPersonPerWeek) {
        refuse(`frequency cap: ${sentToPerson} marketing e-mails to this person in 7 days`);
        continue;
      }
      const sentToAccount = contact.account_id ? (perAccount.get(contact.account_id) ?? 0) : 0;
      if (contact.account_id && cap.perAccountPerWeek > 0 && sentToAccount >= cap.perAccountPerWeek) {
        refuse(`frequency cap: ${sentToAccount} marketing e-mails to this account in 7 days`);
        continue;
      }
      if (send.contactId) perContact.set(send.contactId, sentToPerson + 1);
      if (contact.account_id) perAccount.set(contact.account_id, sentToAccount + 1);
    }
    decisions.set(send.id, { action: 'send', accountId: contact.account_id });
  }
  return decisions;
}

/** Marketing sends that went out (or are going out) in the last 7 days, per contact or account. */
async function recentMarketing(
  db: Kysely<DB>,
  workspaceId: string,
  column: 'contact_id' | 'account_id',
  ids: readonly string[],
  now: Date,
): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('email_sends')
    .select([column, sql<number>`count(*)::int`.as('n')])
    .where('workspace_id', '=', workspaceId)
    .where(column, 'in', ids)
    .where('kind', '=', 'marketing')
    .where('dry_run', '=', false)
    .where('status', 'in', ['sending', 'sent', 'uncertain', 'delivered', 'bounced', 'complained'])
    .where('sent_at', '>', new Date(now.getTime() - WEEK_MS))
    .groupBy(column)
    .execute();
  return new Map(rows.flatMap((r) => (r[column] ? [[r[column], r.n] as [string, number]] : [])));
}
