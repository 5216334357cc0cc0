import { type Kysely, sql } from 'kysely';

/**
 * Account list sorting by fit: fit_score both ways (ascending via this index, descending via
 * accounts_fit_score_idx of 0500). fit_probability orders like fit_score (the score is its
 * percentile), so its index is dropped: one index less to maintain when every account is rescored.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP INDEX IF EXISTS accounts_fit_probability_idx;
    CREATE INDEX accounts_fit_score_asc_idx ON accounts (workspace_id, fit_score, id);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP INDEX IF EXISTS accounts_fit_score_asc_idx;
    CREATE INDEX accounts_fit_probability_idx ON accounts (workspace_id, fit_probability DESC NULLS LAST, id DESC);
  `.execute(db);
}
