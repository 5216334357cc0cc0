import { type Kysely, sql } from 'kysely';

/**
 * Choosing target accounts: fit scores on accounts (ICP rule score, model probability, grade,
 * reasons), the workspace's ICP profile, versioned fit models, tier settings and Tier 2 clusters,
 * and target account lists per planning period with their members and approvals.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE accounts
      ADD COLUMN fit_score smallint CHECK (fit_score BETWEEN 0 AND 100),
      ADD COLUMN fit_grade char(1) CHECK (fit_grade IN ('A', 'B', 'C', 'D')),
      ADD COLUMN fit_rule_score smallint CHECK (fit_rule_score BETWEEN 0 AND 100),
      ADD COLUMN fit_rule_matched text[],
      ADD COLUMN fit_probability real CHECK (fit_probability BETWEEN 0 AND 1),
      ADD COLUMN fit_model_version integer,
      ADD COLUMN fit_reasons jsonb,
      ADD COLUMN fit_scored_at timestamptz,
      ADD COLUMN tier_override smallint CHECK (tier_override BETWEEN 1 AND 3),
      ADD COLUMN tier_reason text,
      ADD COLUMN tier_cluster integer;
    CREATE INDEX accounts_fit_score_idx ON accounts (workspace_id, fit_score DESC NULLS LAST, id DESC);
    CREATE INDEX accounts_fit_probability_idx ON accounts (workspace_id, fit_probability DESC NULLS LAST, id DESC);
    CREATE INDEX accounts_fit_grade_idx ON accounts (workspace_id, fit_grade, id);

    -- One ideal customer profile per workspace: weighted criteria on account fields.
    CREATE TABLE icp_profiles (
      workspace_id uuid PRIMARY KEY REFERENCES workspaces(id) ON DELETE CASCADE,
      name text NOT NULL DEFAULT 'Ideal customer profile',
      criteria jsonb NOT NULL DEFAULT '[]',
      updated_by uuid REFERENCES users(id) ON DELETE SET NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    );

    -- Every trained predictive fit model; the newest 'active' one scores accounts.
    CREATE TABLE fit_models (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      version integer NOT NULL,
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'retired')),
      trained_at timestamptz NOT NULL DEFAULT now(),
      trained_by uuid REFERENCES users(id) ON DELETE SET NULL,
      options jsonb NOT NULL DEFAULT '{}',
      metrics jsonb NOT NULL,
      feature_spec jsonb NOT NULL,
      coefficients jsonb NOT NULL,
      score_quantiles jsonb NOT NULL DEFAULT '[]',
      PRIMARY KEY (workspace_id, version)
    );
    CREATE UNIQUE INDEX fit_models_active_key ON fit_models (workspace_id) WHERE status = 'active';

    -- Tier rules (thresholds, capacity per owner) per workspace.
    CREATE TABLE tier_settings (
      workspace_id uuid PRIMARY KEY REFERENCES workspaces(id) ON DELETE CASCADE,
      rules jsonb NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    );

    -- Proposed Tier 2 clusters: similar accounts that can share content.
    CREATE TABLE tier_clusters (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      id integer NOT NULL,
      label text NOT NULL,
      size integer NOT NULL,
      dominant_features jsonb NOT NULL DEFAULT '[]',
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, id)
    );

    -- Target account lists per planning period (e.g. 2027-Q1); never deleted, archived when superseded.
    CREATE TABLE target_lists (
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      period text NOT NULL,
      name text NOT NULL,
      status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'approved', 'active', 'archived')),
      created_by uuid REFERENCES users(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      activated_at timestamptz,
      archived_at timestamptz,
      PRIMARY KEY (workspace_id, id)
    );
    CREATE UNIQUE INDEX target_lists_active_key ON target_lists (workspace_id) WHERE status = 'active';
    CREATE INDEX target_lists_period_idx ON target_lists (workspace_id, period, created_at);

    CREATE TABLE target_list_members (
      workspace_id uuid NOT NULL,
      list_id uuid NOT NULL,
      account_id uuid NOT NULL,
      tier smallint NOT NULL CHECK (tier BETWEEN 1 AND 3),
      reason text,
      PRIMARY KEY (workspace_id, list_id, account_id),
      FOREIGN KEY (workspace_id, list_id) REFERENCES target_lists(workspace_id, id) ON DELETE CASCADE,
      FOREIGN KEY (workspace_id, account_id) REFERENCES accounts(workspace_id, id) ON DELETE CASCADE
    );
    CREATE INDEX target_list_members_account_idx ON target_list_members (workspace_id, account_id);

    -- Sign-offs: marketing and sales must both approve before a list can be activated.
    CREATE TABLE target_list_approvals (
      workspace_id uuid NOT NULL,
      list_id uuid NOT NULL,
      side text NOT NULL CHECK (side IN ('marketing', 'sales')),
      actor_type text NOT NULL,
      actor_id text,
      comment text,
      approved_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, list_id, side),
      FOREIGN KEY (workspace_id, list_id) REFERENCES target_lists(workspace_id, id) ON DELETE CASCADE
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TABLE IF EXISTS target_list_approvals, target_list_members, target_lists, tier_clusters, tier_settings,
      fit_models, icp_profiles;
    ALTER TABLE accounts
      DROP COLUMN IF EXISTS fit_score, DROP COLUMN IF EXISTS fit_grade, DROP COLUMN IF EXISTS fit_rule_score,
      DROP COLUMN IF EXISTS fit_rule_matched, DROP COLUMN IF EXISTS fit_probability,
      DROP COLUMN IF EXISTS fit_model_version, DROP COLUMN IF EXISTS fit_reasons, DROP COLUMN IF EXISTS fit_scored_at,
      DROP COLUMN IF EXISTS tier_override, DROP COLUMN IF EXISTS tier_reason, DROP COLUMN IF EXISTS tier_cluster;
  `.execute(db);
}
