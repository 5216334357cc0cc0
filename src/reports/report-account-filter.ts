import { type RawBuilder, sql } from 'kysely';
import { z } from 'zod';

/** Optional narrowing of the accounts a report counts: by account owner and by play. */
export interface AccountFilter {
  /** Accounts owned by this user (accounts.owner_id). */
  ownerId?: string | undefined;
  /** Accounts the play entered (a run not held out as control) before the period's end. */
  playId?: string | undefined;
}

/** Query parameters of the account filter (a bad uuid is a 400 naming the field). */
export const AccountFilterQuery = {
  ownerId: z.uuid().optional().describe('Only accounts owned by this user'),
  playId: z
    .uuid()
    .optional()
    .describe('Only accounts the play entered before the period end (held-out control accounts excluded)'),
};

/**
 * The SQL condition on a facts row aliased `f` for an account filter (`true` when empty). Both
 * sub-queries are scoped to the row's workspace, so another workspace's owner or play matches nothing.
 */
export function accountFilterCondition(filter: AccountFilter, periodEnd: Date): RawBuilder<boolean> {
  const owner = filter.ownerId
    ? sql`f.account_id IN (SELECT o.id FROM accounts o
        WHERE o.workspace_id = f.workspace_id AND o.owner_id = ${filter.ownerId}::uuid)`
    : sql`true`;
  const play = filter.playId
    ? sql`f.account_id IN (SELECT r.account_id FROM play_runs r
        WHERE r.workspace_id = f.workspace_id AND r.play_id = ${filter.playId}::uuid
          AND r.status <> 'held_out' AND r.entered_at < ${periodEnd.toISOString()}::timestamptz)`
    : sql`true`;
  return sql<boolean>`(${owner} AND ${play})`;
}
