import { type Kysely, sql } from 'kysely';

/**
 * Event ingestion: per-source write keys, and the identity graph that ties anonymous browser ids and
 * Segment user ids to contacts. The partial indexes on activities find a visitor's not-yet-attributed
 * history when they identify, and stay small because attributed rows drop out of them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE write_keys (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      name text NOT NULL,
      prefix text NOT NULL,
      key_hash text NOT NULL UNIQUE,
      created_by text,
      created_at timestamptz NOT NULL DEFAULT now(),
      revoked_at timestamptz,
      PRIMARY KEY (workspace_id, id)
    );

    CREATE TABLE anonymous_ids (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      anonymous_id text NOT NULL,
      contact_id uuid,
      first_seen_at timestamptz NOT NULL DEFAULT now(),
      last_seen_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, anonymous_id),
      FOREIGN KEY (workspace_id, contact_id) REFERENCES contacts(workspace_id, id) ON DELETE SET NULL (contact_id)
    );
    CREATE INDEX anonymous_ids_contact_idx ON anonymous_ids (workspace_id, contact_id) WHERE contact_id IS NOT NULL;

    CREATE TABLE identity_user_ids (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      user_id text NOT NULL,
      contact_id uuid NOT NULL,
      first_seen_at timestamptz NOT NULL DEFAULT now(),
      last_seen_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, user_id),
      FOREIGN KEY (workspace_id, contact_id) REFERENCES contacts(workspace_id, id) ON DELETE CASCADE
    );

    CREATE INDEX activities_unresolved_anonymous_idx ON activities (workspace_id, (properties->>'anonymousId'))
      WHERE contact_id IS NULL AND properties ? 'anonymousId';
    CREATE INDEX activities_unresolved_user_idx ON activities (workspace_id, (properties->>'userId'))
      WHERE contact_id IS NULL AND properties ? 'userId';
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP INDEX IF EXISTS activities_unresolved_anonymous_idx, activities_unresolved_user_idx;
    DROP TABLE IF EXISTS identity_user_ids, anonymous_ids, write_keys;
  `.execute(db);
}
