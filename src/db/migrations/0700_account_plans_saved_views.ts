import { type Kysely, sql } from 'kysely';

/**
 * Account plans (one per account, edited by sales and marketing together with a version number for
 * optimistic concurrency) and saved views (named filter + sort sets of a list page, per user, optionally
 * shared with the workspace).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE account_plans (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      account_id uuid NOT NULL,
      business_situation text NOT NULL DEFAULT '',
      goals text NOT NULL DEFAULT '',
      pain_points text NOT NULL DEFAULT '',
      key_people text NOT NULL DEFAULT '',
      next_steps text NOT NULL DEFAULT '',
      version integer NOT NULL DEFAULT 1,
      updated_by text,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, account_id),
      FOREIGN KEY (workspace_id, account_id) REFERENCES accounts(workspace_id, id) ON DELETE CASCADE
    );

    CREATE TABLE saved_views (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      owner text NOT NULL,
      page text NOT NULL,
      name text NOT NULL,
      filters jsonb NOT NULL DEFAULT '{}'::jsonb,
      sort text NOT NULL DEFAULT '',
      shared boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, id),
      UNIQUE (workspace_id, owner, page, name)
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE saved_views; DROP TABLE account_plans;`.execute(db);
}
