import { type Kysely, sql } from 'kysely';

/**
 * Owner routing (src/routing) and sales alerts (src/alerts). Routing rules assign owners to unowned
 * accounts in priority order (territory, tier, named accounts, round robin with a capacity, a
 * fallback); every assignment — of an account by a rule, of a contact to its account's owner — is a
 * routing_decisions row saying why. Alerts are raised from the signal_events outbox and the
 * activities (cursors in alert_cursors), throttled per (owner, account, kind) in alert_throttle,
 * shown in the owner's inbox (owner_tasks), gathered into e-mail digests (digested_at) and posted to
 * Slack-compatible webhooks (alert_webhooks; one alert_deliveries row per post, retried with back-off).
 */
export async function up<T>(db: Kysely<T>): Promise<void> {
  await sql`
    CREATE TABLE routing_rules (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      name text NOT NULL,
      priority int NOT NULL,
      active boolean NOT NULL DEFAULT true,
      match jsonb NOT NULL DEFAULT '{}',
      assign jsonb NOT NULL,
      rr_position int NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, id)
    );
    CREATE UNIQUE INDEX routing_rules_name_key ON routing_rules (workspace_id, lower(name));

    CREATE TABLE routing_decisions (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      id bigint GENERATED ALWAYS AS IDENTITY,
      account_id uuid NOT NULL,
      contact_id uuid,
      rule_id uuid,
      rule_name text,
      previous_owner_id uuid,
      owner_id uuid,
      reason text NOT NULL,
      trigger text NOT NULL,
      at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, id),
      FOREIGN KEY (workspace_id, account_id) REFERENCES accounts(workspace_id, id) ON DELETE CASCADE
    );
    CREATE INDEX routing_decisions_account_idx ON routing_decisions (workspace_id, account_id, id DESC);

    CREATE TABLE alert_cursors (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      source text NOT NULL,
      position bigint NOT NULL DEFAULT 0,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, source)
    );

    CREATE TABLE alert_preferences (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      kinds text[] NOT NULL,
      inbox boolean NOT NULL DEFAULT true,
      digest text NOT NULL DEFAULT 'daily' CHECK (digest IN ('off', 'hourly', 'daily')),
      throttle_hours int NOT NULL DEFAULT 24,
      last_digest_at timestamptz,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, user_id)
    );

    CREATE TABLE alert_throttle (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      owner_id uuid NOT NULL,
      account_id uuid NOT NULL,
      kind text NOT NULL,
      last_at timestamptz NOT NULL,
      PRIMARY KEY (workspace_id, owner_id, account_id, kind)
    );

    CREATE TABLE sales_alerts (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      kind text NOT NULL,
      account_id uuid NOT NULL,
      owner_id uuid REFERENCES users(id) ON DELETE SET NULL,
      contact_id uuid,
      title text NOT NULL,
      reason text NOT NULL,
      link text NOT NULL,
      source text NOT NULL,
      task_id uuid,
      digested_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, id),
      FOREIGN KEY (workspace_id, account_id) REFERENCES accounts(workspace_id, id) ON DELETE CASCADE
    );
    CREATE INDEX sales_alerts_owner_idx ON sales_alerts (workspace_id, owner_id, created_at DESC);
    CREATE INDEX sales_alerts_digest_idx ON sales_alerts (workspace_id, owner_id) WHERE digested_at IS NULL;

    CREATE TABLE alert_webhooks (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      user_id uuid REFERENCES users(id) ON DELETE CASCADE,
      name text NOT NULL,
      url_sealed text NOT NULL,
      url_hint text NOT NULL,
      kinds text[] NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, id)
    );

    CREATE TABLE alert_deliveries (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      id bigint GENERATED ALWAYS AS IDENTITY,
      alert_id uuid NOT NULL,
      webhook_id uuid NOT NULL,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
      attempts int NOT NULL DEFAULT 0,
      next_at timestamptz NOT NULL DEFAULT now(),
      last_error text,
      delivered_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, id),
      UNIQUE (workspace_id, alert_id, webhook_id),
      FOREIGN KEY (workspace_id, alert_id) REFERENCES sales_alerts(workspace_id, id) ON DELETE CASCADE,
      FOREIGN KEY (workspace_id, webhook_id) REFERENCES alert_webhooks(workspace_id, id) ON DELETE CASCADE
    );
    CREATE INDEX alert_deliveries_due_idx ON alert_deliveries (next_at) WHERE status = 'pending';
  `.execute(db);
}

export async function down<T>(db: Kysely<T>): Promise<void> {
  await sql`DROP TABLE IF EXISTS alert_deliveries, alert_webhooks, sales_alerts, alert_throttle, alert_preferences,
    alert_cursors, routing_decisions, routing_rules CASCADE`.execute(db);
}
