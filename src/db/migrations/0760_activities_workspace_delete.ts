import { type Kysely, sql } from 'kysely';

/**
 * Activities lose their foreign key to workspaces; deleting workspaces deletes their activities
 * through one statement-level trigger instead. The key check ran once per inserted row (a lookup
 * and a share lock on the workspace row, about 10 µs each — a fifth of the ingestion processor's
 * insert), while the workspace of every batch is already known to exist: each writer acts for an
 * authenticated workspace, and the inbound processor checks it under the workspace's lock. The
 * trigger also removes a workspace's activities in one set-based DELETE where the cascade fired
 * per row. Like account_id and contact_id, which never had keys, workspace_id is kept right by
 * the writers.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE activities DROP CONSTRAINT IF EXISTS activities_workspace_id_fkey;

    CREATE FUNCTION delete_workspace_activities() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
      DELETE FROM activities a USING deleted_workspaces d WHERE a.workspace_id = d.id;
      RETURN NULL;
    END
    $fn$;

    CREATE TRIGGER workspaces_delete_activities AFTER DELETE ON workspaces
      REFERENCING OLD TABLE AS deleted_workspaces
      FOR EACH STATEMENT EXECUTE FUNCTION delete_workspace_activities();
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TRIGGER IF EXISTS workspaces_delete_activities ON workspaces;
    DROP FUNCTION IF EXISTS delete_workspace_activities();
    ALTER TABLE activities ADD CONSTRAINT activities_workspace_id_fkey
      FOREIGN KEY (workspace_id) REFERENCES workspaces(id) ON DELETE CASCADE;
  `.execute(db);
}
