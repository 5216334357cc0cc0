import { type Kysely, sql } from 'kysely';

/**
 * Durable accept for the tracking API. `/v1/*` stores validated events here with one multi-row
 * INSERT and answers 2xx after that commit; the inbound processor (src/ingest/drain-inbound.ts)
 * drains each workspace oldest first in large batches, turning events into activities and deleting
 * them in the same transaction. No foreign key on purpose: the request path takes no lock on any
 * shared row (a key check would share-lock the workspace row); events of a deleted workspace are
 * dropped by the processor. Events that fail processing repeatedly are moved to `inbound_failures`
 * (kept for inspection, never retried automatically). The queue churns, so autovacuum runs early.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE inbound_events (
      workspace_id uuid NOT NULL,
      id bigint GENERATED ALWAYS AS IDENTITY,
      message_id text NOT NULL,
      payload jsonb NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now(),
      attempts smallint NOT NULL DEFAULT 0,
      PRIMARY KEY (workspace_id, id)
    ) WITH (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 1000);

    CREATE TABLE inbound_failures (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      id bigint NOT NULL,
      message_id text NOT NULL,
      payload jsonb NOT NULL,
      received_at timestamptz NOT NULL,
      failed_at timestamptz NOT NULL DEFAULT now(),
      error text NOT NULL,
      PRIMARY KEY (workspace_id, id)
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS inbound_failures, inbound_events;`.execute(db);
}
