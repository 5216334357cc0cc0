import { type Kysely, sql } from 'kysely';

/**
 * Fit scores move off `accounts` into the narrow `account_fit` (one row per scored account). Scoring
 * a workspace rewrote every wide account row and its ~26 indexes; a fit row has two (the primary
 * key and the score), and unchanged rows are not written at all. Reasons are no longer stored: they are computed from the
 * stored model when one account is explained. Tier override, reason and cluster stay on accounts.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE account_fit (
      workspace_id uuid NOT NULL,
      account_id uuid NOT NULL,
      score smallint CHECK (score BETWEEN 0 AND 100),
      grade text CHECK (grade IN ('A', 'B', 'C', 'D')),
      rule_score smallint CHECK (rule_score BETWEEN 0 AND 100),
      rule_matched text[],
      probability real CHECK (probability BETWEEN 0 AND 1),
      model_version integer,
      scored_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, account_id),
      FOREIGN KEY (workspace_id, account_id) REFERENCES accounts(workspace_id, id) ON DELETE CASCADE
    ) WITH (fillfactor = 90);
    INSERT INTO account_fit (workspace_id, account_id, score, grade, rule_score, rule_matched, probability,
        model_version, scored_at)
      SELECT workspace_id, id, fit_score, fit_grade, fit_rule_score, fit_rule_matched, fit_probability,
        fit_model_version, coalesce(fit_scored_at, now())
      FROM accounts
      WHERE fit_score IS NOT NULL OR fit_rule_score IS NOT NULL OR fit_probability IS NOT NULL;
    -- Lists sort on it both ways, and filter grades as score ranges (a grade is a function of the
    -- score), so one index serves both; nulls are listed from accounts, after the scored rows.
    CREATE INDEX account_fit_score_idx ON account_fit (workspace_id, score, account_id);

    DROP INDEX IF EXISTS accounts_fit_score_idx;
    DROP INDEX IF EXISTS accounts_fit_score_asc_idx;
    DROP INDEX IF EXISTS accounts_fit_grade_idx;
    ALTER TABLE accounts
      DROP COLUMN fit_score, DROP COLUMN fit_grade, DROP COLUMN fit_rule_score, DROP COLUMN fit_rule_matched,
      DROP COLUMN fit_probability, DROP COLUMN fit_model_version, DROP COLUMN fit_reasons,
      DROP COLUMN fit_scored_at;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE accounts
      ADD COLUMN fit_score smallint CHECK (fit_score BETWEEN 0 AND 100),
      ADD COLUMN fit_grade char(1) CHECK (fit_grade IN ('A', 'B', 'C', 'D')),
      ADD COLUMN fit_rule_score smallint CHECK (fit_rule_score BETWEEN 0 AND 100),
      ADD COLUMN fit_rule_matched text[],
      ADD COLUMN fit_probability real CHECK (fit_probability BETWEEN 0 AND 1),
      ADD COLUMN fit_model_version integer,
      ADD COLUMN fit_reasons jsonb,
      ADD COLUMN fit_scored_at timestamptz;
    UPDATE accounts a SET fit_score = f.score, fit_grade = f.grade, fit_rule_score = f.rule_score,
        fit_rule_matched = f.rule_matched, fit_probability = f.probability, fit_model_version = f.model_version,
        fit_scored_at = f.scored_at
      FROM account_fit f WHERE f.workspace_id = a.workspace_id AND f.account_id = a.id;
    CREATE INDEX accounts_fit_score_idx ON accounts (workspace_id, fit_score DESC NULLS LAST, id DESC);
    CREATE INDEX accounts_fit_score_asc_idx ON accounts (workspace_id, fit_score, id);
    CREATE INDEX accounts_fit_grade_idx ON accounts (workspace_id, fit_grade, id);
    DROP TABLE account_fit;
  `.execute(db);
}
