import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../db/schema.ts';
import { HttpProblem } from '../errors/problem.ts';

export const RoutingDecisionOutSchema = z.object({
  id: z.number().int(),
  accountId: z.uuid(),
  contactId: z.uuid().nullable(),
  ruleId: z.uuid().nullable(),
  ruleName: z.string().nullable(),
  previousOwnerId: z.uuid().nullable(),
  ownerId: z.uuid().nullable(),
  reason: z.string(),
  trigger: z.string(),
  at: z.date(),
});
export type RoutingDecisionOut = z.infer<typeof RoutingDecisionOutSchema>;

/** The routing audit of one account (its own owner and its contacts'), newest first; 404 for another workspace's. */
export async function listDecisions(
  db: Kysely<DB>,
  workspaceId: string,
  accountId: string,
  limit = 200,
): Promise<RoutingDecisionOut[]> {
  const account = await db
    .selectFrom('accounts')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', accountId)
    .executeTakeFirst();
  if (!account)
    throw new HttpProblem(404, 'Not found', { detail: `No account ${accountId} in this workspace` });
  const rows = await db
    .selectFrom('routing_decisions')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('account_id', '=', accountId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    accountId: r.account_id,
    contactId: r.contact_id,
    ruleId: r.rule_id,
    ruleName: r.rule_name,
    previousOwnerId: r.previous_owner_id,
    ownerId: r.owner_id,
    reason: r.reason,
    trigger: r.trigger,
    at: r.at,
  }));
}
