import { type Kysely, sql } from 'kysely';

/** The seller's inbox: a task or alert can be snoozed until a time (hidden from the open list until then). */
export async function up<T>(db: Kysely<T>): Promise<void> {
  await sql`ALTER TABLE owner_tasks ADD COLUMN snoozed_until timestamptz`.execute(db);
}

export async function down<T>(db: Kysely<T>): Promise<void> {
  await sql`ALTER TABLE owner_tasks DROP COLUMN IF EXISTS snoozed_until`.execute(db);
}
