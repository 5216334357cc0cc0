import { type Kysely, sql } from 'kysely';

/** Indexes leading with the foreign keys of sales alerts (account) and deliveries (webhook): deletes stay index probes. */
export async function up<T>(db: Kysely<T>): Promise<void> {
  await sql`
    CREATE INDEX sales_alerts_account_idx ON sales_alerts (workspace_id, account_id, created_at DESC);
    CREATE INDEX alert_deliveries_webhook_idx ON alert_deliveries (workspace_id, webhook_id);
  `.execute(db);
}

export async function down<T>(db: Kysely<T>): Promise<void> {
  await sql`DROP INDEX IF EXISTS alert_deliveries_webhook_idx, sales_alerts_account_idx`.execute(db);
}
