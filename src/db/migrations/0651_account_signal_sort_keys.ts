import { type Kysely, sql } from 'kysely';

/**
 * Account list sorting and filtering by engagement, momentum, last activity and stage at 1M accounts.
 *
 * - `account_engagement.score_key`: ln(score) + days(as_of) · ln 2 / half-life. The decayed score
 *   read now is score · 2^(−(now − as_of)/h), whose logarithm is score_key − days(now) · ln 2 / h:
 *   the same offset for every account of a workspace, so ordering by score_key orders by the current
 *   decayed score, and `engagementScore ≥ x` is `score_key ≥ ln x + days(now) · ln 2 / h` — an index
 *   range that never needs rewriting as time passes. Null when the score is not positive.
 * - `account_engagement.momentum` / `momentum_week`: the lift of the week starting `momentum_week`
 *   against the mean of its prior 3 weeks (see src/signals/momentum.ts).
 * - `account_stages.position`: the stage's position in the workspace's stage model, so stages sort
 *   in journey order rather than alphabetically.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE account_engagement
      ADD COLUMN score_key float8,
      ADD COLUMN momentum float8,
      ADD COLUMN momentum_week date;
    UPDATE account_engagement e SET score_key = ln(e.score)
        + extract(epoch FROM e.as_of) / 86400.0 * ln(2::float8) / s.half_life_days
      FROM signal_settings s
      WHERE s.workspace_id = e.workspace_id AND e.score > 0;
    CREATE INDEX account_engagement_score_key_idx ON account_engagement (workspace_id, score_key, account_id);
    CREATE INDEX account_engagement_momentum_idx ON account_engagement (workspace_id, momentum, account_id);
    CREATE INDEX account_engagement_last_activity_idx
      ON account_engagement (workspace_id, last_activity_at, account_id);

    ALTER TABLE account_stages ADD COLUMN position integer;
    UPDATE account_stages a SET position = j.position
      FROM journey_stages j WHERE j.workspace_id = a.workspace_id AND j.key = a.stage;
    CREATE INDEX account_stages_position_idx ON account_stages (workspace_id, position, account_id);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP INDEX IF EXISTS account_stages_position_idx;
    ALTER TABLE account_stages DROP COLUMN IF EXISTS position;
    DROP INDEX IF EXISTS account_engagement_last_activity_idx;
    DROP INDEX IF EXISTS account_engagement_momentum_idx;
    DROP INDEX IF EXISTS account_engagement_score_key_idx;
    ALTER TABLE account_engagement
      DROP COLUMN IF EXISTS momentum_week,
      DROP COLUMN IF EXISTS momentum,
      DROP COLUMN IF EXISTS score_key;
  `.execute(db);
}
