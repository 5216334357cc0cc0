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

/** Tables of event ingestion and email tracking. */
export interface IngestTables {
  write_keys: WriteKeysTable;
  anonymous_ids: AnonymousIdsTable;
  identity_user_ids: IdentityUserIdsTable;
  email_tracking_secrets: EmailTrackingSecretsTable;
}
