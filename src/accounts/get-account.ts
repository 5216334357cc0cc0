import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import type { DB } from '../db/schema.ts';
import { HttpProblem } from '../errors/problem.ts';
import { AccountOutSchema, loadAccountDomains, toAccountOut } from './account-output.ts';
import { loadAccountDerived } from './load-account-derived.ts';

/** One account with its parent and how much hangs off it. */
export const AccountDetailSchema = AccountOutSchema.extend({
  parent: z.object({ id: z.string(), name: z.string() }).nullable(),
  counts: z.object({
    contacts: z.number(),
    opportunities: z.number(),
    openOpportunities: z.number(),
    children: z.number(),
  }),
});
export type AccountDetail = z.infer<typeof AccountDetailSchema>;

/** An account of the workspace with parent {id,name} and counts; 404 for any id not in the workspace. */
export async function getAccount(db: Kysely<DB>, workspaceId: string, id: string): Promise<AccountDetail> {
  const row = await db
    .selectFrom('accounts as a')
    .leftJoin('accounts as p', (join) =>
      join.onRef('p.workspace_id', '=', 'a.workspace_id').onRef('p.id', '=', 'a.parent_id'),
    )
    .selectAll('a')
    .select([
      'p.name as parent_name',
      sql<number>`(SELECT count(*) FROM contacts c WHERE c.workspace_id = a.workspace_id AND c.account_id = a.id)`.as(
        'contact_count',
      ),
      sql<number>`(SELECT count(*) FROM opportunities o WHERE o.workspace_id = a.workspace_id AND o.account_id = a.id)`.as(
        'opportunity_count',
      ),
      sql<number>`(SELECT count(*) FROM opportunities o WHERE o.workspace_id = a.workspace_id AND o.account_id = a.id AND NOT o.is_closed)`.as(
        'open_opportunity_count',
      ),
      sql<number>`(SELECT count(*) FROM accounts c WHERE c.workspace_id = a.workspace_id AND c.parent_id = a.id)`.as(
        'child_count',
      ),
    ])
    .where('a.workspace_id', '=', workspaceId)
    .where('a.id', '=', id)
    .executeTakeFirst();
  if (!row) throw new HttpProblem(404, 'Not found', { detail: `No account ${id} in this workspace` });
  const [domains, derived] = await Promise.all([
    loadAccountDomains(db, workspaceId, [id]),
    loadAccountDerived(db, workspaceId, [id]),
  ]);
  return {
    ...toAccountOut(row, domains.get(id) ?? [], derived.get(id)),
    parent: row.parent_id && row.parent_name !== null ? { id: row.parent_id, name: row.parent_name } : null,
    counts: {
      contacts: Number(row.contact_count),
      opportunities: Number(row.opportunity_count),
      openOpportunities: Number(row.open_opportunity_count),
      children: Number(row.child_count),
    },
  };
}
