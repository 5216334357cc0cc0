import type { ColumnType, Generated } from 'kysely';
import type { JsonObject, JsonValue } from '../db/json.ts';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type JsonObjectColumn = ColumnType<JsonObject, JsonObject | string | undefined, JsonObject | string>;

/** Where a send is in its life (the send log is also the sender's queue). */
export type SendStatus =
  | 'queued'
  | 'claimed'
  | 'sending'
  | 'sent'
  | 'uncertain'
  | 'failed'
  | 'refused'
  | 'delivered'
  | 'bounced'
  | 'complained';

export type SendKind = 'marketing' | 'transactional' | 'test';

/** The workspace's e-mail settings (migration 0850): non-secret config as JSON, secrets sealed. */
export interface EmailSettingsTable {
  workspace_id: string;
  config: JsonObjectColumn;
  /** Sealed with secret-box.ts; never returned by the API. */
  smtp_password: string | null;
  /** Sealed with secret-box.ts; never returned by the API. */
  dkim_private_key: string | null;
  updated_at: Timestamp;
}

/** One one-off or test send: the message (template or inline content) and its audience. */
export interface EmailBatchesTable {
  workspace_id: string;
  id: Generated<string>;
  name: string;
  kind: SendKind;
  topic: string | null;
  send_key: string;
  template_id: string | null;
  content: ColumnType<JsonValue | null, JsonValue | string | null | undefined, JsonValue | string | null>;
  audience: JsonObjectColumn;
  created_by: string | null;
  created_at: CreatedAt;
}

/** One message to one recipient: queue entry and send log row. */
export interface EmailSendsTable {
  workspace_id: string;
  id: Generated<string>;
  batch_id: string;
  send_key: string;
  /** SHA-256 of the normalised address: the idempotency key with send_key, kept after erasure. */
  recipient_hash: string;
  email: string | null;
  contact_id: string | null;
  account_id: string | null;
  kind: SendKind;
  topic: string | null;
  status: ColumnType<SendStatus, SendStatus | undefined, SendStatus>;
  dry_run: ColumnType<boolean, boolean | undefined, boolean>;
  attempts: ColumnType<number, number | undefined, number>;
  due_at: Timestamp;
  queued_at: CreatedAt;
  claimed_at: Date | null;
  claimed_by: string | null;
  sent_at: Date | null;
  message_id: string | null;
  smtp_response: string | null;
  subject: string | null;
  reason: string | null;
  delivered_at: Date | null;
  opened_at: Date | null;
  clicked_at: Date | null;
  bounced_at: Date | null;
  bounce_type: 'hard' | 'soft' | null;
  complained_at: Date | null;
  unsubscribed_at: Date | null;
  updated_at: Timestamp;
}

/** An address never mailed again (hashed): hard bounce, repeated soft bounces, complaint, manual. */
export interface EmailSuppressionsTable {
  workspace_id: string;
  recipient_hash: string;
  reason: 'hard_bounce' | 'soft_bounces' | 'complaint' | 'manual';
  detail: string | null;
  created_at: CreatedAt;
}

/** The topics a contact opted out of on the preference page. */
export interface EmailPreferencesTable {
  workspace_id: string;
  contact_id: string;
  topics_off: ColumnType<string[], string[] | undefined, string[]>;
  updated_at: Timestamp;
}

/** Tables of the e-mail sending module. */
export interface EmailTables {
  email_settings: EmailSettingsTable;
  email_batches: EmailBatchesTable;
  email_sends: EmailSendsTable;
  email_suppressions: EmailSuppressionsTable;
  email_preferences: EmailPreferencesTable;
}

declare module '../db/schema.ts' {
  interface DB extends EmailTables {}
}
