import { type Kysely, sql } from 'kysely';
import { recordAudit } from '../audit/record-audit.ts';
import type { AuthContext } from '../auth/auth-context.ts';
import type { DB } from '../db/schema.ts';
import { HttpProblem } from '../errors/problem.ts';

/**
 * Pin an account's tier (1–3) or clear the pin (null). The override sticks: tier proposals and list
 * activation keep it. The account's tier changes now; clearing falls back to its active list tier.
 */
export async function setTierOverride(
  db: Kysely<DB>,
  ctx: AuthContext,
  accountId: string,
  tier: number | null,
  reason?: string,
) {
  const ws = ctx.workspaceId;
  return db.transaction().execute(async (trx) => {
    const result = await sql<{ tier: number | null; tier_override: number | null }>`
      UPDATE accounts a SET tier_override = ${tier}::smallint, tier_reason = ${tier === null ? null : (reason ?? 'manual override')}::text,
        tier = coalesce(${tier}::smallint, (SELECT m.tier FROM target_list_members m JOIN target_lists l
          ON l.workspace_id = m.workspace_id AND l.id = m.list_id AND l.status = 'active'
          WHERE m.workspace_id = a.workspace_id AND m.account_id = a.id)),
        updated_at = now()
      WHERE a.workspace_id = ${ws} AND a.id = ${accountId}::uuid
      RETURNING a.tier, a.tier_override`.execute(trx);
    const row = result.rows[0];
    if (!row)
      throw new HttpProblem(404, 'Not found', { detail: `No account ${accountId} in this workspace` });
    await recordAudit(trx, ctx, {
      action: 'account.tier_override',
      objectType: 'account',
      objectId: accountId,
      changes: { tierOverride: tier },
    });
    return { accountId, tier: row.tier, tierOverride: row.tier_override };
  });
}
