import { type Kysely, sql } from 'kysely';

/**
 * Per-workspace HMAC keys for email open/click tokens. An HMAC key must be usable to verify, so it is
 * stored as-is (not hashed); it never leaves the server and can be rotated by replacing the row.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE email_tracking_secrets (
      workspace_id uuid PRIMARY KEY REFERENCES workspaces(id) ON DELETE CASCADE,
      secret text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS email_tracking_secrets;`.execute(db);
}
