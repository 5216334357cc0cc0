import { type Kysely, sql } from 'kysely';

/**
 * Signals: activity weights, decayed engagement scores (per contact, account and persona), weekly
 * activity buckets, intent topics and surges, journey stages with their history and an outbox of
 * internal events, and reverse-IP ranges.
 *
 * Scores are stored as (score, as_of): the decayed value at `as_of`; read as
 * score × 2^(−(now − as_of) / half-life). Adding an event is O(1) per key.
 *
 * The high-volume derived tables (contact scores, persona scores, weekly buckets, topic weeks) carry
 * no foreign key to contacts/accounts: a per-row RI check would dominate a full recompute (millions
 * of bucket rows). They are always read joined from their account, and a recompute rebuilds them, so
 * rows of deleted accounts or contacts are inert until then.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE signal_settings (
      workspace_id uuid PRIMARY KEY REFERENCES workspaces(id) ON DELETE CASCADE,
      half_life_days float8 NOT NULL DEFAULT 30 CHECK (half_life_days > 0),
      seniority_multipliers jsonb NOT NULL DEFAULT '{"c_level":2,"vp":1.5,"director":1.25,"manager":1,"other":0.5}',
      tier_multipliers jsonb NOT NULL DEFAULT '{}',
      key_page_patterns text[] NOT NULL DEFAULT '{}',
      key_page_regex text,
      updated_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE activity_weights (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      activity_type text NOT NULL,
      points float8 NOT NULL,
      per_minute boolean NOT NULL DEFAULT false,
      PRIMARY KEY (workspace_id, activity_type)
    );

    CREATE TABLE contact_engagement (
      workspace_id uuid NOT NULL,
      contact_id uuid NOT NULL,
      account_id uuid,
      score float8 NOT NULL,
      as_of timestamptz NOT NULL,
      last_activity_at timestamptz,
      last_engaged_at timestamptz,
      PRIMARY KEY (workspace_id, contact_id)
    );

    CREATE TABLE account_engagement (
      workspace_id uuid NOT NULL,
      account_id uuid NOT NULL,
      score float8 NOT NULL,
      as_of timestamptz NOT NULL,
      last_activity_at timestamptz,
      PRIMARY KEY (workspace_id, account_id),
      FOREIGN KEY (workspace_id, account_id) REFERENCES accounts(workspace_id, id) ON DELETE CASCADE
    );

    CREATE TABLE account_persona_engagement (
      workspace_id uuid NOT NULL,
      account_id uuid NOT NULL,
      persona_key text NOT NULL,
      score float8 NOT NULL,
      as_of timestamptz NOT NULL,
      last_activity_at timestamptz,
      PRIMARY KEY (workspace_id, account_id, persona_key)
    );

    CREATE TABLE account_weekly_activity (
      workspace_id uuid NOT NULL,
      account_id uuid NOT NULL,
      week_start date NOT NULL,
      points float8 NOT NULL DEFAULT 0,
      events integer NOT NULL DEFAULT 0,
      PRIMARY KEY (workspace_id, account_id, week_start)
    );

    CREATE TABLE intent_topics (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      name text NOT NULL,
      url_patterns text[] NOT NULL DEFAULT '{}',
      tags text[] NOT NULL DEFAULT '{}',
      keywords text[] NOT NULL DEFAULT '{}',
      url_regex text,
      keyword_regex text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, id)
    );
    CREATE UNIQUE INDEX intent_topics_name_key ON intent_topics (workspace_id, lower(name));

    CREATE TABLE account_topic_weekly (
      workspace_id uuid NOT NULL,
      account_id uuid NOT NULL,
      topic_id uuid NOT NULL,
      week_start date NOT NULL,
      events integer NOT NULL DEFAULT 0,
      third_party_score float8,
      PRIMARY KEY (workspace_id, account_id, topic_id, week_start),
      FOREIGN KEY (workspace_id, topic_id) REFERENCES intent_topics(workspace_id, id) ON DELETE CASCADE
    );
    CREATE INDEX account_topic_weekly_week_idx ON account_topic_weekly (workspace_id, week_start);

    CREATE TABLE journey_stages (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      key text NOT NULL,
      position integer NOT NULL,
      name text NOT NULL,
      conditions jsonb NOT NULL DEFAULT '[]',
      PRIMARY KEY (workspace_id, key),
      UNIQUE (workspace_id, position)
    );

    CREATE TABLE account_stages (
      workspace_id uuid NOT NULL,
      account_id uuid NOT NULL,
      stage text NOT NULL,
      since timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, account_id),
      FOREIGN KEY (workspace_id, account_id) REFERENCES accounts(workspace_id, id) ON DELETE CASCADE
    );
    CREATE INDEX account_stages_stage_idx ON account_stages (workspace_id, stage, since);

    CREATE TABLE account_stage_history (
      workspace_id uuid NOT NULL,
      id bigint GENERATED ALWAYS AS IDENTITY,
      account_id uuid NOT NULL,
      from_stage text NOT NULL,
      to_stage text NOT NULL,
      at timestamptz NOT NULL DEFAULT now(),
      reason text NOT NULL DEFAULT 'activity',
      PRIMARY KEY (workspace_id, id),
      FOREIGN KEY (workspace_id, account_id) REFERENCES accounts(workspace_id, id) ON DELETE CASCADE
    );
    CREATE INDEX account_stage_history_account_idx ON account_stage_history (workspace_id, account_id, at DESC);
    CREATE INDEX account_stage_history_at_idx ON account_stage_history (workspace_id, at);

    -- Outbox of internal events (stage_changed, …) that plays and alerts consume in id order.
    CREATE TABLE signal_events (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      id bigint GENERATED ALWAYS AS IDENTITY,
      type text NOT NULL,
      account_id uuid,
      payload jsonb NOT NULL DEFAULT '{}',
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, id)
    );
    CREATE INDEX signal_events_type_idx ON signal_events (workspace_id, type, id);

    CREATE TABLE ip_ranges (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      id bigint GENERATED ALWAYS AS IDENTITY,
      family smallint NOT NULL CHECK (family IN (4, 6)),
      range_start inet NOT NULL,
      range_end inet NOT NULL,
      account_id uuid,
      domain text,
      confidence real NOT NULL DEFAULT 0.8 CHECK (confidence BETWEEN 0 AND 1),
      excluded boolean NOT NULL DEFAULT false,
      asn bigint,
      country text,
      label text,
      source text NOT NULL DEFAULT 'csv',
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, id),
      CHECK (range_start <= range_end),
      FOREIGN KEY (workspace_id, account_id) REFERENCES accounts(workspace_id, id) ON DELETE CASCADE
    );
    CREATE INDEX ip_ranges_start_idx ON ip_ranges (workspace_id, range_start);

    -- Bumped on every change to a workspace's ranges; processes compare it to their cached index.
    CREATE TABLE ip_range_versions (
      workspace_id uuid PRIMARY KEY REFERENCES workspaces(id) ON DELETE CASCADE,
      version bigint NOT NULL DEFAULT 1
    );

    -- Poisson–Gamma surge test: P(X >= x) for this week's count x given the counts of the prior
    -- weeks (sum s over n weeks), with a Gamma(shape a0, rate b0) prior on the weekly rate. The
    -- posterior predictive of one week is Negative Binomial(r = a0 + s, p = (b0 + n) / (b0 + n + 1)).
    CREATE FUNCTION signals_surge_tail(x float8, s float8, n float8, a0 float8, b0 float8)
    RETURNS float8 LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $fn$
    DECLARE
      r float8 := a0 + greatest(s, 0);
      b float8 := b0 + n;
      q float8 := 1 / (b + 1);
      p float8;
      cdf float8 := 0;
      k integer := 0;
      m float8;
      sd float8;
      z float8;
      t float8;
      e float8;
    BEGIN
      IF x IS NULL OR x <= 0 THEN RETURN 1; END IF;
      m := r / b;
      sd := sqrt(r * (b + 1)) / b;
      IF x > 2000 THEN
        -- Normal approximation with continuity correction for very large counts
        -- (erfc by Abramowitz & Stegun 7.1.26).
        z := ((x - 0.5) - m) / sd;
        t := 1 / (1 + 0.3275911 * abs(z) / sqrt(2));
        e := t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
          * exp(-(z * z) / 2);
        RETURN CASE WHEN z >= 0 THEN 0.5 * e ELSE 1 - 0.5 * e END;
      END IF;
      p := exp(r * ln(b / (b + 1)));
      WHILE k < x LOOP
        cdf := cdf + p;
        p := p * (r + k) / (k + 1) * q;
        k := k + 1;
      END LOOP;
      RETURN greatest(0, 1 - cdf);
    END
    $fn$;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP FUNCTION IF EXISTS signals_surge_tail(float8, float8, float8, float8, float8);
    DROP TABLE IF EXISTS ip_range_versions, ip_ranges, signal_events, account_stage_history, account_stages,
      journey_stages, account_topic_weekly, intent_topics, account_weekly_activity, account_persona_engagement,
      account_engagement, contact_engagement, activity_weights, signal_settings CASCADE;
  `.execute(db);
}
