import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { JsonObject } from './json.ts';

/**
 * Kysely table types for the whole database. The core tables are here; each domain declares its own
 * tables in its tables file (e.g. `MatchingTables` in src/matching/tables.ts) and adds them to `DB`
 * there by module augmentation, so this module imports no domain and every domain may import it:
 *
 * ```ts
 * declare module '../db/schema.ts' {
 *   interface DB extends MatchingTables {}
 * }
 * ```
 */
export type Role = 'admin' | 'marketer' | 'sales';
export type Lifecycle = 'prospect' | 'customer' | 'churned';
export type ConsentBasis = 'consent' | 'legitimate_interest' | 'contract' | 'none';
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type JsonObjectColumn = ColumnType<JsonObject, JsonObject | string | undefined, JsonObject | string>;

export interface WorkspacesTable {
  id: Generated<string>;
  name: string;
  slug: string;
  settings: JsonObjectColumn;
  created_at: CreatedAt;
}

export interface UsersTable {
  id: Generated<string>;
  email: string;
  name: string | null;
  password_hash: string | null;
  created_at: CreatedAt;
}

export interface WorkspaceMembersTable {
  workspace_id: string;
  user_id: string;
  role: Role;
  created_at: CreatedAt;
}

export interface ApiKeysTable {
  id: Generated<string>;
  workspace_id: string;
  name: string;
  role: Role;
  prefix: string;
  key_hash: string;
  created_by: string | null;
  created_at: CreatedAt;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export interface SessionsTable {
  token_hash: string;
  user_id: string;
  workspace_id: string;
  created_at: CreatedAt;
  expires_at: Date;
}

export interface AccountsTable {
  workspace_id: string;
  id: Generated<string>;
  name: string;
  domain: string | null;
  website: string | null;
  industry: string | null;
  employee_count: number | null;
  annual_revenue: number | null;
  currency: string | null;
  country: string | null;
  region: string | null;
  city: string | null;
  technologies: ColumnType<string[], string[] | undefined, string[]>;
  parent_id: string | null;
  owner_id: string | null;
  lifecycle: ColumnType<Lifecycle, Lifecycle | undefined, Lifecycle>;
  is_target: ColumnType<boolean, boolean | undefined, boolean>;
  tier: number | null;
  salesforce_id: string | null;
  hubspot_id: string | null;
  external_ids: ColumnType<
    Record<string, string>,
    Record<string, string> | string | undefined,
    Record<string, string> | string
  >;
  custom: JsonObjectColumn;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface AccountDomainsTable {
  workspace_id: string;
  account_id: string;
  domain: string;
  is_primary: ColumnType<boolean, boolean | undefined, boolean>;
}

export interface ContactsTable {
  workspace_id: string;
  id: Generated<string>;
  account_id: string | null;
  email: string | null;
  email_domain: string | null;
  first_name: string | null;
  last_name: string | null;
  title: string | null;
  phone: string | null;
  country: string | null;
  match_method: string | null;
  match_confidence: number | null;
  unsubscribed: ColumnType<boolean, boolean | undefined, boolean>;
  bounced: ColumnType<boolean, boolean | undefined, boolean>;
  do_not_contact: ColumnType<boolean, boolean | undefined, boolean>;
  consent_basis: ConsentBasis | null;
  owner_id: string | null;
  salesforce_id: string | null;
  hubspot_id: string | null;
  external_ids: ColumnType<
    Record<string, string>,
    Record<string, string> | string | undefined,
    Record<string, string> | string
  >;
  custom: JsonObjectColumn;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface OpportunitiesTable {
  workspace_id: string;
  id: Generated<string>;
  account_id: string | null;
  name: string;
  stage: string;
  amount: number | null;
  currency: string | null;
  created_date: ColumnType<string, string | undefined, string>;
  close_date: string | null;
  is_closed: ColumnType<boolean, boolean | undefined, boolean>;
  is_won: ColumnType<boolean, boolean | undefined, boolean>;
  owner_id: string | null;
  salesforce_id: string | null;
  hubspot_id: string | null;
  external_ids: ColumnType<
    Record<string, string>,
    Record<string, string> | string | undefined,
    Record<string, string> | string
  >;
  custom: JsonObjectColumn;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface ActivitiesTable {
  workspace_id: string;
  id: Generated<number>;
  account_id: string | null;
  contact_id: string | null;
  type: string;
  occurred_at: Date | string;
  properties: JsonObjectColumn;
  source: ColumnType<string, string | undefined, string>;
  message_id: string | null;
  created_at: CreatedAt;
}

export interface NotesTable {
  workspace_id: string;
  id: Generated<string>;
  account_id: string;
  author_id: string | null;
  body: string;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface AuditLogTable {
  workspace_id: string;
  id: Generated<number>;
  actor_type: 'user' | 'api_key' | 'system';
  actor_id: string | null;
  action: string;
  object_type: string;
  object_id: string | null;
  changes: JsonObjectColumn;
  at: CreatedAt;
}

export interface ImportsTable {
  workspace_id: string;
  id: Generated<string>;
  kind: string;
  file_name: string | null;
  status: ColumnType<'running' | 'done' | 'failed', 'running' | 'done' | 'failed' | undefined>;
  dry_run: ColumnType<boolean, boolean | undefined, boolean>;
  mapping: JsonObjectColumn;
  rows_total: ColumnType<number, number | undefined, number>;
  inserted: ColumnType<number, number | undefined, number>;
  updated: ColumnType<number, number | undefined, number>;
  unchanged: ColumnType<number, number | undefined, number>;
  rejected: ColumnType<number, number | undefined, number>;
  rejects_csv: string | null;
  error: string | null;
  started_by: string | null;
  started_at: CreatedAt;
  finished_at: Date | null;
}

export interface CoreTables {
  workspaces: WorkspacesTable;
  users: UsersTable;
  workspace_members: WorkspaceMembersTable;
  api_keys: ApiKeysTable;
  sessions: SessionsTable;
  accounts: AccountsTable;
  account_domains: AccountDomainsTable;
  contacts: ContactsTable;
  opportunities: OpportunitiesTable;
  activities: ActivitiesTable;
  notes: NotesTable;
  audit_log: AuditLogTable;
  imports: ImportsTable;
}

/** Every table: the core ones, and each domain's, added by its tables file (see above). */
export interface DB extends CoreTables {}

export type Account = Selectable<AccountsTable>;
export type NewAccount = Insertable<AccountsTable>;
export type AccountUpdate = Updateable<AccountsTable>;
export type Contact = Selectable<ContactsTable>;
export type NewContact = Insertable<ContactsTable>;
export type Opportunity = Selectable<OpportunitiesTable>;
export type NewOpportunity = Insertable<OpportunitiesTable>;
export type Activity = Selectable<ActivitiesTable>;
export type NewActivity = Insertable<ActivitiesTable>;
