import { type Kysely, sql } from 'kysely';

/**
 * Segments: dynamic (a rule tree over fields, signals, behaviour and relations) or static (members
 * added by API or CSV), of accounts or of people (contacts).
 *
 * Membership is kept as stints: one row per (segment, member, entry), `exited_at` null while the
 * member is in; a partial unique index keys the current members by (workspace_id, segment_id,
 * member_id). Members carry no foreign key (a member is an account or a contact, by the segment's
 * kind): readers join the live records, and erasure removes a person's rows.
 *
 * `segment_due` holds, per segment and member, the next time a time-window condition can change its
 * value (an activity leaving "the last 14 days", a decaying score crossing a threshold); the expiry
 * sweep re-evaluates only those, so no segment is rescanned on a timer. Segments whose rule reads
 * "this week" (surge, momentum) are rebuilt after each week boundary (`next_rebuild_at`).
 *
 * `segment_person_accounts` remembers each person's account as segments last saw it, so a person
 * who moves touches the account they left (its "people" conditions change too). No foreign key:
 * a deleted person's row is read once more (their old account is re-evaluated) and then removed.
 *
 * A BRIN index on activities.occurred_at lets a full evaluation read only the window's activities;
 * it is a few pages and costs inserts almost nothing (rows arrive roughly in time order).
 */
export async function up<T>(db: Kysely<T>): Promise<void> {
  await sql`
    CREATE TABLE segments (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      description text NOT NULL DEFAULT '',
      kind text NOT NULL CHECK (kind IN ('account', 'contact')),
      type text NOT NULL CHECK (type IN ('dynamic', 'static')),
      rule jsonb,
      source_view_id uuid,
      created_by text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      rebuilt_at timestamptz,
      next_rebuild_at timestamptz,
      PRIMARY KEY (workspace_id, id),
      CHECK ((type = 'dynamic') = (rule IS NOT NULL))
    );
    CREATE UNIQUE INDEX segments_name_key ON segments (workspace_id, lower(name));
    CREATE INDEX segments_rebuild_idx ON segments (next_rebuild_at) WHERE next_rebuild_at IS NOT NULL;

    CREATE TABLE segment_memberships (
      workspace_id uuid NOT NULL,
      segment_id uuid NOT NULL,
      member_id uuid NOT NULL,
      entered_at timestamptz NOT NULL,
      exited_at timestamptz,
      entry_reason text NOT NULL,
      exit_reason text,
      PRIMARY KEY (workspace_id, segment_id, member_id, entered_at),
      FOREIGN KEY (workspace_id, segment_id) REFERENCES segments(workspace_id, id) ON DELETE CASCADE,
      CHECK (exited_at IS NULL OR exited_at >= entered_at)
    );
    CREATE UNIQUE INDEX segment_memberships_current_key ON segment_memberships (workspace_id, segment_id, member_id)
      WHERE exited_at IS NULL;
    CREATE INDEX segment_memberships_member_idx ON segment_memberships (workspace_id, member_id)
      WHERE exited_at IS NULL;
    CREATE INDEX segment_memberships_exited_idx ON segment_memberships (workspace_id, segment_id, exited_at)
      WHERE exited_at IS NOT NULL;

    CREATE TABLE segment_due (
      workspace_id uuid NOT NULL,
      segment_id uuid NOT NULL,
      member_id uuid NOT NULL,
      due_at timestamptz NOT NULL,
      PRIMARY KEY (workspace_id, segment_id, member_id),
      FOREIGN KEY (workspace_id, segment_id) REFERENCES segments(workspace_id, id) ON DELETE CASCADE
    );
    CREATE INDEX segment_due_at_idx ON segment_due (due_at);

    -- The account each person had when segments last looked: a person who moves (or is deleted)
    -- touches the account they left as well as the one they joined.
    CREATE TABLE segment_person_accounts (
      workspace_id uuid NOT NULL,
      contact_id uuid NOT NULL,
      account_id uuid NOT NULL,
      PRIMARY KEY (workspace_id, contact_id)
    );
    INSERT INTO segment_person_accounts (workspace_id, contact_id, account_id)
      SELECT workspace_id, id, account_id FROM contacts WHERE account_id IS NOT NULL;

    CREATE INDEX activities_occurred_brin ON activities USING brin (occurred_at);
  `.execute(db);
}

export async function down<T>(db: Kysely<T>): Promise<void> {
  await sql`
    DROP INDEX IF EXISTS activities_occurred_brin;
    DROP TABLE IF EXISTS segment_person_accounts, segment_due, segment_memberships, segments;
  `.execute(db);
}
