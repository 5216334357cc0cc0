import { type Kysely, sql } from 'kysely';

/**
 * Every account gets a journey-stage row: accounts never evaluated (in the first stage by definition)
 * had none, so `stage=<first stage>` list filters and stage sorts missed them. From now on stage
 * evaluation writes the row on an account's first evaluation; this fills in the existing accounts with
 * their workspace's first stage (the default model's `unaware` when the workspace has not set one).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    INSERT INTO account_stages (workspace_id, account_id, stage, since, position)
    SELECT a.workspace_id, a.id,
      coalesce((SELECT j.key FROM journey_stages j WHERE j.workspace_id = a.workspace_id
        ORDER BY j.position LIMIT 1), 'unaware'), a.created_at, 0
    FROM accounts a
    WHERE NOT EXISTS (SELECT 1 FROM account_stages s WHERE s.workspace_id = a.workspace_id AND s.account_id = a.id)
  `.execute(db);
}

export async function down(): Promise<void> {
  // The rows are valid stage rows; nothing to undo.
}
