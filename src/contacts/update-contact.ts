import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/record-audit.ts';
import type { AuthContext } from '../auth/auth-context.ts';
import type { DB } from '../db/schema.ts';
import { HttpProblem } from '../errors/problem.ts';
import { afterContactsWritten } from '../pipeline/refresh-derived.ts';
import { assertUnique } from '../records/assert-unique.ts';
import { auditChanges } from '../records/audit-changes.ts';
import { assertCanEdit, assertWorkspaceMember } from '../records/record-access.ts';
import { assertNotSuppressed } from '../records/suppression.ts';
import { contactColumns } from './contact-columns.ts';
import type { ContactFields } from './contact-fields.ts';
import { type ContactOut, toContactOut } from './contact-output.ts';
import { linkContactToAccount } from './link-contact-account.ts';
import { readContact } from './read-contact.ts';

/**
 * Apply a partial update to a contact of the workspace (404 otherwise; sales only their own).
 * The account link is re-resolved when an account reference is given, or when the email changes and
 * the contact was linked by email domain (or not at all); `accountId: null` unlinks.
 */
export async function updateContact(
  db: Kysely<DB>,
  ctx: AuthContext,
  id: string,
  patch: Partial<ContactFields>,
): Promise<ContactOut> {
  return db.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom('contacts')
      .selectAll()
      .where('workspace_id', '=', ctx.workspaceId)
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!current) throw new HttpProblem(404, 'Not found', { detail: `No contact ${id} in this workspace` });
    const before = toContactOut(current);
    assertCanEdit(ctx, before, patch);
    if (patch.ownerId !== undefined && patch.ownerId !== current.owner_id)
      await assertWorkspaceMember(trx, ctx.workspaceId, patch.ownerId);
    if (patch.email !== current.email)
      await assertNotSuppressed(trx, ctx.workspaceId, patch.email, 'body.email');
    await assertUnique(trx, 'contacts', ctx.workspaceId, id, [
      { column: 'email', value: patch.email, path: 'body.email' },
      { column: 'salesforce_id', value: patch.salesforceId, path: 'body.salesforceId' },
      { column: 'hubspot_id', value: patch.hubspotId, path: 'body.hubspotId' },
    ]);
    const set = contactColumns(patch);
    const explicitRef = Boolean(patch.accountId || patch.accountSalesforceId || patch.accountHubspotId);
    const emailChanged = patch.email !== undefined && patch.email !== current.email;
    const matchInputChanged =
      emailChanged ||
      (patch.country !== undefined && patch.country !== current.country) ||
      patch.custom !== undefined;
    const titleChanged = patch.title !== undefined && patch.title !== current.title;
    if (patch.accountId === null && !explicitRef) {
      set.account_id = null;
      set.match_method = null;
      set.match_confidence = null;
    } else if (explicitRef) {
      const link = await linkContactToAccount(trx, ctx.workspaceId, patch);
      set.account_id = link?.accountId ?? null;
      set.match_method = link?.matchMethod ?? null;
      set.match_confidence = link?.matchConfidence ?? null;
    }
    await trx
      .updateTable('contacts')
      .set({ ...set, updated_at: new Date() })
      .where('workspace_id', '=', ctx.workspaceId)
      .where('id', '=', id)
      .execute();
    // Re-match when what the matcher reads changed (explicit links are kept); personas follow the title.
    if ((matchInputChanged && patch.accountId !== null) || titleChanged) {
      await afterContactsWritten(trx, ctx.workspaceId, [id]);
    }
    const after = toContactOut(await readContact(trx, ctx.workspaceId, id));
    const changes = auditChanges(before, after, ['updatedAt']);
    if (Object.keys(changes).length > 0) {
      await recordAudit(trx, ctx, { action: 'contact.update', objectType: 'contact', objectId: id, changes });
    }
    return after;
  });
}
