import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/record-audit.ts';
import type { AuthContext } from '../auth/auth-context.ts';
import type { DB } from '../db/schema.ts';
import { afterContactsWritten } from '../pipeline/refresh-derived.ts';
import { assertUnique } from '../records/assert-unique.ts';
import { auditChanges } from '../records/audit-changes.ts';
import { assertWorkspaceMember } from '../records/record-access.ts';
import { assertNotSuppressed } from '../records/suppression.ts';
import { contactColumns } from './contact-columns.ts';
import type { ContactFields } from './contact-fields.ts';
import { type ContactOut, toContactOut } from './contact-output.ts';
import { linkContactToAccount } from './link-contact-account.ts';
import { readContact } from './read-contact.ts';

/**
 * Create a contact linked to its account (explicit id, account external id, or email domain) and
 * audit it, in one transaction. A second contact with the same email, or the email of an erased
 * person (suppressed), is a 409 naming body.email.
 */
export async function createContact(
  db: Kysely<DB>,
  ctx: AuthContext,
  input: ContactFields,
): Promise<ContactOut> {
  return db.transaction().execute(async (trx) => {
    await assertWorkspaceMember(trx, ctx.workspaceId, input.ownerId);
    await assertNotSuppressed(trx, ctx.workspaceId, input.email, 'body.email');
    await assertUnique(trx, 'contacts', ctx.workspaceId, null, [
      { column: 'email', value: input.email, path: 'body.email' },
      { column: 'salesforce_id', value: input.salesforceId, path: 'body.salesforceId' },
      { column: 'hubspot_id', value: input.hubspotId, path: 'body.hubspotId' },
    ]);
    const link = await linkContactToAccount(trx, ctx.workspaceId, input);
    const row = await trx
      .insertInto('contacts')
      .values({
        ...contactColumns(input),
        workspace_id: ctx.workspaceId,
        account_id: link?.accountId ?? null,
        match_method: link?.matchMethod ?? null,
        match_confidence: link?.matchConfidence ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await afterContactsWritten(trx, ctx.workspaceId, [row.id]);
    const out = toContactOut(await readContact(trx, ctx.workspaceId, row.id));
    await recordAudit(trx, ctx, {
      action: 'contact.create',
      objectType: 'contact',
      objectId: row.id,
      changes: auditChanges(null, out, ['id', 'createdAt', 'updatedAt']),
    });
    return out;
  });
}
