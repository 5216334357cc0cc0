import { type Kysely, sql } from 'kysely';

/**
 * Measurement (src/reports): per-period account facts behind the scorecard (a rebuildable snapshot,
 * refreshed per period and stamped in `report_runs`), attribution touches with each model's share per
 * opportunity, attribution settings, marketing costs (entered or imported from ad platforms' reports),
 * period goals and the retrospective notes of both teams.
 */
export async function up<T>(db: Kysely<T>): Promise<void> {
  await sql`
    CREATE TABLE report_runs (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      kind text NOT NULL CHECK (kind IN ('facts', 'attribution')),
      period text NOT NULL,
      computed_at timestamptz NOT NULL DEFAULT now(),
      rows integer NOT NULL DEFAULT 0,
      settings jsonb NOT NULL DEFAULT '{}',
      PRIMARY KEY (workspace_id, kind, period)
    );

    -- One row per account and period; no foreign key: a snapshot, rebuilt by a refresh.
    CREATE TABLE report_account_periods (
      workspace_id uuid NOT NULL,
      period text NOT NULL,
      account_id uuid NOT NULL,
      is_target boolean NOT NULL,
      tier smallint,
      touches integer NOT NULL DEFAULT 0,
      people integer NOT NULL DEFAULT 0,
      points real NOT NULL DEFAULT 0,
      first_touch_at timestamptz,
      stage_start smallint,
      stage_max smallint,
      stage_end smallint,
      contacts_start integer NOT NULL DEFAULT 0,
      contacts_end integer NOT NULL DEFAULT 0,
      roles_start smallint NOT NULL DEFAULT 0,
      roles_end smallint NOT NULL DEFAULT 0,
      had_open_opportunity boolean NOT NULL DEFAULT false,
      opps_created integer NOT NULL DEFAULT 0,
      pipeline_created numeric NOT NULL DEFAULT 0,
      touch_to_opp_days real,
      touch_to_opp_count integer NOT NULL DEFAULT 0,
      opps_closed integer NOT NULL DEFAULT 0,
      opps_won integer NOT NULL DEFAULT 0,
      won_amount numeric NOT NULL DEFAULT 0,
      cycle_days integer NOT NULL DEFAULT 0,
      PRIMARY KEY (workspace_id, period, account_id)
    );

    CREATE TABLE attribution_settings (
      workspace_id uuid PRIMARY KEY REFERENCES workspaces(id) ON DELETE CASCADE,
      half_life_days real NOT NULL DEFAULT 7 CHECK (half_life_days > 0),
      lookback_days integer NOT NULL DEFAULT 180 CHECK (lookback_days BETWEEN 1 AND 1095),
      updated_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE attribution_touches (
      workspace_id uuid NOT NULL,
      opportunity_id uuid NOT NULL,
      position integer NOT NULL,
      activity_id bigint NOT NULL,
      account_id uuid NOT NULL,
      occurred_at timestamptz NOT NULL,
      kind text NOT NULL CHECK (kind IN ('sourced', 'influenced')),
      activity_type text NOT NULL,
      channel text NOT NULL,
      campaign text,
      play text,
      asset text,
      event text,
      first_touch double precision NOT NULL,
      last_touch double precision NOT NULL,
      linear double precision NOT NULL,
      u_shaped double precision NOT NULL,
      w_shaped double precision NOT NULL,
      time_decay double precision NOT NULL,
      PRIMARY KEY (workspace_id, opportunity_id, position),
      FOREIGN KEY (workspace_id, opportunity_id) REFERENCES opportunities(workspace_id, id) ON DELETE CASCADE
    );

    CREATE TABLE marketing_costs (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      starts_on date NOT NULL,
      ends_on date NOT NULL,
      channel text NOT NULL,
      campaign text,
      play text,
      event text,
      amount numeric NOT NULL CHECK (amount >= 0),
      currency char(3),
      source text NOT NULL DEFAULT 'manual',
      external_key text,
      note text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, id),
      CHECK (ends_on >= starts_on)
    );
    CREATE UNIQUE INDEX marketing_costs_external_key ON marketing_costs (workspace_id, source, external_key)
      WHERE external_key IS NOT NULL;
    CREATE INDEX marketing_costs_dates_idx ON marketing_costs (workspace_id, starts_on, ends_on);

    CREATE TABLE report_goals (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      period text NOT NULL,
      segment text NOT NULL,
      metric text NOT NULL,
      target double precision NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, period, segment, metric)
    );

    CREATE TABLE report_notes (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      period text NOT NULL,
      team text NOT NULL CHECK (team IN ('sales', 'marketing')),
      kind text NOT NULL CHECK (kind IN ('heard', 'change', 'worked', 'other')),
      body text NOT NULL,
      author_id uuid REFERENCES users(id) ON DELETE SET NULL,
      author_actor text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, id)
    );
    CREATE INDEX report_notes_period_idx ON report_notes (workspace_id, period, created_at);
  `.execute(db);
}

export async function down<T>(db: Kysely<T>): Promise<void> {
  await sql`
    DROP TABLE IF EXISTS report_notes, report_goals, marketing_costs, attribution_touches, attribution_settings,
      report_account_periods, report_runs;
  `.execute(db);
}
