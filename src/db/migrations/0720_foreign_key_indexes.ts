import { type Kysely, sql } from 'kysely';

/**
 * Indexes behind two cascading foreign keys that had none: erasing a contact (identity_user_ids) or
 * deleting an account (ip_ranges) made PostgreSQL scan the whole referencing table once per deleted
 * row — minutes when a workspace or a large import is erased.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE INDEX IF NOT EXISTS identity_user_ids_contact_idx ON identity_user_ids (workspace_id, contact_id);
    CREATE INDEX IF NOT EXISTS ip_ranges_account_idx ON ip_ranges (workspace_id, account_id)
      WHERE account_id IS NOT NULL;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP INDEX IF EXISTS ip_ranges_account_idx;
    DROP INDEX IF EXISTS identity_user_ids_contact_idx;
  `.execute(db);
}
