import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/record-audit.ts';
import type { AuthContext } from '../auth/auth-context.ts';
import type { DB } from '../db/schema.ts';
import { HttpProblem } from '../errors/problem.ts';
import { leadKeys } from './contact-matching.ts';

/** The contact after a manual decision. */
export interface DecisionOutcome {
  contactId: string;
  decision: 'assign' | 'reject';
  accountId: string | null;
  matchMethod: 'manual';
  matchConfidence: number | null;
}

/**
 * Stores a manual matching decision for a contact (by contact id and by its email, so it sticks on every
 * re-run and survives a re-import) and applies it: `assign` links the contact to `accountId` with method
 * `manual`, confidence 1; `reject` unlinks it (optionally naming the rejected suggestion). Audited.
 * 404 for an unknown contact, 422 naming `body.accountId` for an unknown account.
 */
export async function decideMatch(
  db: Kysely<DB>,
  ctx: AuthContext,
  contactId: string,
  decision: 'assign' | 'reject',
  accountId: string | null,
): Promise<DecisionOutcome> {
  return db.transaction().execute(async (trx) => {
    const contact = await trx
      .selectFrom('contacts')
      .select(['id', 'email', 'account_id'])
      .where('workspace_id', '=', ctx.workspaceId)
      .where('id', '=', contactId)
      .forUpdate()
      .executeTakeFirst();
    if (!contact)
      throw new HttpProblem(404, 'Contact not found', {
        detail: `no contact ${contactId} in this workspace`,
      });
    if (accountId) {
      const account = await trx
        .selectFrom('accounts')
        .select('id')
        .where('workspace_id', '=', ctx.workspaceId)
        .where('id', '=', accountId)
        .executeTakeFirst();
      if (!account) {
        throw new HttpProblem(422, 'Unknown account', {
          detail: 'body.accountId: no account with this id in the workspace',
          errors: [{ path: 'body.accountId', message: 'no account with this id in the workspace' }],
        });
      }
    }
    const decidedBy = `${ctx.actorType}:${ctx.actorId}`;
    const rows = leadKeys(contact.id, contact.email).map((lead_key) => ({
      workspace_id: ctx.workspaceId,
      lead_key,
      decision,
      account_id: accountId,
      decided_by: decidedBy,
      decided_at: new Date(),
    }));
    await trx
      .insertInto('match_decisions')
      .values(rows)
      .onConflict((oc) =>
        oc.columns(['workspace_id', 'lead_key']).doUpdateSet((eb) => ({
          decision: eb.ref('excluded.decision'),
          account_id: eb.ref('excluded.account_id'),
          decided_by: eb.ref('excluded.decided_by'),
          decided_at: eb.ref('excluded.decided_at'),
        })),
      )
      .execute();
    const linked = decision === 'assign' ? accountId : null;
    const confidence = decision === 'assign' ? 1 : null;
    await trx
      .updateTable('contacts')
      .set({
        account_id: linked,
        match_method: 'manual',
        match_confidence: confidence,
        updated_at: new Date(),
      })
      .where('workspace_id', '=', ctx.workspaceId)
      .where('id', '=', contact.id)
      .execute();
    await recordAudit(trx, ctx, {
      action: `matching.${decision}`,
      objectType: 'contact',
      objectId: contact.id,
      changes: {
        accountId: { from: contact.account_id, to: linked },
        ...(decision === 'reject' && accountId ? { rejectedAccountId: accountId } : {}),
      },
    });
    return {
      contactId: contact.id,
      decision,
      accountId: linked,
      matchMethod: 'manual',
      matchConfidence: confidence,
    };
  });
}
