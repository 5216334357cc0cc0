import type { Kysely } from 'kysely';
import type { DB, Opportunity } from '../db/schema.ts';
import { parseListQuery } from '../records/parse-list-query.ts';
import { runListQuery } from '../records/run-list-query.ts';
import { OPPORTUNITY_LIST_FIELDS, OPPORTUNITY_SEARCH_COLUMNS } from './opportunity-list-fields.ts';
import { type OpportunityOut, toOpportunityOut } from './opportunity-output.ts';

/** A page of the workspace's opportunities for flat list parameters (see parseListQuery). */
export async function listOpportunities(
  db: Kysely<DB>,
  workspaceId: string,
  query: Record<string, unknown>,
): Promise<{ data: OpportunityOut[]; nextCursor: string | null }> {
  const parsed = parseListQuery(query, {
    fields: OPPORTUNITY_LIST_FIELDS,
    defaultSort: '-updatedAt',
    searchColumns: OPPORTUNITY_SEARCH_COLUMNS,
  });
  const page = await runListQuery<Opportunity>(db, 'opportunities', workspaceId, parsed);
  return { data: page.rows.map(toOpportunityOut), nextCursor: page.nextCursor };
}
