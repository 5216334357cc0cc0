import { type RawBuilder, sql } from 'kysely';

/**
 * The activities that count for an account, as the scores attribute them: its own (`account_id` is
 * the account) and those of its contacts that name no account. `where` filters both halves; it
 * refers to the activity as `a` (e.g. a time range on `a.occurred_at`). Rows are `activities.*`.
 *
 * @example
 * sql`SELECT count(*) FROM (${accountActivitiesSql(ws, accountId, sql`a.occurred_at >= now() - interval '7 days'`)}) x`
 */
export function accountActivitiesSql(
  workspaceId: string,
  accountId: string,
  where: RawBuilder<boolean>,
): RawBuilder<unknown> {
  return sql`
    SELECT a.* FROM activities a
    WHERE a.workspace_id = ${workspaceId} AND a.account_id = ${accountId} AND ${where}
    UNION ALL
    SELECT a.* FROM contacts c
    JOIN activities a ON a.workspace_id = c.workspace_id AND a.contact_id = c.id
    WHERE c.workspace_id = ${workspaceId} AND c.account_id = ${accountId} AND a.account_id IS NULL AND ${where}`;
}
