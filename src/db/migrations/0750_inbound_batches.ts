import { type Kysely, sql } from 'kysely';

/**
 * The inbound queue holds one row per accepted request instead of one per event: `/v1/*` appends
 * ONE row (the request's validated events as a JSON array, kept as text: the server wrote it with
 * JSON.stringify, so PostgreSQL need not parse it — the processor does, in Node) and the processor
 * deletes one row per request. That is one heap tuple and one index entry per request where there
 * were a hundred, on the path that must commit before the 2xx. Events waiting in the old queue
 * move over in order (one row each), and the new ids start above every id used so far, so
 * dead-letter ids stay unique. Failures are kept per event: `(workspace_id, id, position)` = the
 * request's row and the event's place in it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE inbound_batches (
      workspace_id uuid NOT NULL,
      id bigint GENERATED ALWAYS AS IDENTITY,
      events integer NOT NULL CHECK (events > 0),
      payload text NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now(),
      attempts smallint NOT NULL DEFAULT 0,
      PRIMARY KEY (workspace_id, id)
    ) WITH (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 200);

    -- lz4 compresses a request's JSON faster than the default pglz, where the server has it
    -- (PostgreSQL built with lz4, as the usual packages are; the embedded build is not).
    DO $lz4$ BEGIN
      ALTER TABLE inbound_batches ALTER COLUMN payload SET COMPRESSION lz4;
    EXCEPTION WHEN feature_not_supported THEN NULL;
    END $lz4$;

    SELECT setval(pg_get_serial_sequence('inbound_batches', 'id'),
      greatest((SELECT max(id) FROM inbound_events), (SELECT max(id) FROM inbound_failures), 0) + 1, false);

    INSERT INTO inbound_batches (workspace_id, events, payload, received_at, attempts)
    SELECT workspace_id, 1, jsonb_build_array(payload)::text, received_at, attempts
    FROM inbound_events ORDER BY id;

    DROP TABLE inbound_events;

    ALTER TABLE inbound_failures ADD COLUMN position integer NOT NULL DEFAULT 0;
    ALTER TABLE inbound_failures DROP CONSTRAINT inbound_failures_pkey;
    ALTER TABLE inbound_failures ADD PRIMARY KEY (workspace_id, id, position);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
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

    INSERT INTO inbound_events (workspace_id, message_id, payload, received_at, attempts)
    SELECT b.workspace_id, e.value->>'messageId', e.value, b.received_at, b.attempts
    FROM inbound_batches b, jsonb_array_elements(b.payload::jsonb) WITH ORDINALITY AS e(value, n)
    ORDER BY b.id, e.n;

    DROP TABLE inbound_batches;

    ALTER TABLE inbound_failures DROP CONSTRAINT inbound_failures_pkey;
    ALTER TABLE inbound_failures DROP COLUMN position;
    ALTER TABLE inbound_failures ADD PRIMARY KEY (workspace_id, id);
  `.execute(db);
}
