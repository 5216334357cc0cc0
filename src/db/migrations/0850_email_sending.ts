import { type Kysely, sql } from 'kysely';

/**
 * E-mail sending (src/email): the workspace's SMTP and sending-policy settings (secrets sealed), one-off
 * sends (batches), the send log that is also the sender's queue (one row per recipient and send key,
 * claimed FOR UPDATE SKIP LOCKED), hashed address suppressions from bounces and complaints, and each
 * contact's topic preferences.
 */
export async function up<T>(db: Kysely<T>): Promise<void> {
  await sql`
    CREATE TABLE email_settings (
      workspace_id uuid PRIMARY KEY REFERENCES workspaces(id) ON DELETE CASCADE,
      config jsonb NOT NULL DEFAULT '{}',
      smtp_password text,
      dkim_private_key text,
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE email_batches (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      name text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('marketing', 'transactional', 'test')),
      topic text,
      send_key text NOT NULL,
      template_id text,
      content jsonb,
      audience jsonb NOT NULL DEFAULT '{}',
      created_by text,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, id)
    );
    CREATE TABLE email_sends (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      batch_id uuid NOT NULL,
      send_key text NOT NULL,
      recipient_hash text NOT NULL,
      email text,
      contact_id uuid,
      account_id uuid,
      kind text NOT NULL,
      topic text,
      status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'claimed', 'sending', 'sent',
        'uncertain', 'failed', 'refused', 'delivered', 'bounced', 'complained')),
      dry_run boolean NOT NULL DEFAULT false,
      attempts integer NOT NULL DEFAULT 0,
      due_at timestamptz NOT NULL DEFAULT now(),
      queued_at timestamptz NOT NULL DEFAULT now(),
      claimed_at timestamptz,
      claimed_by text,
      sent_at timestamptz,
      message_id text,
      smtp_response text,
      subject text,
      reason text,
      delivered_at timestamptz,
      opened_at timestamptz,
      clicked_at timestamptz,
      bounced_at timestamptz,
      bounce_type text,
      complained_at timestamptz,
      unsubscribed_at timestamptz,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, id),
      UNIQUE (workspace_id, send_key, recipient_hash),
      FOREIGN KEY (workspace_id, batch_id) REFERENCES email_batches (workspace_id, id) ON DELETE CASCADE
    );
    CREATE INDEX email_sends_due ON email_sends (due_at) WHERE status = 'queued';
    CREATE INDEX email_sends_in_flight ON email_sends (claimed_at) WHERE status IN ('claimed', 'sending');
    CREATE INDEX email_sends_batch ON email_sends (workspace_id, batch_id);
    CREATE INDEX email_sends_contact ON email_sends (workspace_id, contact_id, queued_at);
    CREATE INDEX email_sends_account ON email_sends (workspace_id, account_id, queued_at);
    CREATE INDEX email_sends_recipient ON email_sends (workspace_id, recipient_hash, queued_at);
    CREATE INDEX email_sends_message ON email_sends (workspace_id, message_id);
    CREATE TABLE email_suppressions (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      recipient_hash text NOT NULL CHECK (recipient_hash ~ '^[0-9a-f]{64}$'),
      reason text NOT NULL CHECK (reason IN ('hard_bounce', 'soft_bounces', 'complaint', 'manual')),
      detail text,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, recipient_hash)
    );
    CREATE TABLE email_preferences (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      contact_id uuid NOT NULL,
      topics_off text[] NOT NULL DEFAULT '{}',
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, contact_id),
      FOREIGN KEY (workspace_id, contact_id) REFERENCES contacts (workspace_id, id) ON DELETE CASCADE
    );
  `.execute(db);
}

export async function down<T>(db: Kysely<T>): Promise<void> {
  await sql`
    DROP TABLE IF EXISTS email_preferences, email_suppressions, email_sends, email_batches, email_settings;
  `.execute(db);
}
