import { type Kysely, sql } from 'kysely';

/**
 * Erased people (GDPR Art. 17) are kept from coming back: one row per workspace and identifier, the
 * SHA-256 of the normalised e-mail address (`kind` = 'email', trimmed and lower-cased) or of a
 * tracking user id (`kind` = 'user_id'). Only the hash is stored, so the table names nobody; contact
 * writes and identify calls hash what they receive and skip a match (src/privacy/suppression.ts).
 */
export async function up<T>(db: Kysely<T>): Promise<void> {
  await sql`
    CREATE TABLE privacy_suppressions (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      kind text NOT NULL CHECK (kind IN ('email', 'user_id')),
      hash text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, kind, hash)
    );
  `.execute(db);
}

export async function down<T>(db: Kysely<T>): Promise<void> {
  await sql`DROP TABLE IF EXISTS privacy_suppressions;`.execute(db);
}
