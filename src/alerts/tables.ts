import type { ColumnType, Generated } from 'kysely';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type TextArray = ColumnType<string[], string[] | undefined, string[]>;

export interface AlertCursorsTable {
  workspace_id: string;
  source: string;
  position: ColumnType<number, number | undefined, number>;
  updated_at: Timestamp;
}

export interface AlertPreferencesTable {
  workspace_id: string;
  user_id: string;
  kinds: TextArray;
  inbox: ColumnType<boolean, boolean | undefined, boolean>;
  digest: ColumnType<
    'off' | 'hourly' | 'daily',
    'off' | 'hourly' | 'daily' | undefined,
    'off' | 'hourly' | 'daily'
  >;
  throttle_hours: ColumnType<number, number | undefined, number>;
  last_digest_at: NullableTimestamp;
  updated_at: Timestamp;
}

export interface AlertThrottleTable {
  workspace_id: string;
  owner_id: string;
  account_id: string;
  kind: string;
  last_at: Timestamp;
}

export interface SalesAlertsTable {
  workspace_id: string;
  id: Generated<string>;
  kind: string;
  account_id: string;
  owner_id: string | null;
  contact_id: string | null;
  title: string;
  reason: string;
  link: string;
  /** What raised it: `signal_events:<id>` or `activities:<id>`. */
  source: string;
  /** The inbox item (owner_tasks) showing it. */
  task_id: string | null;
  digested_at: NullableTimestamp;
  created_at: CreatedAt;
}

export interface AlertWebhooksTable {
  workspace_id: string;
  id: Generated<string>;
  /** A person's own webhook; null: the team's (every owner's alerts). */
  user_id: string | null;
  name: string;
  /** The URL, sealed (src/email/secret-box.ts): it is the webhook's only credential. */
  url_sealed: string;
  /** What the API shows of it (scheme and host). */
  url_hint: string;
  kinds: TextArray;
  created_at: CreatedAt;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface AlertDeliveriesTable {
  workspace_id: string;
  id: Generated<number>;
  alert_id: string;
  webhook_id: string;
  status: ColumnType<DeliveryStatus, DeliveryStatus | undefined, DeliveryStatus>;
  attempts: ColumnType<number, number | undefined, number>;
  next_at: Timestamp;
  last_error: string | null;
  delivered_at: NullableTimestamp;
  created_at: CreatedAt;
}

export interface AlertsTables {
  alert_cursors: AlertCursorsTable;
  alert_preferences: AlertPreferencesTable;
  alert_throttle: AlertThrottleTable;
  sales_alerts: SalesAlertsTable;
  alert_webhooks: AlertWebhooksTable;
  alert_deliveries: AlertDeliveriesTable;
}

declare module '../db/schema.ts' {
  interface DB extends AlertsTables {}
}
