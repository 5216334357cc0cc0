import { type RawBuilder, sql } from 'kysely';

/**
 * A workspace id for a WHERE clause, as a value the planner only learns when the query runs (an
 * init-plan parameter). It then estimates the workspace's rows as an average workspace's, instead
 * of reading the id in statistics gathered before the workspace had rows — which say it has none
 * and make any index that starts with workspace_id look as good as the primary key, so a probe for
 * one key scans the whole workspace. Use it in per-key probes on tables many indexes lead with
 * workspace_id.
 *
 * @example
 * sql`SELECT account_id FROM contacts WHERE workspace_id = ${plannedWorkspace(ws)} AND id = ${id}`
 */
export function plannedWorkspace(workspaceId: string): RawBuilder<string> {
  return sql<string>`(SELECT ${workspaceId}::uuid)`;
}
