import type { Kysely } from 'kysely';
import { z } from 'zod';
import { recordAudit } from '../audit/record-audit.ts';
import type { AuthContext } from '../auth/auth-context.ts';
import type { DB } from '../db/schema.ts';
import { HttpProblem } from '../errors/problem.ts';
import { wakeSenders } from './sender-wakeup.ts';

/** How a person settles an uncertain send: it went out, it did not (failed), or send it again. */
export const ResolveSendSchema = z.strictObject({ outcome: z.enum(['sent', 'failed', 'resend']) });

/**
 * Settle an `uncertain` send (the sender stopped during its SMTP transaction): a person who checked
 * the mail server's log says whether it went out; `resend` queues it again (knowingly risking a
 * duplicate). Anything but an uncertain send is a 409.
 */
export async function resolveUncertainSend(
  db: Kysely<DB>,
  ctx: AuthContext,
  sendId: string,
  outcome: z.infer<typeof ResolveSendSchema>['outcome'],
): Promise<void> {
  const updated = await db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('email_sends')
      .set(
        outcome === 'resend'
          ? {
              status: 'queued',
              due_at: new Date(),
              claimed_by: null,
              claimed_at: null,
              updated_at: new Date(),
            }
          : { status: outcome, reason: `resolved by hand as ${outcome}`, updated_at: new Date() },
      )
      .where('workspace_id', '=', ctx.workspaceId)
      .where('id', '=', sendId)
      .where('status', '=', 'uncertain')
      .returning('id')
      .executeTakeFirst();
    if (row) {
      await recordAudit(trx, ctx, {
        action: 'email.resolve',
        objectType: 'email_send',
        objectId: sendId,
        changes: { outcome },
      });
    }
    return row;
  });
  if (!updated) {
    const exists = await db
      .selectFrom('email_sends')
      .select('status')
      .where('workspace_id', '=', ctx.workspaceId)
      .where('id', '=', sendId)
      .executeTakeFirst();
    if (!exists) throw new HttpProblem(404, 'Not found', { detail: 'No such send in this workspace' });
    throw new HttpProblem(409, 'Conflict', { detail: `The send is ${exists.status}, not uncertain` });
  }
  if (outcome === 'resend') wakeSenders();
}
