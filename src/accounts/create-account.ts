import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/record-audit.ts';
import type { AuthContext } from '../auth/auth-context.ts';
import type { DB } from '../db/schema.ts';
import { afterAccountsWritten } from '../pipeline/refresh-derived.ts';
import { assertUnique } from '../records/assert-unique.ts';
import { auditChanges } from '../records/audit-changes.ts';
import { assertWorkspaceMember } from '../records/record-access.ts';
import { accountColumns } from './account-columns.ts';
import type { AccountFields } from './account-fields.ts';
import { type AccountOut, toAccountOut } from './account-output.ts';
import { assertAccountParent } from './assert-account-parent.ts';
import { loadAccountDerived } from './load-account-derived.ts';
import { readAccount } from './read-account.ts';
import { resolveAccountDomains, syncAccountDomains } from './resolve-account-domains.ts';

/**
 * Create an account with its domains (normalised; account_domains kept in sync) and an audit entry,
 * all in one transaction. Domain problems are 400s, unknown owner/parent 422s naming the field.
 */
export async function createAccount(
  db: Kysely<DB>,
  ctx: AuthContext,
  input: AccountFields,
): Promise<AccountOut> {
  const domains = resolveAccountDomains(input);
  return db.transaction().execute(async (trx) => {
    await assertWorkspaceMember(trx, ctx.workspaceId, input.ownerId);
    await assertAccountParent(trx, ctx.workspaceId, null, input.parentId);
    await assertUnique(trx, 'accounts', ctx.workspaceId, null, [
      { column: 'salesforce_id', value: input.salesforceId, path: 'body.salesforceId' },
      { column: 'hubspot_id', value: input.hubspotId, path: 'body.hubspotId' },
    ]);
    const row = await trx
      .insertInto('accounts')
      .values({
        ...accountColumns(input),
        name: input.name,
        workspace_id: ctx.workspaceId,
        domain: domains.primary,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await syncAccountDomains(trx, ctx.workspaceId, row.id, domains);
    await afterAccountsWritten(trx, ctx.workspaceId, [row.id]);
    const derived = await loadAccountDerived(trx, ctx.workspaceId, [row.id]);
    const out = toAccountOut(
      await readAccount(trx, ctx.workspaceId, row.id),
      domains.all,
      derived.get(row.id),
    );
    await recordAudit(trx, ctx, {
      action: 'account.create',
      objectType: 'account',
      objectId: row.id,
      changes: auditChanges(null, out, ['id', 'createdAt', 'updatedAt']),
    });
    return out;
  });
}
