import type { ColumnType, Generated } from 'kysely';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type SeenAt = ColumnType<Date, Date | string | undefined, Date | string>;

export interface WriteKeysTable {
  workspace_id: string;
  id: Generated<string>;
  name: string;
  prefix: string;
  key_hash: string;
  created_by: string | null;
  created_at: CreatedAt;
  revoked_at: Date | null;
}

export interface AnonymousIdsTable {
  workspace_id: string;
  anonymous_id: string;
  contact_id: string | null;
  first_seen_at: SeenAt;
  last_seen_at: SeenAt;
}

export interface IdentityUserIdsTable {
  workspace_id: string;
  user_id: string;
  contact_id: string;
  first_seen_at: SeenAt;
  last_seen_at: SeenAt;
}

export interface EmailTrackingSecretsTable {
  workspace_id: string;
  secret: string;
  created_at: CreatedAt;
}

/**
 * One accepted tracking request waiting for the inbound processor (migration 0750): its validated
 * events, in order, as a JSON array of InboundPayload (see inbound-payload.ts).
 */
export interface InboundBatchesTable {
  workspace_id: string;
  id: Generated<number>;
  /** How many events the payload holds. */
  events: number;
  /** JSON text */
  payload: string;
  received_at: CreatedAt;
  attempts: ColumnType<number, number | undefined, number>;
}

/** An inbound event that kept failing to process, kept for inspection. */
export interface InboundFailuresTable {
  workspace_id: string;
  /** The inbound_batches row it came in. */
  id: number;
  /** Its place in that row's events. */
  position: number;
  message_id: string;
  payload: ColumnType<unknown, string, string>;
  received_at: Date;
  failed_at: CreatedAt;
  error: string;
}

/** Tables of event ingestion and email tracking. */
export interface IngestTables {
  write_keys: WriteKeysTable;
  inbound_batches: InboundBatchesTable;
  inbound_failures: InboundFailuresTable;
  anonymous_ids: AnonymousIdsTable;
  identity_user_ids: IdentityUserIdsTable;
  email_tracking_secrets: EmailTrackingSecretsTable;
}

declare module '../db/schema.ts' {
  interface DB extends IngestTables {}
}
