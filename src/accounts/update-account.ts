import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/record-audit.ts';
import type { AuthContext } from '../auth/auth-context.ts';
import type { DB } from '../db/schema.ts';
import { HttpProblem } from '../errors/problem.ts';
import { normalizeDomain } from '../matching/normalize-domain.ts';
import { afterAccountsWritten } from '../pipeline/refresh-derived.ts';
import { assertUnique } from '../records/assert-unique.ts';
import { auditChanges } from '../records/audit-changes.ts';
import { assertCanEdit, assertWorkspaceMember } from '../records/record-access.ts';
import { accountColumns } from './account-columns.ts';
import type { AccountFields } from './account-fields.ts';
import { type AccountOut, loadAccountDomains, toAccountOut } from './account-output.ts';
import { assertAccountParent } from './assert-account-parent.ts';
import { loadAccountDerived } from './load-account-derived.ts';
import { readAccount } from './read-account.ts';
import { resolveAccountDomains, syncAccountDomains } from './resolve-account-domains.ts';

/**
 * Apply a partial update to an account of the caller's workspace (404 for any other id). Sales may
 * change only accounts they own. Domains are re-normalised and re-synced when domain, website or
 * domains change; the audit entry holds each changed field's old and new value.
 */
export async function updateAccount(
  db: Kysely<DB>,
  ctx: AuthContext,
  id: string,
  patch: Partial<AccountFields>,
): Promise<AccountOut> {
  return db.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom('accounts')
      .selectAll()
      .where('workspace_id', '=', ctx.workspaceId)
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!current) throw new HttpProblem(404, 'Not found', { detail: `No account ${id} in this workspace` });
    const domainMap = await loadAccountDomains(trx, ctx.workspaceId, [id]);
    const derivedBefore = await loadAccountDerived(trx, ctx.workspaceId, [id]);
    const before = toAccountOut(current, domainMap.get(id) ?? [], derivedBefore.get(id));
    assertCanEdit(ctx, before, patch);
    if (patch.ownerId !== undefined && patch.ownerId !== current.owner_id)
      await assertWorkspaceMember(trx, ctx.workspaceId, patch.ownerId);
    if (patch.parentId !== undefined && patch.parentId !== current.parent_id)
      await assertAccountParent(trx, ctx.workspaceId, id, patch.parentId);
    await assertUnique(trx, 'accounts', ctx.workspaceId, id, [
      { column: 'salesforce_id', value: patch.salesforceId, path: 'body.salesforceId' },
      { column: 'hubspot_id', value: patch.hubspotId, path: 'body.hubspotId' },
    ]);

    const set = accountColumns(patch);
    let domains = before.domains;
    if (patch.domain !== undefined || patch.website !== undefined || patch.domains !== undefined) {
      // A primary domain that came from the old website follows the new one.
      const derivedFromWebsite =
        patch.website !== undefined &&
        current.domain !== null &&
        current.domain === normalizeDomain(current.website);
      const secondary = before.domains.filter((d) => d !== current.domain);
      const resolved = resolveAccountDomains(
        {
          domain: patch.domain !== undefined ? patch.domain : derivedFromWebsite ? null : current.domain,
          website: patch.website !== undefined ? patch.website : current.website,
          domains: patch.domains,
        },
        secondary,
      );
      set.domain = resolved.primary;
      domains = resolved.all;
      await syncAccountDomains(trx, ctx.workspaceId, id, resolved);
    }
    const row = await trx
      .updateTable('accounts')
      .set({ ...set, updated_at: new Date() })
      .where('workspace_id', '=', ctx.workspaceId)
      .where('id', '=', id)
      .returning('id')
      .executeTakeFirstOrThrow();
    await afterAccountsWritten(trx, ctx.workspaceId, [row.id]);
    const derivedAfter = await loadAccountDerived(trx, ctx.workspaceId, [id]);
    const after = toAccountOut(
      await readAccount(trx, ctx.workspaceId, row.id),
      domains,
      derivedAfter.get(id),
    );
    const changes = auditChanges(before, after, ['updatedAt']);
    if (Object.keys(changes).length > 0) {
      await recordAudit(trx, ctx, { action: 'account.update', objectType: 'account', objectId: id, changes });
    }
    return after;
  });
}
