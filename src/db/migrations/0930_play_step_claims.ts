import { type Kysely, sql } from 'kysely';

/**
 * Plays workers name themselves on the steps they claim (host:pid:random, as the e-mail sender does),
 * so a worker that starts on the same host settles the claims of one that died at once instead of
 * after the lease.
 */
export async function up<T>(db: Kysely<T>): Promise<void> {
  await sql`ALTER TABLE play_steps ADD COLUMN claimed_by text`.execute(db);
}

export async function down<T>(db: Kysely<T>): Promise<void> {
  await sql`ALTER TABLE play_steps DROP COLUMN IF EXISTS claimed_by`.execute(db);
}
