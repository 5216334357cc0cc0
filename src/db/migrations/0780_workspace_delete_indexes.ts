import { type Kysely, sql } from 'kysely';

/**
 * Indexes behind the last two foreign keys into deleted tables that had none: sessions →
 * workspaces (deleting a workspace scanned every session) and account_topic_weekly → intent_topics
 * (deleting a topic walked every weekly topic row of the workspace, once per topic deleted).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE INDEX IF NOT EXISTS sessions_workspace_idx ON sessions (workspace_id);
    CREATE INDEX IF NOT EXISTS account_topic_weekly_topic_idx ON account_topic_weekly (workspace_id, topic_id);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP INDEX IF EXISTS account_topic_weekly_topic_idx;
    DROP INDEX IF EXISTS sessions_workspace_idx;
  `.execute(db);
}
