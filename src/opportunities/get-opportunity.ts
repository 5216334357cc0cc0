import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { HttpProblem } from '../errors/problem.ts';
import { type OpportunityOut, toOpportunityOut } from './opportunity-output.ts';

/** An opportunity of the workspace; 404 for any id not in it. */
export async function getOpportunity(
  db: Kysely<DB>,
  workspaceId: string,
  id: string,
): Promise<OpportunityOut> {
  const row = await db
    .selectFrom('opportunities')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw new HttpProblem(404, 'Not found', { detail: `No opportunity ${id} in this workspace` });
  return toOpportunityOut(row);
}
