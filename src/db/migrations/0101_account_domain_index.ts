import { type Kysely, sql } from 'kysely';

/** `GET /accounts?domain=acme.com` (exact primary-domain filter) as an index lookup. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX accounts_domain_idx ON accounts (workspace_id, domain) WHERE domain IS NOT NULL`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX IF EXISTS accounts_domain_idx`.execute(db);
}
