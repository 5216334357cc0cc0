import { type Kysely, sql } from 'kysely';
import { recordAudit } from '../audit/record-audit.ts';
import { systemContext } from '../auth/auth-context.ts';
import type { DB } from '../db/schema.ts';
import { normalizeDomain } from '../matching/normalize-domain.ts';
import { stringField } from '../records/json-value.ts';
import { contactOf, type IdentityState } from './identity-state.ts';
import { moveContactHistory } from './move-contact-history.ts';
import { loadAccounts } from './resolve-identity.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Find the account a Segment group call names: by groupId (account id, CRM id or a stored
 * `external_ids.segment`), else by traits (domain/website → account_domains, then exact name).
 * Creates the account from the traits (name or domain) when nothing matches; null when there is nothing to go on.
 * `created` says which: a created account gets its fit and stage with the batch's follow-up.
 */
export async function findOrCreateGroupAccount(
  db: Kysely<DB>,
  workspaceId: string,
  groupId: string,
  traits: Record<string, unknown>,
): Promise<{ id: string; created: boolean } | null> {
  const byId = await db
    .selectFrom('accounts')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where((eb) =>
      eb.or([
        ...(UUID.test(groupId) ? [eb('id', '=', groupId)] : []),
        eb('salesforce_id', '=', groupId),
        eb('hubspot_id', '=', groupId),
        sql<boolean>`external_ids @> ${JSON.stringify({ segment: groupId })}::jsonb`,
      ]),
    )
    .limit(1)
    .executeTakeFirst();
  if (byId) return { id: byId.id, created: false };

  const domain = normalizeDomain(stringField(traits, 'domain') ?? stringField(traits, 'website'));
  const name = stringField(traits, 'name', 300);
  let accountId: string | null = null;
  if (domain) {
    const rows = await db
      .selectFrom('account_domains')
      .select('account_id')
      .distinct()
      .where('workspace_id', '=', workspaceId)
      .where('domain', '=', domain)
      .limit(2)
      .execute();
    if (rows.length === 1 && rows[0]) accountId = rows[0].account_id;
  }
  if (!accountId && name) {
    const rows = await db
      .selectFrom('accounts')
      .select('id')
      .where('workspace_id', '=', workspaceId)
      .where(sql<string>`lower(name)`, '=', name.toLowerCase())
      .limit(2)
      .execute();
    if (rows.length === 1 && rows[0]) accountId = rows[0].id;
  }
  if (accountId) {
    await db
      .updateTable('accounts')
      .set({ external_ids: sql`external_ids || ${JSON.stringify({ segment: groupId })}::jsonb` })
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', accountId)
      .where(sql<boolean>`NOT (external_ids ? 'segment')`)
      .execute();
    return { id: accountId, created: false };
  }
  // A bare groupId that matches nothing names no company we could create.
  if (!name && !domain) return null;
  const created = await db
    .insertInto('accounts')
    .values({
      workspace_id: workspaceId,
      name: name ?? domain ?? groupId,
      domain,
      website: stringField(traits, 'website', 500),
      industry: stringField(traits, 'industry', 200),
      external_ids: JSON.stringify({ segment: groupId }),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (domain) {
    await db
      .insertInto('account_domains')
      .values({ workspace_id: workspaceId, account_id: created.id, domain, is_primary: true })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  await recordAudit(db, systemContext(workspaceId, 'ingest'), {
    action: 'account.create',
    objectType: 'account',
    objectId: created.id,
    changes: { name: name ?? domain ?? groupId, source: 'group', groupId },
  });
  return { id: created.id, created: true };
}

/**
 * group: tie the calling user's contact (if known) to the named account, with the contact's
 * account-less history (re-scored at the end of the batch). The contact and a created account get
 * the pipeline's follow-up at the end of the batch. Returns the account id.
 */
export async function resolveGroup(
  db: Kysely<DB>,
  state: IdentityState,
  event: {
    userId: string | null;
    anonymousId: string | null;
    groupId: string | null;
    traits: Record<string, unknown>;
  },
): Promise<string | null> {
  if (!event.groupId) return null;
  const found = await findOrCreateGroupAccount(db, state.workspaceId, event.groupId, event.traits);
  if (!found) return null;
  const accountId = found.id;
  if (found.created) state.accounts.add(accountId);
  const contactId = contactOf(state, event.userId, event.anonymousId);
  if (contactId) {
    await loadAccounts(db, state, [contactId]);
    const before = state.contactAccount.get(contactId) ?? null;
    await db
      .updateTable('contacts')
      .set({
        account_id: accountId,
        match_method: 'segment_group',
        match_confidence: 1,
        updated_at: new Date(),
      })
      .where('workspace_id', '=', state.workspaceId)
      .where('id', '=', contactId)
      .where((eb) => eb.or([eb('account_id', 'is', null), eb('account_id', '!=', accountId)]))
      .execute();
    state.contactAccount.set(contactId, accountId);
    state.contacts.add(contactId);
    await moveContactHistory(db, state, contactId, before, accountId);
  }
  return accountId;
}
