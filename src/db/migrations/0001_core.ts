import { type Kysely, sql } from 'kysely';

/**
 * The core account data model. Every customer-data table leads its primary key with workspace_id,
 * so the tables can be distributed by workspace on Citus (co-located joins on workspace_id).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE EXTENSION IF NOT EXISTS pg_trgm;

    CREATE TABLE workspaces (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL,
      slug text NOT NULL UNIQUE,
      settings jsonb NOT NULL DEFAULT '{}',
      created_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE users (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      email text NOT NULL,
      name text,
      password_hash text,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX users_email_key ON users (lower(email));

    CREATE TABLE workspace_members (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      role text NOT NULL CHECK (role IN ('admin', 'marketer', 'sales')),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, user_id)
    );

    CREATE TABLE api_keys (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      name text NOT NULL,
      role text NOT NULL CHECK (role IN ('admin', 'marketer', 'sales')),
      prefix text NOT NULL,
      key_hash text NOT NULL UNIQUE,
      created_by uuid REFERENCES users(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_used_at timestamptz,
      revoked_at timestamptz
    );
    CREATE INDEX api_keys_workspace_idx ON api_keys (workspace_id);

    CREATE TABLE sessions (
      token_hash text PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL
    );

    CREATE TABLE accounts (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      name text NOT NULL,
      domain text,
      website text,
      industry text,
      employee_count integer CHECK (employee_count >= 0),
      annual_revenue numeric CHECK (annual_revenue >= 0),
      currency char(3),
      country text,
      region text,
      city text,
      technologies text[] NOT NULL DEFAULT '{}',
      parent_id uuid,
      owner_id uuid REFERENCES users(id) ON DELETE SET NULL,
      lifecycle text NOT NULL DEFAULT 'prospect' CHECK (lifecycle IN ('prospect', 'customer', 'churned')),
      is_target boolean NOT NULL DEFAULT false,
      tier smallint CHECK (tier BETWEEN 1 AND 3),
      salesforce_id text,
      hubspot_id text,
      external_ids jsonb NOT NULL DEFAULT '{}',
      custom jsonb NOT NULL DEFAULT '{}',
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, id),
      FOREIGN KEY (workspace_id, parent_id) REFERENCES accounts(workspace_id, id) ON DELETE SET NULL (parent_id)
    );
    CREATE UNIQUE INDEX accounts_salesforce_key ON accounts (workspace_id, salesforce_id) WHERE salesforce_id IS NOT NULL;
    CREATE UNIQUE INDEX accounts_hubspot_key ON accounts (workspace_id, hubspot_id) WHERE hubspot_id IS NOT NULL;
    CREATE INDEX accounts_name_idx ON accounts (workspace_id, lower(name), id);
    CREATE INDEX accounts_name_trgm_idx ON accounts USING gin (lower(name) gin_trgm_ops);
    CREATE INDEX accounts_updated_idx ON accounts (workspace_id, updated_at, id);
    CREATE INDEX accounts_parent_idx ON accounts (workspace_id, parent_id) WHERE parent_id IS NOT NULL;
    CREATE INDEX accounts_owner_idx ON accounts (workspace_id, owner_id, id);
    CREATE INDEX accounts_country_idx ON accounts (workspace_id, country, id);
    CREATE INDEX accounts_industry_idx ON accounts (workspace_id, industry, id);
    CREATE INDEX accounts_target_idx ON accounts (workspace_id, is_target, tier, id);
    CREATE INDEX accounts_employees_idx ON accounts (workspace_id, employee_count, id);
    CREATE INDEX accounts_revenue_idx ON accounts (workspace_id, annual_revenue, id);
    CREATE INDEX accounts_external_ids_idx ON accounts USING gin (external_ids jsonb_path_ops);

    -- Every domain of every account (the primary one too): the exact index lead matching starts from.
    CREATE TABLE account_domains (
      workspace_id uuid NOT NULL,
      account_id uuid NOT NULL,
      domain text NOT NULL,
      is_primary boolean NOT NULL DEFAULT false,
      PRIMARY KEY (workspace_id, account_id, domain),
      FOREIGN KEY (workspace_id, account_id) REFERENCES accounts(workspace_id, id) ON DELETE CASCADE
    );
    CREATE INDEX account_domains_domain_idx ON account_domains (workspace_id, domain);

    CREATE TABLE contacts (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      account_id uuid,
      email text,
      email_domain text,
      first_name text,
      last_name text,
      title text,
      phone text,
      country text,
      match_method text,
      match_confidence real CHECK (match_confidence BETWEEN 0 AND 1),
      unsubscribed boolean NOT NULL DEFAULT false,
      bounced boolean NOT NULL DEFAULT false,
      do_not_contact boolean NOT NULL DEFAULT false,
      consent_basis text CHECK (consent_basis IN ('consent', 'legitimate_interest', 'contract', 'none')),
      owner_id uuid REFERENCES users(id) ON DELETE SET NULL,
      salesforce_id text,
      hubspot_id text,
      external_ids jsonb NOT NULL DEFAULT '{}',
      custom jsonb NOT NULL DEFAULT '{}',
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, id),
      FOREIGN KEY (workspace_id, account_id) REFERENCES accounts(workspace_id, id) ON DELETE SET NULL (account_id)
    );
    CREATE UNIQUE INDEX contacts_email_key ON contacts (workspace_id, email) WHERE email IS NOT NULL;
    CREATE UNIQUE INDEX contacts_salesforce_key ON contacts (workspace_id, salesforce_id) WHERE salesforce_id IS NOT NULL;
    CREATE UNIQUE INDEX contacts_hubspot_key ON contacts (workspace_id, hubspot_id) WHERE hubspot_id IS NOT NULL;
    CREATE INDEX contacts_account_idx ON contacts (workspace_id, account_id, id);
    CREATE INDEX contacts_email_domain_idx ON contacts (workspace_id, email_domain);
    CREATE INDEX contacts_updated_idx ON contacts (workspace_id, updated_at, id);

    CREATE TABLE opportunities (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      account_id uuid,
      name text NOT NULL,
      stage text NOT NULL,
      amount numeric CHECK (amount >= 0),
      currency char(3),
      created_date date NOT NULL DEFAULT current_date,
      close_date date,
      is_closed boolean NOT NULL DEFAULT false,
      is_won boolean NOT NULL DEFAULT false,
      owner_id uuid REFERENCES users(id) ON DELETE SET NULL,
      salesforce_id text,
      hubspot_id text,
      external_ids jsonb NOT NULL DEFAULT '{}',
      custom jsonb NOT NULL DEFAULT '{}',
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, id),
      FOREIGN KEY (workspace_id, account_id) REFERENCES accounts(workspace_id, id) ON DELETE SET NULL (account_id),
      CHECK (NOT is_won OR is_closed)
    );
    CREATE UNIQUE INDEX opportunities_salesforce_key ON opportunities (workspace_id, salesforce_id) WHERE salesforce_id IS NOT NULL;
    CREATE UNIQUE INDEX opportunities_hubspot_key ON opportunities (workspace_id, hubspot_id) WHERE hubspot_id IS NOT NULL;
    CREATE INDEX opportunities_account_idx ON opportunities (workspace_id, account_id, id);
    CREATE INDEX opportunities_close_idx ON opportunities (workspace_id, close_date, id);

    -- Typed, timestamped events; the signals pipeline appends here. message_id de-duplicates ingestion.
    CREATE TABLE activities (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      id bigint GENERATED ALWAYS AS IDENTITY,
      account_id uuid,
      contact_id uuid,
      type text NOT NULL,
      occurred_at timestamptz NOT NULL,
      properties jsonb NOT NULL DEFAULT '{}',
      source text NOT NULL DEFAULT 'api',
      message_id text,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, id)
    );
    CREATE UNIQUE INDEX activities_message_key ON activities (workspace_id, message_id) WHERE message_id IS NOT NULL;
    CREATE INDEX activities_account_idx ON activities (workspace_id, account_id, occurred_at DESC) WHERE account_id IS NOT NULL;
    CREATE INDEX activities_contact_idx ON activities (workspace_id, contact_id, occurred_at DESC) WHERE contact_id IS NOT NULL;

    CREATE TABLE notes (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      account_id uuid NOT NULL,
      author_id uuid REFERENCES users(id) ON DELETE SET NULL,
      body text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, id),
      FOREIGN KEY (workspace_id, account_id) REFERENCES accounts(workspace_id, id) ON DELETE CASCADE
    );
    CREATE INDEX notes_account_idx ON notes (workspace_id, account_id, created_at DESC);

    CREATE TABLE audit_log (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      id bigint GENERATED ALWAYS AS IDENTITY,
      actor_type text NOT NULL CHECK (actor_type IN ('user', 'api_key', 'system')),
      actor_id text,
      action text NOT NULL,
      object_type text NOT NULL,
      object_id text,
      changes jsonb NOT NULL DEFAULT '{}',
      at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, id)
    );
    CREATE INDEX audit_log_object_idx ON audit_log (workspace_id, object_type, object_id, at DESC);

    CREATE TABLE imports (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      kind text NOT NULL,
      file_name text,
      status text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'done', 'failed')),
      dry_run boolean NOT NULL DEFAULT false,
      mapping jsonb NOT NULL DEFAULT '{}',
      rows_total integer NOT NULL DEFAULT 0,
      inserted integer NOT NULL DEFAULT 0,
      updated integer NOT NULL DEFAULT 0,
      unchanged integer NOT NULL DEFAULT 0,
      rejected integer NOT NULL DEFAULT 0,
      rejects_csv text,
      error text,
      started_by text,
      started_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz,
      PRIMARY KEY (workspace_id, id)
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TABLE IF EXISTS imports, audit_log, notes, activities, opportunities, contacts, account_domains,
      accounts, sessions, api_keys, workspace_members, users, workspaces CASCADE;
  `.execute(db);
}
