import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';

export interface StageArrival {
  accountId: string;
  accountName: string;
  /** When the account entered the stage it is still in. */
  since: Date;
}

/**
 * The accounts that most recently entered a stage and are still in it (e.g. "newly MQA"), newest
 * first: a backward range scan of the account_stages (workspace_id, stage, since) index, so the
 * cost is the page size, not the workspace size. Accounts that never left the first stage have no
 * stage row and are not listed.
 *
 * @example
 * const newlyMqa = await stageArrivals(db, workspaceId, { stage: 'mqa', limit: 10 });
 */
export async function stageArrivals(
  db: Kysely<DB>,
  workspaceId: string,
  options: { stage: string; limit: number; isTarget?: boolean | undefined },
): Promise<StageArrival[]> {
  let query = db
    .selectFrom('account_stages as st')
    .innerJoin('accounts as a', (join) =>
      join.onRef('a.workspace_id', '=', 'st.workspace_id').onRef('a.id', '=', 'st.account_id'),
    )
    .select(['st.account_id', 'a.name', 'st.since'])
    .where('st.workspace_id', '=', workspaceId)
    .where('st.stage', '=', options.stage)
    .orderBy('st.since', 'desc')
    .orderBy('st.account_id')
    .limit(options.limit);
  if (options.isTarget !== undefined) query = query.where('a.is_target', '=', options.isTarget);
  const rows = await query.execute();
  return rows.map((r) => ({ accountId: r.account_id, accountName: r.name, since: r.since }));
}
